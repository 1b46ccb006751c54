package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/calibration/ensemble"
	"github.com/joinedup/joinedup/model"
)

// writeEnsemble writes the embedded ensemble, changed by edit, to a file
// in dir and returns its path.
func writeEnsemble(t *testing.T, dir string, edit func(m map[string]any)) string {
	t.Helper()
	e, err := ensemble.DefaultFile()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "ensemble.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// manifestParams returns what manifest.json in dir records of the
// parameters: "ensemble" or "fixed", and the ensemble's source.
func manifestParams(t *testing.T, dir string) (string, string) {
	t.Helper()
	var m struct {
		Experiment struct {
			Params   string `json:"params"`
			Ensemble *struct {
				Source string `json:"source"`
			} `json:"ensemble"`
		} `json:"experiment"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	src := ""
	if m.Experiment.Ensemble != nil {
		src = m.Experiment.Ensemble.Source
	}
	return m.Experiment.Params, src
}

// TestParameterDraws checks where a run's parameters come from: by
// default the embedded ensemble (said under the table and in the
// manifest); -fixed-params the parameter table, giving the same data as an
// ensemble whose one set is the table's values; and that drawing changes
// the outcomes.
func TestParameterDraws(t *testing.T) {
	tmp := t.TempDir()
	run := func(name string, extra ...string) (string, string) {
		t.Helper()
		dir := filepath.Join(tmp, name)
		args := append(append([]string{"run", "sedgefield"}, small...), append(extra, "-o", dir)...)
		code, stdout, stderr := joinedup(t, args...)
		if code != exitOK {
			t.Fatalf("%s: exit %d, stderr:\n%s", name, code, stderr)
		}
		return dir, stdout
	}
	drawn, out := run("drawn")
	if p, src := manifestParams(t, drawn); p != "ensemble" || src != ensemble.DefaultSource {
		t.Errorf("default run: manifest params %q from %q, want ensemble from %q", p, src, ensemble.DefaultSource)
	}
	if !strings.Contains(out, "each replicate drew turnover") || !strings.Contains(out, "-fixed-params") {
		t.Errorf("the table does not say where the parameters came from:\n%s", out)
	}
	draws := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(drawn, "draws.csv")))), "\n")
	if len(draws) != 5 || !strings.HasPrefix(draws[0], "point,replicate,set,turnover,vacancy_weeks") {
		t.Errorf("draws.csv of 4 replicates:\n%s", strings.Join(draws, "\n"))
	}
	fixed, out := run("fixed", "-fixed-params")
	if _, err := os.Stat(filepath.Join(fixed, "draws.csv")); err == nil {
		t.Error("-fixed-params wrote draws.csv")
	}
	if p, src := manifestParams(t, fixed); p != "fixed" || src != "" {
		t.Errorf("-fixed-params: manifest params %q from %q, want fixed", p, src)
	}
	if !strings.Contains(out, "the parameter table's values in every replicate") {
		t.Errorf("the table does not say the parameters were fixed:\n%s", out)
	}
	// An ensemble of one set, the table's values, runs as -fixed-params.
	def := model.DefaultParams()
	one := writeEnsemble(t, tmp, func(m map[string]any) {
		var set []any
		for _, p := range m["priors"].([]any) {
			v, _ := def.Get(p.(map[string]any)["Name"].(string))
			set = append(set, v)
		}
		m["particles"] = []any{set}
		m["weights"] = []any{1.0}
		m["distances"] = []any{0.0}
	})
	table, _ := run("table", "-ensemble", one)
	if p, src := manifestParams(t, table); p != "ensemble" || src != one {
		t.Errorf("-ensemble: manifest params %q from %q, want ensemble from %q", p, src, one)
	}
	for _, f := range []string{"tidy.csv", "summary.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(fixed, f)), readFile(t, filepath.Join(table, f))) {
			t.Errorf("%s: -fixed-params and an ensemble of the table's values differ", f)
		}
	}
	if bytes.Equal(readFile(t, filepath.Join(fixed, "tidy.csv")), readFile(t, filepath.Join(drawn, "tidy.csv"))) {
		t.Error("drawing from the ensemble changed nothing")
	}
}

// TestParameterFlagErrors checks the guard against an ensemble the model
// has outgrown and the flags' misuse.
func TestParameterFlagErrors(t *testing.T) {
	tmp := t.TempDir()
	stale := writeEnsemble(t, tmp, func(m map[string]any) {
		m["priors"].([]any)[1].(map[string]any)["Name"] = "vacancy_weeks_before"
	})
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"stale ensemble", []string{"run", "sedgefield", "-ensemble", stale}, exitFailure,
			[]string{`"vacancy_weeks_before"`, "no longer has", "calibration/ensemble/regenerate.sh", "-fixed-params"}},
		{"both flags", []string{"run", "sedgefield", "-ensemble", stale, "-fixed-params"}, exitUsage,
			[]string{"exclude each other"}},
		{"missing file", []string{"compare", "sedgefield", "usual-care", "-ensemble", filepath.Join(tmp, "none.json")}, exitFailure,
			[]string{"none.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(tmp, strings.ReplaceAll(tt.name, " ", "-"))
			args := append(append(append([]string{}, tt.args...), small...), "-o", dir)
			code, _, stderr := joinedup(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, stderr)
				}
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s was written", dir)
			}
		})
	}
}

// TestReadmeCompare runs the README's main command at a small size: the
// comparison on the calibrated ensemble, with both intervals and the
// sentence on parameters.
func TestReadmeCompare(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	args := append(append([]string{"compare", "sedgefield", "barking-dagenham"}, small...), "-o", dir)
	code, stdout, stderr := joinedup(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, w := range []string{"90%:", "paired runs", "each replicate drew", "the same draw in every scenario compared"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("output does not say %q:\n%s", w, stdout)
		}
	}
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// readRecords reads every record of the CSV file at path.
func readRecords(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestCompareVariant(t *testing.T) {
	const variant = "sedgefield + partnership.targets=separate"
	tests := []struct {
		name string
		vs   string
	}{
		{"bare word", "partnership.targets=separate"},
		{"quoted TOML string", `partnership.targets="separate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := append(append([]string{"compare", "sedgefield", "-vs", tt.vs}, small...), "-o", dir)
			code, stdout, stderr := joinedup(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stdout, variant) {
				t.Errorf("table does not name the variant %s:\n%s", variant, stdout)
			}
			recs := readRecords(t, filepath.Join(dir, "comparison.csv"))
			if len(recs) < 2 || strings.Join(recs[0], ",") != strings.Join(results.ComparisonHeader, ",") {
				t.Fatalf("comparison.csv: %d records, header %v", len(recs), recs[0])
			}
			pairs := map[string]bool{}
			for _, r := range recs[1:] {
				pairs[r[1]+" "+r[3]] = true
			}
			if len(pairs) != 1 || !pairs["0 1"] {
				t.Errorf("comparison.csv pairs runs %v, want only run 1 against run 0", pairs)
			}
			runs := readRecords(t, filepath.Join(dir, "runs.csv"))
			scenario := slices.Index(runs[0], "scenario")
			if scenario < 0 {
				t.Fatalf("runs.csv header %v has no scenario column", runs[0])
			}
			names := map[string]bool{}
			for _, r := range runs[1:] {
				names[r[scenario]] = true
			}
			if !names["sedgefield"] || !names[variant] || len(names) != 2 {
				t.Errorf("runs.csv names %v, want sedgefield and %s", names, variant)
			}

			var m results.Manifest
			if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
				t.Fatal(err)
			}
			if len(m.Runs) != 2 || m.Runs[0].Hash == m.Runs[1].Hash {
				t.Fatalf("manifest runs %+v: want two with different scenario hashes", m.Runs)
			}
			if !strings.Contains(strings.Join(m.Command, " "), "-vs "+tt.vs) {
				t.Errorf("manifest command %q does not record the variant", m.Command)
			}
			base, err := scenarios.Embedded("sedgefield")
			if err != nil {
				t.Fatal(err)
			}
			if m.Runs[0].Hash != base.Hash() {
				t.Errorf("base run hash %s, want the embedded file's %s", m.Runs[0].Hash, base.Hash())
			}
		})
	}
}

// TestCompareArms checks that each -vs is its own arm on common random
// numbers, that one arm may set several fields separated by ';' (a ';'
// inside a quoted value does not separate), and that manifest.json keeps
// every arm's overrides as structured data beside its resolved scenario.
func TestCompareArms(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	args := append(append([]string{"compare", "sedgefield",
		"-vs", "partnership.targets=separate",
		"-vs", `team[0].colocated=false; team[0].name="a;b"`}, small...), "-o", dir)
	code, stdout, stderr := joinedup(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	names := []string{"sedgefield", "sedgefield + partnership.targets=separate", "sedgefield + team[0].colocated=false; team[0].name=a;b"}
	for _, n := range names {
		if !strings.Contains(stdout, n) {
			t.Errorf("table does not name the arm %q:\n%s", n, stdout)
		}
	}
	runs := readRecords(t, filepath.Join(dir, "runs.csv"))
	if len(runs) != 4 {
		t.Fatalf("runs.csv has %d runs, want 3 arms", len(runs)-1)
	}
	recs := readRecords(t, filepath.Join(dir, "comparison.csv"))
	pairs := map[string]bool{}
	for _, r := range recs[1:] {
		pairs[r[1]+" "+r[3]] = true
	}
	if len(pairs) != 2 || !pairs["0 1"] || !pairs["0 2"] {
		t.Errorf("comparison.csv pairs runs %v, want runs 1 and 2 against run 0", pairs)
	}
	var m struct {
		Runs       []results.ManifestRun
		Build      *results.Build
		Experiment experiment.Record
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if m.Build == nil || m.Build.GoVersion == "" || m.Build.OS == "" || m.Build.Arch == "" || m.Build.Revision == "" {
		t.Errorf("manifest build %+v: want Go version, OS, architecture and a revision (or unknown)", m.Build)
	}
	if m.Experiment.Replicates != 4 || m.Experiment.Weeks != 60 || m.Experiment.Seed == 0 {
		t.Errorf("manifest design %+v", m.Experiment)
	}
	arms := m.Experiment.Arms
	if len(arms) != 3 {
		t.Fatalf("manifest records %d arms, want 3", len(arms))
	}
	want := [][]experiment.OverrideRecord{{}, {{Path: "partnership.targets", Value: "separate"}},
		{{Path: "team[0].colocated", Value: "false"}, {Path: "team[0].name", Value: `"a;b"`}}}
	for i, a := range arms {
		if a.Name != names[i] || !slices.Equal(a.Overrides, want[i]) {
			t.Errorf("arm %d recorded as %+v, want name %q and overrides %v", i, a, names[i], want[i])
		}
		s, err := scenarios.Load(filepath.Join(dir, a.File))
		if err != nil {
			t.Fatalf("arm %d: %v", i, err)
		}
		if s.Hash() != a.Hash || s.Hash() != m.Runs[i].Hash {
			t.Errorf("arm %d: %s has hash %s, recorded %s", i, a.File, s.Hash(), a.Hash)
		}
	}
	if m.Runs[1].Hash == m.Runs[2].Hash || m.Runs[0].Hash == m.Runs[1].Hash {
		t.Errorf("arms share scenario hashes: %+v", m.Runs)
	}
}

func TestRunWithSet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	args := append(append([]string{"run", "sedgefield", "--set", "team[0].colocated=false", "-set", "run.seed=99"}, small...), "-o", dir)
	code, _, stderr := joinedup(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var m results.Manifest
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	base, err := scenarios.Embedded("sedgefield")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Runs) != 1 || m.Runs[0].Seed != 99 || m.Runs[0].Hash == base.Hash() {
		t.Errorf("manifest runs %+v: want seed 99 from -set and a hash other than the file's", m.Runs)
	}
}

func TestOverrideFlagErrors(t *testing.T) {
	tmp := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr []string
	}{
		{"wrong path", []string{"run", "sedgefield", "--set", "team[0].colocate=false"}, exitInvalid,
			[]string{`--set team[0].colocate=false: unknown key "colocate"; did you mean "colocated"?`}},
		{"index out of range", []string{"compare", "sedgefield", "barking-dagenham", "-set", "team[9].colocated=false"}, exitInvalid,
			[]string{`--set team[9].colocated=false: team has 5 entries (0..4)`}},
		{"wrong type", []string{"run", "sedgefield", "--set", "run.weeks=many"}, exitInvalid,
			[]string{`--set run.weeks=many: expected a whole number, found string "many"`}},
		{"wrong -vs path", []string{"compare", "sedgefield", "-vs", "partnership.target=separate"}, exitInvalid,
			[]string{`-vs partnership.target=separate: unknown key "target"; did you mean "targets"?`}},
		{"not PATH=VALUE", []string{"run", "sedgefield", "--set", "run.weeks"}, exitUsage,
			[]string{`invalid value "run.weeks" for flag -set`, "PATH=VALUE"}},
		{"-vs with two scenarios", []string{"compare", "sedgefield", "usual-care", "-vs", "run.seed=2"}, exitUsage,
			[]string{"compare with -vs needs one scenario, got 2"}},
		{"-vs on run", []string{"run", "sedgefield", "-vs", "run.seed=2"}, exitUsage,
			[]string{"unknown flag -vs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(tmp, strings.ReplaceAll(tt.name, " ", "-"))
			code, _, stderr := joinedup(t, append(append(tt.args, small...), "-o", out)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, stderr)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("output folder %s exists after an error", out)
			}
		})
	}
}

func TestValidatePrint(t *testing.T) {
	child := filepath.Join("..", "..", "scenarios", "testdata", "extends-child.toml")
	tests := []struct {
		name string
		args []string
		want []string // in stdout
	}{
		{"extends", []string{child}, []string{"# Resolved from " + child + `, which extends "sedgefield"`, `targets = "separate"`, "replicates = 20", `name = "pathway team"`}},
		{"with -set", []string{"-set", "run.replicates=7", child}, []string{"# with --set run.replicates=7", "replicates = 7"}},
		{"plain file keeps its comments", []string{"sedgefield"}, []string{"# Resolved from library/sedgefield.toml", "# Sedgefield integrated teams"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := joinedup(t, append([]string{"validate", "-print"}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout does not contain %q:\n%s", w, stdout)
				}
			}
			if strings.Contains(stdout, ": ok") || strings.Contains(stdout, "extends =") {
				t.Errorf("stdout is not just the resolved scenario:\n%s", stdout)
			}
			// What is printed is a valid scenario that needs nothing else.
			path := filepath.Join(t.TempDir(), "resolved.toml")
			if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			if code, _, stderr := joinedup(t, "validate", path); code != exitOK {
				t.Errorf("the printed scenario is invalid: %s", stderr)
			}
		})
	}
	t.Run("invalid", func(t *testing.T) {
		code, stdout, stderr := joinedup(t, "validate", "-print", "-set", "partnership.targets=seperate", "sedgefield")
		if code != exitInvalid || stdout != "" || !strings.Contains(stderr, `--set partnership.targets=seperate: unknown targets "seperate"`) {
			t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
		}
	})
}

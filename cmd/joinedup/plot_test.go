package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/scenarios"
)

// TestPlot re-draws the figures of a folder written by run, without
// simulating again, and checks the errors a user can meet.
func TestPlot(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "run")
	if code, _, stderr := joinedup(t, "run", "sedgefield", "-n", "4", "-weeks", "60", "-quiet", "-o", dir); code != exitOK {
		t.Fatalf("run: exit %d, stderr:\n%s", code, stderr)
	}
	for _, name := range []string{"outcomes.png", "outcomes.svg", "outcomes.pdf"} {
		if fi, err := os.Stat(filepath.Join(dir, "plots", name)); err != nil || fi.Size() == 0 {
			t.Errorf("run did not write plots/%s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "plots", "differences.png")); err == nil {
		t.Error("run of one scenario wrote differences.png")
	}

	t.Run("re-plot gives the same files", func(t *testing.T) {
		again := filepath.Join(tmp, "again")
		os.Mkdir(again, 0o755)
		code, stdout, stderr := joinedup(t, "plot", dir, "-o", again)
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		for _, name := range []string{"outcomes.png", "outcomes.svg", "outcomes.pdf"} {
			if !strings.Contains(stdout, filepath.Join(again, name)) {
				t.Errorf("stdout does not name %s:\n%s", name, stdout)
			}
			a, b := readFile(t, filepath.Join(dir, "plots", name)), readFile(t, filepath.Join(again, name))
			if !bytes.Equal(a, b) {
				t.Errorf("%s re-drawn from the folder differs from the one run wrote", name)
			}
		}
	})
	t.Run("one metric to a file", func(t *testing.T) {
		out := filepath.Join(tmp, "trust.svg")
		code, _, stderr := joinedup(t, "plot", "-metric", "trust", "-o", out, dir)
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		if b := readFile(t, out); !bytes.HasPrefix(b, []byte("<?xml")) || !bytes.Contains(b, []byte("Trust")) {
			t.Errorf("%s is not an SVG of trust", out)
		}
	})

	t.Run("one metric without -o leaves plots/ as the manifest records it", func(t *testing.T) {
		before := readFile(t, filepath.Join(dir, "plots", "outcomes.png"))
		code, stdout, stderr := joinedup(t, "plot", dir, "-metric", "trust")
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		if !strings.Contains(stdout, filepath.Join(dir, "plots-trust", "outcomes.png")) || !strings.Contains(stderr, "not plots/") {
			t.Errorf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
		}
		if !bytes.Equal(before, readFile(t, filepath.Join(dir, "plots", "outcomes.png"))) {
			t.Error("plots/outcomes.png overwritten")
		}
		var m struct {
			Files []struct{ Name, SHA256 string }
		}
		if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
			t.Fatal(err)
		}
		for _, f := range m.Files {
			sum := sha256.Sum256(readFile(t, filepath.Join(dir, filepath.FromSlash(f.Name))))
			if hex.EncodeToString(sum[:]) != f.SHA256 {
				t.Errorf("%s no longer matches manifest.json", f.Name)
			}
		}
	})

	plain := filepath.Join(tmp, "plain")
	if code, _, stderr := joinedup(t, "run", "sedgefield", "-n", "2", "-weeks", "20", "-quiet", "-plain", "-o", plain); code != exitOK {
		t.Fatalf("run -plain: exit %d, stderr:\n%s", code, stderr)
	}
	os.RemoveAll(filepath.Join(plain, "plots"))
	noTidy := filepath.Join(tmp, "no-tidy")
	os.Mkdir(noTidy, 0o755)
	os.WriteFile(filepath.Join(noTidy, "runs.csv"), readFile(t, filepath.Join(dir, "runs.csv")), 0o644)

	t.Run("units from metrics.csv", func(t *testing.T) {
		// A unit only metrics.csv can give shows that it is read; without
		// it (an older folder) the model's units are used.
		path := filepath.Join(plain, "metrics.csv")
		orig := readFile(t, path)
		edited := strings.Replace(string(orig), "\ntrust,0-1,", "\ntrust,trust points,", 1)
		if edited == string(orig) {
			t.Fatalf("metrics.csv has no row trust,0-1:\n%s", orig)
		}
		defer os.WriteFile(path, orig, 0o644)
		for _, tc := range []struct {
			name, metrics, want string
		}{
			{"edited", edited, "(trust points)"},
			{"absent", "", "mean trust in other"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				os.Remove(path)
				if tc.metrics != "" {
					os.WriteFile(path, []byte(tc.metrics), 0o644)
				}
				out := filepath.Join(t.TempDir(), "trust.svg")
				if code, _, stderr := joinedup(t, "plot", "-metric", "trust", "-o", out, plain); code != exitOK {
					t.Fatalf("exit %d, stderr:\n%s", code, stderr)
				}
				if !bytes.Contains(readFile(t, out), []byte(tc.want)) {
					t.Errorf("%s does not label the axis %q", out, tc.want)
				}
			})
		}
	})
	badMetrics := filepath.Join(tmp, "bad-metrics")
	os.Mkdir(badMetrics, 0o755)
	for _, name := range []string{"runs.csv", "tidy.csv"} {
		os.WriteFile(filepath.Join(badMetrics, name), readFile(t, filepath.Join(plain, name)), 0o644)
	}
	os.WriteFile(filepath.Join(badMetrics, "metrics.csv"), []byte("name,unit\n"), 0o644)

	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr, or in stdout when the code is 0
	}{
		{"plain tidy.csv", []string{plain, "-format", "png"}, exitOK, filepath.Join(plain, "plots", "outcomes.png")},
		{"not an output folder", []string{tmp}, exitFailure, "has no runs.csv"},
		{"no tidy table", []string{noTidy}, exitFailure, "has no replicates.parquet, tidy.csv.gz or tidy.csv"},
		{"missing folder", []string{filepath.Join(tmp, "nowhere")}, exitFailure, "there is no folder"},
		{"unknown metric", []string{dir, "-metric", "cohesoin"}, exitFailure, `unknown metric "cohesoin" (did you mean "cohesion"?); known: acceptance,`},
		{"unknown format", []string{dir, "-format", "png,gif"}, exitUsage, `unknown format "gif"`},
		{"unknown axis", []string{dir, "-axis", "weeks"}, exitUsage, `-axis "weeks": unknown axis; known: auto, calendar, years`},
		{"bad metrics.csv", []string{badMetrics}, exitFailure, "metrics.csv: record on line 1: wrong number of fields (in " + badMetrics},
		{"no folder", nil, exitUsage, "plot needs one output folder, got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := joinedup(t, append([]string{"plot"}, tt.args...)...)
			got := stderr
			if tt.code == exitOK {
				got = stdout
			}
			if code != tt.code || !strings.Contains(got, tt.want) {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d and %q", code, stdout, stderr, tt.code, tt.want)
			}
		})
	}
}

// TestPlotAxis checks the time axis of scenarios that start in different
// years (Sedgefield 2003, Barking and Dagenham 2001): years since start
// unless the calendar is asked for.
func TestPlotAxis(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "cmp")
	args := []string{"compare", "sedgefield", "barking-dagenham", "-n", "2", "-weeks", "20", "-quiet", "-plain", "-o", dir}
	if code, _, stderr := joinedup(t, args...); code != exitOK {
		t.Fatalf("compare: exit %d, stderr:\n%s", code, stderr)
	}
	for _, name := range []string{"outcomes.svg", "differences.svg"} {
		if b := readFile(t, filepath.Join(dir, "plots", name)); !bytes.Contains(b, []byte("years since start")) {
			t.Errorf("compare's plots/%s does not use years since start", name)
		}
	}
	tests := []struct {
		axis  string
		years bool
	}{
		{"auto", true},
		{"years", true},
		{"calendar", false},
	}
	for _, tt := range tests {
		t.Run(tt.axis, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "outcomes.svg")
			if code, _, stderr := joinedup(t, "plot", dir, "-axis", tt.axis, "-o", out); code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			b := readFile(t, out)
			if got := bytes.Contains(b, []byte("years since start")); got != tt.years {
				t.Errorf("years since start on the axis: %v, want %v", got, tt.years)
			}
			if got := bytes.Contains(b, []byte(">2002<")); got == tt.years {
				t.Errorf("calendar year 2002 labelled: %v, want %v", got, !tt.years)
			}
		})
	}
}

func TestMarksOfScenario(t *testing.T) {
	s, err := scenarios.ResolveWith("sedgefield", nil)
	if err != nil {
		t.Fatal(err)
	}
	marks := marksOf([]*scenarios.Scenario{s, s})
	if len(marks) == 0 {
		t.Fatal("no marks for Sedgefield's shocks and integration dates")
	}
	seen := map[string]bool{}
	for i, m := range marks {
		key := m.Date.String() + m.Label
		if seen[key] {
			t.Errorf("mark %v twice", m)
		}
		seen[key] = true
		if i > 0 && m.Date.Before(marks[i-1].Date) {
			t.Errorf("marks out of date order: %v", marks)
		}
		if !m.Date.After(s.Run.Start.Time) {
			t.Errorf("mark %v not after the start", m)
		}
	}
}

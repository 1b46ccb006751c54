package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		if b := readFile(t, out); !bytes.HasPrefix(b, []byte("<?xml")) || !bytes.Contains(b, []byte("trust (0-1)")) {
			t.Errorf("%s is not an SVG of trust", out)
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

	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr, or in stdout when the code is 0
	}{
		{"plain tidy.csv", []string{plain, "-format", "png"}, exitOK, filepath.Join(plain, "plots", "outcomes.png")},
		{"not an output folder", []string{tmp}, exitFailure, "has no runs.csv"},
		{"no tidy table", []string{noTidy}, exitFailure, "has neither tidy.csv.gz nor tidy.csv"},
		{"missing folder", []string{filepath.Join(tmp, "nowhere")}, exitFailure, "no such file"},
		{"unknown metric", []string{dir, "-metric", "cohesoin"}, exitFailure, `unknown metric "cohesoin" (did you mean "cohesion"?); known: acceptance,`},
		{"unknown format", []string{dir, "-format", "png,gif"}, exitUsage, `unknown format "gif"`},
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

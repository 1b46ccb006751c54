package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchQuick runs every benchmark workload at its smoke-test size and
// checks that the table has a row for each.
func TestBenchQuick(t *testing.T) {
	code, stdout, stderr := joinedup(t, "bench", "-quick")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if !strings.HasPrefix(lines[0], "workload") || !strings.Contains(lines[0], "agent-steps/s") || !strings.Contains(lines[0], "peak mem") {
		t.Fatalf("header %q", lines[0])
	}
	for _, row := range []string{"sedgefield-1 ", "sedgefield-20 ", "england@1/128", "england@1/64", "england@1/32", "schelling-large",
		"workers-1", "workers-2", "output-none", "output-weekly", "output-every-4", "output-summary"} {
		if !strings.Contains(stdout, "\n"+row) {
			t.Errorf("no row %q in\n%s", row, stdout)
		}
	}
}

func TestBenchUsage(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown workload", []string{"bench", "-workload", "sedgefield-2"}, `unknown workload "sedgefield-2"`},
		{"argument", []string{"bench", "england"}, "takes no arguments"},
		{"empty list", []string{"bench", "-workload", ","}, "no workload"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := joinedup(t, c.args...)
			if code != exitUsage || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, c.want)
			}
		})
	}
}

func TestBenchOneWorkload(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	code, stdout, stderr := joinedup(t, "bench", "-quick", "-workload", "schelling-large", "-cpuprofile", prof)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(strings.TrimSpace(stdout), "\n"); n != 2 || !strings.Contains(stdout, "schelling-large") {
		t.Errorf("want a header, one schelling row and the quick note, got\n%s", stdout)
	}
	if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 {
		t.Errorf("no CPU profile written: %v", err)
	}
}

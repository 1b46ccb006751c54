package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/joinedup/joinedup/experiment"
)

func TestProgressBar(t *testing.T) {
	plan := &experiment.Plan{Replicates: 40}
	for _, tty := range []bool{true, false} {
		var b bytes.Buffer
		p := newProgressBar(&b, "run x")
		p.tty = tty
		clockNow := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		p.now = func() time.Time { return clockNow }
		if err := p.Start(&experiment.Info{Plan: plan, Units: 40}); err != nil {
			t.Fatal(err)
		}
		for range 40 {
			clockNow = clockNow.Add(500 * time.Millisecond)
			p.Add(nil)
		}
		p.Finish(nil)
		out := b.String()
		if tty {
			want := "run x [##########..........] 20/40 replicates  2/s  elapsed 0:10  ETA 0:10"
			if !strings.Contains(out, want) || !strings.HasSuffix(strings.TrimRight(out, " \n"), "40/40 replicates  2/s  elapsed 0:20") || strings.Count(out, "\n") != 1 {
				t.Errorf("terminal:\n%q", out)
			}
			continue
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 10 || lines[0] != "run x: 4/40 replicates, elapsed 0:02, ETA 0:18" || lines[9] != "run x: 40/40 replicates, elapsed 0:20" {
			t.Errorf("piped: %d lines\n%s", len(lines), out)
		}
	}
}

// TestProgressBarCount follows a sweep resumed with 8 of its 40 runs
// recorded: the recorded runs are said once and count neither in the rate
// nor in the ETA, on a terminal as in plain lines.
func TestProgressBarCount(t *testing.T) {
	for _, tty := range []bool{true, false} {
		var b bytes.Buffer
		p := newProgressBar(&b, "sweep x")
		p.tty = tty
		clockNow := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		p.now = func() time.Time { return clockNow }
		p.Count(8, 40)
		for done := 12; done <= 40; done += 4 {
			clockNow = clockNow.Add(2 * time.Second)
			p.Count(done, 40)
		}
		p.Finish(nil)
		out := b.String()
		if !strings.HasPrefix(out, "sweep x: 8 of 40 runs already recorded\n") {
			t.Errorf("tty %v: no resume line:\n%q", tty, out)
		}
		if tty {
			want := "sweep x [######..............] 12/40 runs  2/s  elapsed 0:02  ETA 0:14"
			if !strings.Contains(out, want) || !strings.HasSuffix(strings.TrimRight(out, " \n"), "40/40 runs  2/s  elapsed 0:16") || strings.Count(out, "\n") != 2 {
				t.Errorf("terminal:\n%q", out)
			}
			continue
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 9 || lines[1] != "sweep x: 12/40 runs, elapsed 0:02, ETA 0:14" || lines[8] != "sweep x: 40/40 runs, elapsed 0:16" {
			t.Errorf("piped: %d lines\n%s", len(lines), out)
		}
	}
}

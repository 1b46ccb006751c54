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

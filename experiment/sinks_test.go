package experiment

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestFeed checks that a live feed receives a copy of every unit in order
// and is closed at the end.
func TestFeed(t *testing.T) {
	p := smallPlan(t)
	f := NewFeed(context.Background(), 1)
	errc := make(chan error, 1)
	go func() { errc <- Run(context.Background(), p, f) }()
	var got []Snapshot
	for s := range f.C {
		got = append(got, s)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if len(got) != 15 {
		t.Fatalf("%d snapshots, want 15", len(got))
	}
	for i, s := range got {
		if s.Point != i/5 || s.Replicate != i%5 || len(s.Values) != 2 || len(s.Weeks) != 5 || len(s.Values[0]) == 0 {
			t.Errorf("snapshot %d: point %d replicate %d, %d arms, weeks %v", i, s.Point, s.Replicate, len(s.Values), s.Weeks)
		}
	}
}

// TestProgressLines checks the plain progress lines written off a terminal.
func TestProgressLines(t *testing.T) {
	var b bytes.Buffer
	p := smallPlan(t)
	if err := Run(context.Background(), p, NewProgress(&b, "sweep s")); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) < 5 || lines[len(lines)-1] != "sweep s: 15/15 runs" {
		t.Errorf("progress:\n%s", b.String())
	}
}

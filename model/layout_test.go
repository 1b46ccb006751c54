package model

import (
	"testing"
	"unsafe"

	"github.com/joinedup/joinedup/sim"
)

// TestCaseRecordSize guards the open case's record at 48 bytes (four
// records to three cache lines): every week reads every open case, so at
// national scale the queues are the largest stream a week fetches
// (BENCHMARKS.md, "Cache misses at national scale"). A field added to
// caseState should keep it there, or say in BENCHMARKS.md what it costs.
func TestCaseRecordSize(t *testing.T) {
	if got := unsafe.Sizeof(caseState{}); got != 48 {
		t.Errorf("caseState is %d bytes, want 48", got)
	}
}

// TestSeatSize guards a post's seat at 16 bytes: the labour market's
// weekly count of vacancies reads every seat in the world.
func TestSeatSize(t *testing.T) {
	if got := unsafe.Sizeof(seat{}); got != 16 {
		t.Errorf("seat is %d bytes, want 16", got)
	}
}

// TestPoachedLastsTheWeek checks that a post poached by an earlier team's
// workforce is marked only until its own team's conditions have read it,
// within the same week, in a national world where partners poach.
func TestPoachedLastsTheWeek(t *testing.T) {
	cfg := England(1.0 / 32)
	w, err := New(cfg, sim.Replicate{Master: 1})
	if err != nil {
		t.Fatal(err)
	}
	for week := sim.Tick(1); week <= 26; week++ {
		if err := w.Step(week); err != nil {
			t.Fatal(err)
		}
		for i := range w.seat {
			if w.seat[i].poached {
				t.Fatalf("week %d: post %d still marked poached after the week", week, i)
			}
		}
	}
}

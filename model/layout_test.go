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

// TestRelationsLeaveOutOwnSlot guards the relations' layout: 32 bytes a
// relation, and each professional keeps relations to the other slots of
// the team only (their relation to their own profession never changes and
// is kept once, ownRel): at national scale the relations are read every
// week, so a fourth of them unread would be a fourth of their lines
// fetched for nothing.
func TestRelationsLeaveOutOwnSlot(t *testing.T) {
	if got := unsafe.Sizeof(relation{}); got != 32 {
		t.Errorf("relation is %d bytes, want 32", got)
	}
	w, err := New(England(1.0/64), sim.Replicate{Master: 1})
	if err != nil {
		t.Fatal(err)
	}
	if w.R != w.K-1 || len(w.rel) != len(w.seat)*w.R {
		t.Errorf("%d relations for %d posts of at most %d slots, want %d", len(w.rel), len(w.seat), w.K, len(w.seat)*(w.K-1))
	}
	if w.ownRel.trust != w.p.OwnProfessionTrust || w.ownRel.roleU != 1 || w.ownRel.stereo != 0 || w.ownRel.gap != 0 {
		t.Errorf("own-profession relation %+v, want trust %v, role understanding 1, no stereotype or gap", w.ownRel, w.p.OwnProfessionTrust)
	}
}

// TestVacanciesCounted checks the vacancies kept per labour market and
// profession as posts fall vacant and are filled against a count of every
// post, week by week, in a national world with turnover and poaching.
func TestVacanciesCounted(t *testing.T) {
	w, err := New(England(1.0/32), sim.Replicate{Master: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int, len(w.vacantNow))
	vacant := 0
	for week := sim.Tick(1); week <= 26; week++ {
		if err := w.Step(week); err != nil {
			t.Fatal(err)
		}
		clear(want)
		for i := range w.seat {
			if w.seat[i].vacant {
				want[w.market(i)]++
				vacant++
			}
		}
		for k := range want {
			if w.vacantNow[k] != want[k] {
				t.Fatalf("week %d: market %d has %d vacancies counted, %d posts vacant", week, k, w.vacantNow[k], want[k])
			}
		}
	}
	if vacant == 0 {
		t.Error("no post fell vacant in 26 weeks: the test checks nothing")
	}
}

package sim_test

import (
	"math/rand/v2"
	"testing"

	"github.com/joinedup/joinedup/sim"
)

// TestScheduleHeapOrder schedules many events in a scrambled order and
// checks they come out by tick, then by the order they were added.
func TestScheduleHeapOrder(t *testing.T) {
	var s sim.Schedule
	r := rand.New(rand.NewPCG(1, 2))
	type key struct{ at, seq int }
	var got []key
	for seq := 0; seq < 500; seq++ {
		at := r.IntN(50)
		s.At(sim.Tick(at), sim.EventFunc(func(sim.Tick, *rand.Rand) error { got = append(got, key{at, seq}); return nil }))
	}
	if err := s.ApplyDue(49, nil); err != nil {
		t.Fatal(err)
	}
	if len(got) != 500 || s.Len() != 0 {
		t.Fatalf("applied %d, %d pending", len(got), s.Len())
	}
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		if a.at > b.at || (a.at == b.at && a.seq > b.seq) {
			t.Fatalf("event %v applied before %v", a, b)
		}
	}
}

// TestScheduleAllocatesNothingWarm checks that pushing and popping events
// on a schedule that has grown once allocates nothing.
func TestScheduleAllocatesNothingWarm(t *testing.T) {
	var s sim.Schedule
	ev := sim.EventFunc(func(sim.Tick, *rand.Rand) error { return nil })
	for i := 0; i < 64; i++ {
		s.At(sim.Tick(i), ev)
	}
	_ = s.ApplyDue(100, nil)
	allocs := testing.AllocsPerRun(100, func() {
		for i := 0; i < 32; i++ {
			s.At(sim.Tick(32-i), ev)
		}
		_ = s.ApplyDue(100, nil)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per warm push/pop round, want 0", allocs)
	}
}

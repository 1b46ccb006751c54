package sim_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/joinedup/joinedup/sim"
)

// walk is a toy model: a random walk with an event that doubles its position.
type walk struct {
	x     float64
	r     *rand.Rand
	ev    *rand.Rand
	sched sim.Schedule
}

func (w *walk) Step(t sim.Tick) error                       { w.x += w.r.NormFloat64(); return nil }
func (w *walk) Observe(t sim.Tick, dst []float64) []float64 { return append(dst, w.x, float64(t)) }
func (w *walk) Schedule() *sim.Schedule                     { return &w.sched }
func (w *walk) EventRand() *rand.Rand                       { return w.ev }

func newWalk(rep sim.Replicate) (sim.Model, error) {
	w := &walk{r: rep.Rand(1), ev: rep.Rand(2)}
	w.sched.At(10, sim.EventFunc(func(t sim.Tick, r *rand.Rand) error { w.x *= 2; return nil }))
	return w, nil
}

func collect(t *testing.T, cfg sim.Config) (reps []int, vals [][]float64) {
	t.Helper()
	err := sim.Run(context.Background(), cfg, newWalk, sim.ObserverFunc(func(tr *sim.Trajectory) error {
		reps = append(reps, tr.Replicate)
		vals = append(vals, append([]float64(nil), tr.Values...))
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return reps, vals
}

func TestRunDeterministicAcrossWorkers(t *testing.T) {
	base := sim.Config{Ticks: 100, Replicates: 37, Seed: 42}
	var want [][]float64
	for _, w := range []int{1, 2, 8} {
		cfg := base
		cfg.Workers = w
		reps, vals := collect(t, cfg)
		for i, r := range reps {
			if r != i {
				t.Fatalf("workers=%d: replicate %d delivered at position %d", w, r, i)
			}
		}
		if want == nil {
			want = vals
			continue
		}
		if !reflect.DeepEqual(vals, want) {
			t.Errorf("workers=%d: observations differ from workers=1", w)
		}
	}
	if reflect.DeepEqual(want[0], want[1]) {
		t.Error("replicates 0 and 1 are identical: streams are not independent")
	}
}

func TestRunEveryAndLast(t *testing.T) {
	var ticks []sim.Tick
	err := sim.Run(context.Background(), sim.Config{Ticks: 10, Replicates: 1, Every: 4}, newWalk,
		sim.ObserverFunc(func(tr *sim.Trajectory) error { ticks = append(ticks, tr.Ticks...); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if want := []sim.Tick{0, 4, 8, 10}; !reflect.DeepEqual(ticks, want) {
		t.Errorf("observed ticks %v, want %v", ticks, want)
	}
}

// counted is a walk that counts how often it is observed.
type counted struct {
	*walk
	observed *int
}

func (c *counted) Observe(t sim.Tick, dst []float64) []float64 {
	*c.observed++
	return c.walk.Observe(t, dst)
}

// TestRunObserved checks that Config.Observed picks the ticks observed, in
// place of Every, that the model is observed at those ticks only, and that
// what is observed there is what a run observing every tick sees.
func TestRunObserved(t *testing.T) {
	run := func(cfg sim.Config) (ticks []sim.Tick, vals []float64, calls int) {
		f := func(rep sim.Replicate) (sim.Model, error) {
			m, _ := newWalk(rep)
			return &counted{walk: m.(*walk), observed: &calls}, nil
		}
		err := sim.Run(context.Background(), cfg, f, sim.ObserverFunc(func(tr *sim.Trajectory) error {
			ticks, vals = append(ticks, tr.Ticks...), append(vals, tr.Values...)
			return nil
		}))
		if err != nil {
			t.Fatal(err)
		}
		return ticks, vals, calls
	}
	_, all, _ := run(sim.Config{Ticks: 12, Replicates: 1, Every: 1})
	odd := func(t sim.Tick) bool { return t%2 == 1 }
	ticks, vals, calls := run(sim.Config{Ticks: 12, Replicates: 1, Every: 4, Observed: odd})
	if want := []sim.Tick{0, 1, 3, 5, 7, 9, 11}; !reflect.DeepEqual(ticks, want) {
		t.Errorf("observed ticks %v, want %v", ticks, want)
	}
	if calls != 7 {
		t.Errorf("model observed %d times, want 7", calls)
	}
	for i, tk := range ticks {
		if got, want := vals[2*i:2*i+2], all[2*int(tk):2*int(tk)+2]; !reflect.DeepEqual(got, want) {
			t.Errorf("tick %d: observed %v, want %v as when every tick is observed", tk, got, want)
		}
	}
	ticks, _, calls = run(sim.Config{Ticks: 12, Replicates: 1, Observed: sim.OnlyInitial})
	if !reflect.DeepEqual(ticks, []sim.Tick{0}) || calls != 1 {
		t.Errorf("OnlyInitial observed ticks %v in %d calls, want [0] in 1", ticks, calls)
	}
}

func TestScheduleOrder(t *testing.T) {
	var s sim.Schedule
	var got []string
	add := func(at sim.Tick, name string) {
		s.At(at, sim.EventFunc(func(sim.Tick, *rand.Rand) error { got = append(got, name); return nil }))
	}
	add(5, "c")
	add(2, "a")
	add(5, "d")
	add(2, "b")
	add(9, "e")
	if err := s.ApplyDue(5, nil); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c", "d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("applied %v, want %v", got, want)
	}
	if s.Len() != 1 {
		t.Errorf("pending %d, want 1", s.Len())
	}
}

func TestRunStopsOnModelError(t *testing.T) {
	boom := errors.New("boom")
	f := func(rep sim.Replicate) (sim.Model, error) {
		if rep.Index == 3 {
			return nil, boom
		}
		return newWalk(rep)
	}
	var n int
	err := sim.Run(context.Background(), sim.Config{Ticks: 5, Replicates: 10, Workers: 2}, f,
		sim.ObserverFunc(func(tr *sim.Trajectory) error { n++; return nil }))
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if n != 3 {
		t.Errorf("delivered %d replicates before the failing one, want 3", n)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n int
	err := sim.Run(ctx, sim.Config{Ticks: 1000, Replicates: 1000, Workers: 2}, newWalk,
		sim.ObserverFunc(func(tr *sim.Trajectory) error {
			n++
			if n == 5 {
				cancel()
			}
			return nil
		}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n < 5 || n >= 1000 {
		t.Errorf("delivered %d replicates", n)
	}
}

func TestStreamsDiffer(t *testing.T) {
	a := sim.NewRand(1, 0, 0, 0).Uint64()
	for _, r := range []*rand.Rand{sim.NewRand(2, 0, 0, 0), sim.NewRand(1, 1, 0, 0), sim.NewRand(1, 0, 1, 0), sim.NewRand(1, 0, 0, 1)} {
		if r.Uint64() == a {
			t.Error("two distinct streams start with the same number")
		}
	}
	if sim.NewRand(1, 0, 0, 0).Uint64() != a {
		t.Error("the same stream is not reproducible")
	}
}

func ExampleRun() {
	cfg := sim.Config{Ticks: 3, Replicates: 2, Seed: 7, Workers: 2}
	err := sim.Run(context.Background(), cfg, newWalk, sim.ObserverFunc(func(tr *sim.Trajectory) error {
		fmt.Printf("replicate %d: %d ticks observed, %d values each\n", tr.Replicate, len(tr.Ticks), tr.Width)
		return nil
	}))
	fmt.Println("error:", err)
	// Output:
	// replicate 0: 4 ticks observed, 2 values each
	// replicate 1: 4 ticks observed, 2 values each
	// error: <nil>
}

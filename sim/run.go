package sim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
)

// Model is one replicate's world. The runner calls Observe(0) on the initial
// state, then for each tick t = 1..Ticks applies the events due (if the model
// is Scheduled), calls Step(t) and, on observed ticks, Observe.
type Model interface {
	// Step advances the world from tick t-1 to tick t.
	Step(t Tick) error
	// Observe appends the model's metric values at tick t to dst and returns
	// the extended slice. It must append the same number of values every
	// time, and must not change the model.
	Observe(t Tick, dst []float64) []float64
}

// Scheduled is an optional ability of a Model: a model with a schedule of
// events has them applied at the start of each tick, before Step, drawing
// from EventRand.
type Scheduled interface {
	Schedule() *Schedule
	EventRand() *rand.Rand
}

// Replicate identifies one replicate of one stream and hands out its
// random number generators.
type Replicate struct {
	Master uint64 // master seed
	Stream uint64 // stream id; scenarios compared on common random numbers share it
	Index  int    // replicate number, from 0
}

// Rand returns the replicate's generator for one purpose. Calls with the same
// purpose return generators that produce the same sequence.
func (r Replicate) Rand(purpose uint64) *rand.Rand {
	return NewRand(r.Master, r.Stream, r.Index, purpose)
}

// PCG returns the replicate's inlinable generator for one purpose, which
// draws the same numbers as Rand(purpose).
func (r Replicate) PCG(purpose uint64) *PCG {
	return NewPCG(r.Master, r.Stream, r.Index, purpose)
}

// Factory builds the model for one replicate.
type Factory func(rep Replicate) (Model, error)

// Config sets how a batch of replicates runs. The zero value of each field is
// documented; Ticks and Replicates must be positive.
type Config struct {
	Ticks      int    // ticks to simulate after the initial state
	Replicates int    // number of replicates, numbered 0..Replicates-1
	Every      int    // observe every Every ticks plus the last; 0 means 1
	Workers    int    // parallel workers; 0 means runtime.GOMAXPROCS(0)
	Seed       uint64 // master seed
	Stream     uint64 // stream id (for example a run id)

	// Observed, when set, says which ticks after 0 are observed, in place
	// of Every, so that a run whose observers read only some ticks, or
	// none, does not pay for observing the others. Tick 0 is always
	// observed: it sets the trajectory's width.
	Observed func(t Tick) bool
}

// OnlyInitial, as Config.Observed, observes only tick 0: for runs whose
// trajectories nobody reads (timings, runs kept for a side effect).
func OnlyInitial(Tick) bool { return false }

// observed returns the predicate for the ticks after 0 that cfg observes.
func (cfg Config) observed() func(t Tick) bool {
	if cfg.Observed != nil {
		return cfg.Observed
	}
	every := max(cfg.Every, 1)
	return func(t Tick) bool { return int(t)%every == 0 || int(t) == cfg.Ticks }
}

// Trajectory is one replicate's observations: Values holds Width values for
// each tick in Ticks, row by row. The runner reuses trajectories once an
// observer returns, so observers must copy what they keep.
type Trajectory struct {
	Stream    uint64
	Replicate int
	Width     int
	Ticks     []Tick
	Values    []float64
}

// Row returns the values observed at the i'th observed tick.
func (tr *Trajectory) Row(i int) []float64 { return tr.Values[i*tr.Width : (i+1)*tr.Width] }

// Observer receives whole replicates, in replicate order, from one goroutine.
type Observer interface {
	Observe(tr *Trajectory) error
}

// ObserverFunc adapts a function to the Observer interface.
type ObserverFunc func(tr *Trajectory) error

// Observe calls f(tr).
func (f ObserverFunc) Observe(tr *Trajectory) error { return f(tr) }

// Observers fans one trajectory out to several observers in order.
type Observers []Observer

// Observe passes tr to each observer in turn, stopping at the first error.
func (os Observers) Observe(tr *Trajectory) error {
	for _, o := range os {
		if err := o.Observe(tr); err != nil {
			return err
		}
	}
	return nil
}

// Simulate runs one replicate to completion and fills tr (which may be
// reused from an earlier call).
func Simulate(ctx context.Context, cfg Config, rep Replicate, f Factory, tr *Trajectory) error {
	m, err := f(rep)
	if err != nil {
		return fmt.Errorf("sim: replicate %d: %w", rep.Index, err)
	}
	observed := cfg.observed()
	tr.Stream, tr.Replicate = rep.Stream, rep.Index
	tr.Ticks = append(tr.Ticks[:0], 0)
	tr.Values = m.Observe(0, tr.Values[:0])
	tr.Width = len(tr.Values)
	// Size the trajectory once, so recording allocates nothing per tick.
	rows := 1
	for t := Tick(1); t <= Tick(cfg.Ticks); t++ {
		if observed(t) {
			rows++
		}
	}
	if cap(tr.Values) < rows*tr.Width {
		v := make([]float64, len(tr.Values), rows*tr.Width)
		copy(v, tr.Values)
		tr.Values = v
	}
	if cap(tr.Ticks) < rows {
		tr.Ticks = append(make([]Tick, 0, rows), tr.Ticks...)
	}
	sched, _ := m.(Scheduled)
	for t := Tick(1); t <= Tick(cfg.Ticks); t++ {
		if t&63 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if sched != nil {
			if err := sched.Schedule().ApplyDue(t, sched.EventRand()); err != nil {
				return fmt.Errorf("sim: replicate %d tick %d: %w", rep.Index, t, err)
			}
		}
		if err := m.Step(t); err != nil {
			return fmt.Errorf("sim: replicate %d tick %d: %w", rep.Index, t, err)
		}
		if observed(t) {
			n := len(tr.Values)
			tr.Values = m.Observe(t, tr.Values)
			if len(tr.Values)-n != tr.Width {
				return fmt.Errorf("sim: replicate %d tick %d: model observed %d values, want %d", rep.Index, t, len(tr.Values)-n, tr.Width)
			}
			tr.Ticks = append(tr.Ticks, t)
		}
	}
	return nil
}

type result struct {
	tr  *Trajectory
	err error
}

// Run simulates cfg.Replicates replicates over a pool of workers and passes
// each completed trajectory to obs in replicate order. Output is identical
// for any number of workers. If ctx is cancelled, Run stops starting new
// replicates, delivers the complete replicates that precede the first
// incomplete one, and returns ctx's error.
func Run(ctx context.Context, cfg Config, f Factory, obs Observer) error {
	if cfg.Ticks <= 0 {
		return errors.New("sim: Config.Ticks must be positive")
	}
	if cfg.Replicates <= 0 {
		return errors.New("sim: Config.Replicates must be positive")
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > cfg.Replicates {
		workers = cfg.Replicates
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	window := 4 * workers // replicates in flight or waiting to be delivered
	tokens := make(chan struct{}, window)
	jobs := make(chan int)
	done := make(chan struct {
		i int
		r result
	}, window)
	pool := sync.Pool{New: func() any { return new(Trajectory) }}

	go func() {
		defer close(jobs)
		for i := 0; i < cfg.Replicates; i++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				tr := pool.Get().(*Trajectory)
				err := Simulate(ctx, cfg, Replicate{Master: cfg.Seed, Stream: cfg.Stream, Index: i}, f, tr)
				done <- struct {
					i int
					r result
				}{i, result{tr, err}}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	pending := make(map[int]result, window)
	next := 0
	var firstErr error
	for d := range done {
		pending[d.i] = d.r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if firstErr == nil && r.err != nil {
				firstErr = r.err
				cancel()
			}
			if firstErr == nil {
				if err := obs.Observe(r.tr); err != nil {
					firstErr = err
					cancel()
				}
			}
			pool.Put(r.tr)
			<-tokens
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if next < cfg.Replicates {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fmt.Errorf("sim: only %d of %d replicates completed", next, cfg.Replicates)
	}
	return nil
}

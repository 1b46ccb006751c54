package model_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/sim"
)

// The benchmark workloads of BENCHMARKS.md. Each reports agent-steps/s
// (professional-weeks simulated per second) and ns/agent-step besides the
// usual time and allocations per operation; `joinedup bench` runs the same
// workloads and prints them as one table.

// reportSteps adds the throughput metrics for steps agent-steps per op.
func reportSteps(b *testing.B, steps int) {
	b.Helper()
	total := float64(steps) * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds(), "agent-steps/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/total, "ns/agent-step")
}

var discard = sim.ObserverFunc(func(*sim.Trajectory) error { return nil })

// simulateEach runs one replicate of cfg per benchmark iteration, each a
// new replicate, reusing one trajectory: observed every week, or with
// weekly false only in its initial state (the trajectories are discarded).
func simulateEach(b *testing.B, cfg *model.Config, weekly bool) {
	var tr sim.Trajectory
	sc := sim.Config{Ticks: cfg.Weeks}
	if !weekly {
		sc.Observed = sim.OnlyInitial
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := sim.Simulate(context.Background(), sc, sim.Replicate{Master: 1, Index: i}, factory(cfg), &tr); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSedgefield1 is one Sedgefield replicate, five years, observed
// every week.
func BenchmarkSedgefield1(b *testing.B) {
	cfg := build(b, "sedgefield", nil)
	simulateEach(b, cfg, true)
	reportSteps(b, cfg.Professionals()*cfg.Weeks)
	b.ReportMetric(float64(cfg.Professionals()*cfg.Weeks), "agent-steps/op")
}

// BenchmarkSedgefieldReplicate is one Sedgefield replicate, five years,
// with nothing observed after the initial state (the simulation alone, as
// in sedgefield-1000), reported in milliseconds per replicate, with the
// agent-steps (professional-weeks) of one replicate, by which
// .ci/instructions divides the instructions callgrind counts in
// sim.Simulate.
func BenchmarkSedgefieldReplicate(b *testing.B) {
	cfg := build(b, "sedgefield", nil)
	simulateEach(b, cfg, false)
	reportSteps(b, cfg.Professionals()*cfg.Weeks)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/replicate")
	b.ReportMetric(float64(cfg.Professionals()*cfg.Weeks), "agent-steps/op")
}

// BenchmarkSedgefield1000 is 1,000 Sedgefield replicates on all cores,
// observations discarded.
func BenchmarkSedgefield1000(b *testing.B) {
	cfg := build(b, "sedgefield", nil)
	const n = 1000
	b.ReportAllocs()
	for b.Loop() {
		if err := sim.Run(context.Background(), sim.Config{Ticks: cfg.Weeks, Replicates: n, Seed: 1, Observed: sim.OnlyInitial}, factory(cfg), discard); err != nil {
			b.Fatal(err)
		}
	}
	reportSteps(b, n*cfg.Professionals()*cfg.Weeks)
}

// englandWeeks shortens the England benchmarks' runs (0: the scenario's
// five years), so that cachegrind or callgrind can measure one replicate
// at 1/4 in a minute or two: go test -c -o model.test ./model, then
// valgrind --tool=cachegrind ./model.test -test.run '^$' -test.bench
// 'England/scale=1/4' -test.benchtime 1x -england.weeks 13.
var englandWeeks = flag.Int("england.weeks", 0, "weeks of the England benchmarks' runs (0: the scenario's)")

func benchEngland(b *testing.B, scale float64) {
	cfg := model.England(scale)
	if *englandWeeks > 0 {
		cfg.Weeks = *englandWeeks
	}
	simulateEach(b, cfg, false)
	reportSteps(b, cfg.Professionals()*cfg.Weeks)
}

// BenchmarkEngland is one replicate of the generated national world at
// 1/16 and 1/4 of its size, five years weekly. BenchmarkEnglandFull is the
// full size, kept apart so that -bench . does not run it.
func BenchmarkEngland(b *testing.B) {
	for _, s := range []struct {
		name  string
		scale float64
	}{{"1/16", 1.0 / 16}, {"1/4", 0.25}} {
		b.Run("scale="+s.name, func(b *testing.B) { benchEngland(b, s.scale) })
	}
}

// BenchmarkEnglandFull is one replicate of the full national world
// (150 partnerships, 108,000 professionals), five years weekly. Run it by
// name: go test -bench EnglandFull -benchtime 1x ./model
func BenchmarkEnglandFull(b *testing.B) {
	if f := flag.Lookup("test.bench"); f == nil || !strings.Contains(f.Value.String(), "EnglandFull") {
		b.Skip("about 20 s: run it by name, -bench EnglandFull")
	}
	benchEngland(b, 1)
}

// BenchmarkWorkers runs 200 Sedgefield replicates with 1 and 2 workers.
func BenchmarkWorkers(b *testing.B) {
	cfg := build(b, "sedgefield", nil)
	const n = 200
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := sim.Run(context.Background(), sim.Config{Ticks: cfg.Weeks, Replicates: n, Workers: w, Seed: 1, Observed: sim.OnlyInitial}, factory(cfg), discard); err != nil {
					b.Fatal(err)
				}
			}
			reportSteps(b, n*cfg.Professionals()*cfg.Weeks)
		})
	}
}

// BenchmarkOutput runs 200 Sedgefield replicates recording nothing, keeping
// values only, and writing the tidy CSV every week and every 4 weeks (to a
// buffered io.Discard), to show what output costs.
func BenchmarkOutput(b *testing.B) {
	cfg := build(b, "sedgefield", nil)
	const n = 200
	var ms []results.Metric
	for _, m := range cfg.Metrics() {
		ms = append(ms, results.Metric{Name: m.Name, Unit: m.Unit})
	}
	cases := []struct {
		name  string
		every int
		obs   func() sim.Observer
	}{
		{"none", 1, func() sim.Observer { return discard }},
		{"values-only", 1, func() sim.Observer {
			return results.NewRecorder(results.Meta{Scenario: cfg.Name, Replicates: n, Weeks: cfg.Weeks, Every: 1, Start: cfg.Start, Metrics: ms}, nil)
		}},
		{"tidy-weekly", 1, func() sim.Observer {
			return results.NewRecorder(results.Meta{Scenario: cfg.Name, Replicates: n, Weeks: cfg.Weeks, Every: 1, Start: cfg.Start, Metrics: ms}, bufio.NewWriter(io.Discard))
		}},
		{"tidy-every-4", 4, func() sim.Observer {
			return results.NewRecorder(results.Meta{Scenario: cfg.Name, Replicates: n, Weeks: cfg.Weeks, Every: 4, Start: cfg.Start, Metrics: ms}, bufio.NewWriter(io.Discard))
		}},
	}
	for _, c := range cases {
		b.Run("record="+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sc := sim.Config{Ticks: cfg.Weeks, Replicates: n, Every: c.every, Seed: 1}
				if c.name == "none" {
					sc.Observed = sim.OnlyInitial // as experiment.Run with no sinks
				}
				if err := sim.Run(context.Background(), sc, factory(cfg), c.obs()); err != nil {
					b.Fatal(err)
				}
			}
			reportSteps(b, n*cfg.Professionals()*cfg.Weeks)
		})
	}
}

// TestWarmStepAllocatesNothing checks issue 13's allocation target: once a
// world is warm (its queues and scratch sized by a year of weeks), a week
// (events, step and observation) allocates nothing, integrated or not.
// Shocks are events, not steps, and may allocate when they strike.
func TestWarmStepAllocatesNothing(t *testing.T) {
	for _, name := range []string{"sedgefield", "usual-care"} {
		t.Run(name, func(t *testing.T) {
			cfg := build(t, name, nil)
			w, err := model.New(cfg, sim.Replicate{Master: 1})
			if err != nil {
				t.Fatal(err)
			}
			var row []float64
			week := sim.Tick(1)
			step := func() {
				if err := w.Schedule().ApplyDue(week, w.EventRand()); err != nil {
					t.Fatal(err)
				}
				if err := w.Step(week); err != nil {
					t.Fatal(err)
				}
				row = w.Observe(week, row[:0])
				week++
			}
			for week <= 52 {
				step()
			}
			// AllocsPerRun calls its function once to warm up, then counts
			// the allocations of the next call: here weeks 105-208, every
			// allocation counted (an average over weeks would round one
			// down to 0).
			year := func() {
				for range 52 {
					step()
				}
			}
			if n := testing.AllocsPerRun(2, year); n != 0 {
				t.Errorf("weeks 105-208 of a warm world allocate %v times, want 0", n*2)
			}
		})
	}
}

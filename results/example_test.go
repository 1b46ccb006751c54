package results_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/sim"
)

// queue is a toy model: a waiting list that grows by random arrivals and
// shrinks by a fixed service rate.
type queue struct {
	waiting, service float64
	r                interface{ Float64() float64 }
}

func (q *queue) Step(sim.Tick) error {
	q.waiting = max(0, q.waiting+10*q.r.Float64()-q.service)
	return nil
}
func (q *queue) Observe(_ sim.Tick, dst []float64) []float64 { return append(dst, q.waiting) }

// Two scenarios run on the same seed and stream share their random numbers,
// so their replicates pair up and the difference has a tight interval.
func ExampleCompare() {
	start := time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)
	var sets []*results.Set
	for run, service := range []float64{5, 4.5} {
		meta := results.Meta{
			Scenario: []string{"usual-care", "joined-up"}[run], Run: run,
			Seed: 1, Stream: 0, Replicates: 20, Weeks: 104, Every: 4, Start: start,
			Metrics: []results.Metric{{Name: "waiting", Unit: "people"}},
		}
		rec := results.NewRecorder(meta, nil) // a tidy CSV writer would go here
		cfg := sim.Config{Ticks: meta.Weeks, Replicates: meta.Replicates, Every: meta.Every, Seed: meta.Seed, Stream: meta.Stream}
		factory := func(rep sim.Replicate) (sim.Model, error) {
			return &queue{waiting: 20, service: service, r: rep.Rand(1)}, nil
		}
		if err := sim.Run(context.Background(), cfg, factory, rec); err != nil {
			fmt.Println(err)
			return
		}
		sets = append(sets, rec.Set())
	}
	diffs, err := results.Compare(sets[0], sets[1])
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range diffs {
		if d.Week == 104 {
			fmt.Printf("%s %s week %d: excludes 0: %v\n", d.Other, d.Metric, d.Week, d.Excludes0)
		}
	}
	_ = results.WriteTable(os.Stdout, sets, nil, []int{results.EndWeek}, nil)
	// Output:
	// joined-up waiting week 104: excludes 0: true
	// mean [95% confidence interval of the mean] across replicates; usual-care: 20; joined-up: 20
	//
	// metric            when          usual-care         joined-up
	// waiting (people)  year 2 (end)  31.2 [21.8, 40.7]  77.9 [65.7, 90.1]
}

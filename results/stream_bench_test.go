package results

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/joinedup/joinedup/sim"
)

// weeklyRun returns a summariser of every week of a weekly Sedgefield run
// (261 weeks × 37 metrics), a trajectory of that shape, and a function
// that fills the trajectory with new random values.
func weeklyRun() (*Summariser, *sim.Trajectory, func()) {
	const weeks, metrics = 261, 37
	m := Meta{Start: time.Date(2003, 4, 1, 0, 0, 0, 0, time.UTC)}
	for range metrics {
		m.Metrics = append(m.Metrics, Metric{Name: "m"})
	}
	ws := make([]int, weeks)
	tr := &sim.Trajectory{Width: metrics, Ticks: make([]sim.Tick, weeks), Values: make([]float64, weeks*metrics)}
	for i := range ws {
		ws[i], tr.Ticks[i] = i, sim.Tick(i)
	}
	r := rand.New(rand.NewPCG(1, 2))
	fill := func() {
		for i := range tr.Values {
			tr.Values[i] = r.Float64()
		}
	}
	return NewSummariser(m, ws), tr, fill
}

// BenchmarkSummariserAdd adds replicates of 261 weeks × 37 metrics (a
// weekly Sedgefield run) once the percentiles are estimated by P²; ns/op
// is per replicate.
func BenchmarkSummariserAdd(b *testing.B) {
	s, tr, fill := weeklyRun()
	for range ExactUpTo + 10 {
		fill()
		s.Add(tr)
	}
	fill()
	for b.Loop() {
		s.Add(tr)
	}
}

// BenchmarkSummaries computes every summary of a weekly Sedgefield run of
// 1,000 replicates (261 weeks × 37 metrics), as an output folder does once
// the replicates are in; ns/op is per run.
func BenchmarkSummaries(b *testing.B) {
	s, tr, fill := weeklyRun()
	for range 1000 {
		fill()
		s.Add(tr)
	}
	for b.Loop() {
		s.Summaries()
	}
}

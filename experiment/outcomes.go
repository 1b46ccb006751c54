package experiment

import (
	"fmt"
	"math"
)

// WindowMeans is a Sink that reduces each design point to one number per
// metric: for each replicate, the mean of the metric over the last Window
// observed weeks (weeks where the metric is undefined, NaN, left out), then
// the mean over the replicates that had a value. It keeps one running sum
// per point and metric, as screening and sweep analyses need.
type WindowMeans struct {
	Arm     int      // the arm read; 0 is the first
	Metrics []string // metric names, each observed by the arm
	Window  int      // observed weeks averaged, ending at the last; 0 means 1

	cols []int
	sum  [][]float64 // [point][metric]
	n    [][]int
}

// Start finds the metrics' columns.
func (w *WindowMeans) Start(info *Info) error {
	if w.Arm < 0 || w.Arm >= len(info.Arms) {
		return fmt.Errorf("experiment: window means of arm %d; the plan has %d", w.Arm, len(info.Arms))
	}
	w.cols = w.cols[:0]
	for _, name := range w.Metrics {
		col := -1
		for j, m := range info.Arms[w.Arm].Metrics {
			if m.Name == name {
				col = j
			}
		}
		if col < 0 {
			return fmt.Errorf("experiment: arm %q observes no metric %q", info.Arms[w.Arm].Scenario, name)
		}
		w.cols = append(w.cols, col)
	}
	np := info.Plan.NumPoints()
	w.sum, w.n = make([][]float64, np), make([][]int, np)
	return nil
}

// Add adds one replicate of the arm.
func (w *WindowMeans) Add(u *Unit) error {
	if w.sum[u.Point] == nil {
		w.sum[u.Point], w.n[u.Point] = make([]float64, len(w.cols)), make([]int, len(w.cols))
	}
	tr := u.Arms[w.Arm]
	last := len(tr.Ticks) - 1
	for i, col := range w.cols {
		var s float64
		var k int
		for row := last; row >= 0 && row > last-max(w.Window, 1); row-- {
			if v := tr.Row(row)[col]; !math.IsNaN(v) {
				s += v
				k++
			}
		}
		if k > 0 {
			w.sum[u.Point][i] += s / float64(k)
			w.n[u.Point][i]++
		}
	}
	return nil
}

// Mean returns metric i's mean over the replicates of a point; NaN if none
// had a value.
func (w *WindowMeans) Mean(point, i int) float64 {
	if point < 0 || point >= len(w.n) || w.n[point] == nil || w.n[point][i] == 0 {
		return math.NaN()
	}
	return w.sum[point][i] / float64(w.n[point][i])
}

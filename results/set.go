package results

import "sort"

// Set holds every value of one run in memory: replicate × observed week ×
// metric. A Recorder builds it; its accessors only read.
type Set struct {
	meta  Meta
	weeks []int       // observed weeks, increasing
	reps  []int       // replicate numbers, in the order received
	vals  [][]float64 // per replicate: len(weeks)*len(meta.Metrics) values, row by row
}

// Meta returns the description of the run the set came from.
func (s *Set) Meta() Meta { return s.meta }

// Metrics returns the metrics in row order.
func (s *Set) Metrics() []Metric { return append([]Metric(nil), s.meta.Metrics...) }

// Weeks returns the observed weeks, in increasing order.
func (s *Set) Weeks() []int { return append([]int(nil), s.weeks...) }

// Replicates reports how many replicates the set holds.
func (s *Set) Replicates() int { return len(s.reps) }

// Replicate returns the replicate number of the i'th replicate held. Runs
// delivered by sim.Run hold replicates 0, 1, ... in order, so Replicate(i) == i.
func (s *Set) Replicate(i int) int { return s.reps[i] }

// Value returns the value of metric m at the w'th observed week of the
// rep'th replicate held. Indexes out of range panic.
func (s *Set) Value(rep, w, m int) float64 {
	nm := len(s.meta.Metrics)
	if m < 0 || m >= nm {
		panic("results: metric index out of range")
	}
	return s.vals[rep][w*nm+m]
}

// Column returns metric m at the w'th observed week, one value per replicate
// in the order held. The slice is new.
func (s *Set) Column(w, m int) []float64 {
	return s.column(nil, w, m)
}

func (s *Set) column(dst []float64, w, m int) []float64 {
	nm := len(s.meta.Metrics)
	if m < 0 || m >= nm || w < 0 || w >= len(s.weeks) {
		panic("results: index out of range")
	}
	dst = dst[:0]
	for _, v := range s.vals {
		dst = append(dst, v[w*nm+m])
	}
	return dst
}

// MetricIndex returns the index of the metric with the given name.
func (s *Set) MetricIndex(name string) (int, bool) {
	for i, m := range s.meta.Metrics {
		if m.Name == name {
			return i, true
		}
	}
	return 0, false
}

// WeekIndex returns the index of the latest observed week at or before week.
// It reports false if week precedes every observed week.
func (s *Set) WeekIndex(week int) (int, bool) {
	i := sort.SearchInts(s.weeks, week+1) - 1 // last index with weeks[i] <= week
	if i < 0 {
		return 0, false
	}
	return i, true
}

// exactWeek returns the index of week if it was observed.
func (s *Set) exactWeek(week int) (int, bool) {
	i, ok := s.WeekIndex(week)
	return i, ok && s.weeks[i] == week
}

// Date returns the calendar date of the w'th observed week.
func (s *Set) Date(w int) string { return dateOf(s.meta.Start, s.weeks[w]) }

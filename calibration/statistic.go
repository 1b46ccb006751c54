package calibration

import "math"

// Statistic is what a target takes from one replicate's weekly series of a
// metric, where series[w] is the value observed at week w and NaN marks a
// week the metric was missing.
type Statistic struct {
	// Kind is "mean" (over the weeks From to To, inclusive, skipping
	// missing weeks), "value" (at Week) or "first-week-below" (the first
	// week from From to To whose value is below Threshold, or +Inf if there
	// is none: the event did not happen in the window).
	Kind      string
	Week      int
	From, To  int
	Threshold float64
}

// Of returns the statistic of one replicate's series. A mean with no
// observed week, or a value at a missing or unobserved week, is NaN.
func (s Statistic) Of(series []float64) float64 {
	at := func(w int) float64 {
		if w < 0 || w >= len(series) {
			return math.NaN()
		}
		return series[w]
	}
	switch s.Kind {
	case "mean":
		sum, n := 0.0, 0
		for w := s.From; w <= s.To; w++ {
			if v := at(w); !math.IsNaN(v) {
				sum += v
				n++
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return sum / float64(n)
	case "value":
		return at(s.Week)
	case "first-week-below":
		for w := s.From; w <= s.To; w++ {
			if v := at(w); v < s.Threshold {
				return float64(w)
			}
		}
		return math.Inf(1)
	}
	panic("calibration: unknown statistic " + s.Kind)
}

// MeanOver returns the mean of the statistic over replicates' values, as a
// fit target's simulated summary: NaN if any replicate's is NaN or
// infinite, so a parameter set for which the model cannot produce the
// figure is never accepted.
func MeanOver(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.NaN()
		}
		s += v
	}
	return s / float64(len(values))
}

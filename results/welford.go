package results

import "math"

// Welford accumulates the count, mean and variance of a stream of values
// in one pass, by Welford's (1962) update, which stays accurate when the
// mean is large against the spread. NaN values are skipped. The zero value
// is empty and ready to use; it holds three numbers whatever the stream's
// length.
type Welford struct {
	n    int
	mean float64
	m2   float64 // sum of squared deviations from the running mean
}

// Add adds x; NaN is skipped.
func (w *Welford) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	w.n++
	d := x - w.mean
	w.mean += d / float64(w.n)
	w.m2 += d * (x - w.mean)
}

// N is the number of values added, NaN excluded.
func (w *Welford) N() int { return w.n }

// Mean is the mean of the values; NaN when there are none.
func (w *Welford) Mean() float64 {
	if w.n == 0 {
		return math.NaN()
	}
	return w.mean
}

// SD is the sample standard deviation (denominator N-1): NaN with no
// values, 0 with one.
func (w *Welford) SD() float64 {
	switch w.n {
	case 0:
		return math.NaN()
	case 1:
		return 0
	}
	return math.Sqrt(w.m2 / float64(w.n-1))
}

// Interval is the 95% confidence interval of the mean, Student's t with
// N-1 degrees of freedom; both ends equal the value when N == 1 and are
// NaN when N == 0.
func (w *Welford) Interval() (lo, hi float64) {
	switch w.n {
	case 0:
		return math.NaN(), math.NaN()
	case 1:
		return w.mean, w.mean
	}
	half := tQuantile975(w.n-1) * w.SD() / math.Sqrt(float64(w.n))
	return w.mean - half, w.mean + half
}

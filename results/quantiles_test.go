package results

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestQuantilesExact checks that up to ExactUpTo values the quantiles are
// the empirical ones.
func TestQuantilesExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	q := NewQuantiles(SummaryProbs...)
	var xs []float64
	for range ExactUpTo {
		x := r.NormFloat64()
		xs = append(xs, x)
		q.Add(x)
		q.Add(math.NaN()) // skipped
	}
	if !q.Exact() || q.N() != ExactUpTo {
		t.Fatalf("exact %v with %d values", q.Exact(), q.N())
	}
	slices.Sort(xs)
	for i, p := range SummaryProbs {
		if got, want := q.Quantile(i), stat.Quantile(p, stat.Empirical, xs, nil); got != want {
			t.Errorf("p=%g: %g, want %g", p, got, want)
		}
	}
	q.Add(0)
	if q.Exact() {
		t.Error("still exact beyond ExactUpTo")
	}
}

// TestQuantilesAccuracy measures the P² estimates against the exact
// empirical quantiles of the same values, as the share of values at or
// below the estimate (the empirical CDF at it), on several distributions
// and sample sizes. The bounds are those documented at ExactUpTo.
func TestQuantilesAccuracy(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 4))
	dists := []struct {
		name string
		draw func() float64
	}{
		{"normal", distuv.Normal{Mu: 5, Sigma: 2, Src: src}.Rand},
		{"uniform", distuv.Uniform{Min: -1, Max: 3, Src: src}.Rand},
		{"exponential", distuv.Exponential{Rate: 0.5, Src: src}.Rand},
		{"lognormal", distuv.LogNormal{Mu: 0, Sigma: 1, Src: src}.Rand},
	}
	for _, d := range dists {
		for _, n := range []int{1000, 10_000, 100_000} {
			bound := 0.004
			if n < 10_000 {
				bound = 0.01
			}
			q := NewQuantiles(SummaryProbs...)
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = d.draw()
				q.Add(xs[i])
			}
			slices.Sort(xs)
			for i, p := range SummaryProbs {
				est := q.Quantile(i)
				cdf := float64(sort.SearchFloat64s(xs, est)) / float64(n)
				if testing.Verbose() {
					t.Logf("%s n=%d p=%g: error %.4f", d.name, n, p, cdf-p)
				}
				if math.Abs(cdf-p) > bound {
					t.Errorf("%s n=%d p=%g: estimate %g has %g of values below it (exact quantile %g); bound %g",
						d.name, n, p, est, cdf, stat.Quantile(p, stat.Empirical, xs, nil), bound)
				}
			}
		}
	}
}

// TestWelford checks the running moments against gonum's two-pass ones.
func TestWelford(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var w Welford
	var xs []float64
	for range 1000 {
		x := 1e6 + r.NormFloat64()
		xs = append(xs, x)
		w.Add(x)
	}
	mean, sd := stat.MeanStdDev(xs, nil)
	if math.Abs(w.Mean()-mean) > 1e-9 || math.Abs(w.SD()-sd) > 1e-9 {
		t.Errorf("Welford %g ± %g, two-pass %g ± %g", w.Mean(), w.SD(), mean, sd)
	}
	n, _, _, lo, hi := MeanInterval(xs)
	wlo, whi := w.Interval()
	if n != w.N() || math.Abs(lo-wlo) > 1e-9 || math.Abs(hi-whi) > 1e-9 {
		t.Errorf("interval [%g, %g], want [%g, %g]", wlo, whi, lo, hi)
	}
	var empty Welford
	if !math.IsNaN(empty.Mean()) || !math.IsNaN(empty.SD()) {
		t.Error("empty Welford is not NaN")
	}
}

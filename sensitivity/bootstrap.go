package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// DefaultResamples is the number of bootstrap resamples when
// Bootstrap.Resamples is zero.
const DefaultResamples = 1000

// DefaultLevel is the coverage of bootstrap intervals when Bootstrap.Level
// is zero.
const DefaultLevel = 0.95

// Bootstrap sets the percentile bootstrap (Efron and Tibshirani 1993, ch. 13)
// behind the confidence intervals of the analyses: the independent units
// of a design (the base rows of a Saltelli design, the trajectories of a
// Morris design) are resampled with replacement Resamples times, the
// estimate is recomputed on each resample, and the interval runs from the
// (1−Level)/2 to the (1+Level)/2 quantile of the recomputed estimates.
//
// The resamples are drawn from the *rand.Rand passed to the analysis, so the
// same source state gives the same intervals.
type Bootstrap struct {
	Resamples int     // number of resamples B; 0 means DefaultResamples
	Level     float64 // interval coverage in (0, 1); 0 means DefaultLevel
}

// Interval is a confidence interval [Lo, Hi].
type Interval struct {
	Lo, Hi float64
}

// Contains reports whether v is in the interval.
func (iv Interval) Contains(v float64) bool { return iv.Lo <= v && v <= iv.Hi }

// Width returns Hi − Lo.
func (iv Interval) Width() float64 { return iv.Hi - iv.Lo }

// noInterval is the interval of an estimate that has none.
var noInterval = Interval{math.NaN(), math.NaN()}

// resolved returns the settings with zero values replaced by defaults, or
// an error.
func (b Bootstrap) resolved() (Bootstrap, error) {
	if b.Resamples == 0 {
		b.Resamples = DefaultResamples
	}
	if b.Level == 0 {
		b.Level = DefaultLevel
	}
	var errs []error
	if b.Resamples < 1 {
		errs = append(errs, fmt.Errorf("sensitivity: %d bootstrap resamples: need at least 1", b.Resamples))
	}
	if !(b.Level > 0 && b.Level < 1) {
		errs = append(errs, fmt.Errorf("sensitivity: bootstrap level %g: need a value between 0 and 1", b.Level))
	}
	return b, errors.Join(errs...)
}

// percentile returns the percentile interval of the estimates at the
// given level. It sorts est.
func percentile(est []float64, level float64) Interval {
	slices.Sort(est)
	lo := stat.Quantile((1-level)/2, stat.LinInterp, est, nil)
	hi := stat.Quantile((1+level)/2, stat.LinInterp, est, nil)
	return Interval{lo, hi}
}

// resample fills idx with indices drawn with replacement from 0..len(idx)−1.
func resample(idx []int, r *rand.Rand) {
	for i := range idx {
		idx[i] = r.IntN(len(idx))
	}
}

package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// DefaultBins is the number of bins of an outcome curve when Curve.Bins is
// zero and the factor takes more than DefaultBins distinct values.
const DefaultBins = 10

// Curve sets how an outcome is summarised against one factor: the points
// are binned by the factor's value, and each bin reports the outcome's mean
// and a quantile band.
type Curve struct {
	// Bins is the number of equal-width bins over the factor's observed
	// range. 0 means one bin per distinct value when the factor takes at
	// most DefaultBins values (a grid or a categorical factor), and
	// DefaultBins equal-width bins otherwise.
	Bins int
	// Lower and Upper are the quantiles of the band, 0 < Lower < Upper < 1;
	// 0 means 0.05 and 0.95. Quantiles interpolate linearly between order
	// statistics (gonum stat.LinInterp).
	Lower, Upper float64
}

// Bin is one bin of an outcome curve.
type Bin struct {
	Lo, Hi       float64 // the bin holds factor values in [Lo, Hi) (the last also Hi); equal for a bin of one value
	N            int     // number of points in the bin
	Mean         float64 // mean outcome; NaN when N = 0
	Lower, Upper float64 // quantile band of the outcome; NaN when N = 0
}

// Of bins the points by factor value x and summarises outcome y in each
// bin (y[k] belongs to x[k]). Bins are in increasing order of x; an empty
// equal-width bin is kept, with N = 0.
func (c Curve) Of(x, y []float64) ([]Bin, error) {
	if c.Lower == 0 {
		c.Lower = 0.05
	}
	if c.Upper == 0 {
		c.Upper = 0.95
	}
	var errs []error
	if len(x) != len(y) {
		errs = append(errs, fmt.Errorf("sensitivity: %d factor values but %d outcomes", len(x), len(y)))
	}
	if len(x) == 0 {
		errs = append(errs, errors.New("sensitivity: no points to bin"))
	}
	if c.Bins < 0 {
		errs = append(errs, fmt.Errorf("sensitivity: %d bins: need 0 or more", c.Bins))
	}
	if !(0 < c.Lower && c.Lower < c.Upper && c.Upper < 1) {
		errs = append(errs, fmt.Errorf("sensitivity: quantile band %g to %g: need 0 < lower < upper < 1", c.Lower, c.Upper))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for k := range x {
		if math.IsNaN(x[k]) || math.IsInf(x[k], 0) || math.IsNaN(y[k]) || math.IsInf(y[k], 0) {
			return nil, fmt.Errorf("sensitivity: point %d has factor value %g and outcome %g", k, x[k], y[k])
		}
	}
	lo, hi := slices.Min(x), slices.Max(x)
	var bins []Bin
	var which func(v float64) int
	distinct := slices.Compact(slices.Sorted(slices.Values(x)))
	if c.Bins == 0 && len(distinct) <= DefaultBins {
		bins = make([]Bin, len(distinct))
		for b, v := range distinct {
			bins[b].Lo, bins[b].Hi = v, v
		}
		which = func(v float64) int { b, _ := slices.BinarySearch(distinct, v); return b }
	} else {
		n := c.Bins
		if n == 0 {
			n = DefaultBins
		}
		bins = make([]Bin, n)
		w := (hi - lo) / float64(n)
		for b := range bins {
			bins[b].Lo, bins[b].Hi = lo+float64(b)*w, lo+float64(b+1)*w
		}
		bins[n-1].Hi = hi
		which = func(v float64) int {
			if w == 0 {
				return 0
			}
			return min(n-1, int((v-lo)/w))
		}
	}
	groups := make([][]float64, len(bins))
	for k, v := range x {
		b := which(v)
		groups[b] = append(groups[b], y[k])
	}
	for b, g := range groups {
		bins[b].N = len(g)
		if len(g) == 0 {
			bins[b].Mean, bins[b].Lower, bins[b].Upper = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		slices.Sort(g)
		bins[b].Mean = stat.Mean(g, nil)
		bins[b].Lower = stat.Quantile(c.Lower, stat.LinInterp, g, nil)
		bins[b].Upper = stat.Quantile(c.Upper, stat.LinInterp, g, nil)
	}
	return bins, nil
}

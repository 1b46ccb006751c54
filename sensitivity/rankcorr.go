package sensitivity

import (
	"errors"
	"math"
	"slices"
)

// Ranks returns the rank of each value, 1 for the largest, with tied
// values given the mean of the ranks they share (fractional ranking).
// NaN values are ranked last, tied among themselves.
func Ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) float64 {
		if math.IsNaN(v[i]) {
			return math.Inf(-1)
		}
		return v[i]
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch x, y := key(a), key(b); {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && key(idx[j+1]) == key(idx[i]) {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

// RankCorrelation returns Spearman's rank correlation of a and b: the
// Pearson correlation of their ranks (Ranks), from −1 (order reversed)
// to 1 (the same order). It is used to say whether a sensitivity ranking
// holds when the sample size changes. It is NaN when either ranking is
// constant.
func RankCorrelation(a, b []float64) (float64, error) {
	if len(a) != len(b) {
		return math.NaN(), errors.New("sensitivity: rank correlation of samples of different lengths")
	}
	if len(a) < 2 {
		return math.NaN(), errors.New("sensitivity: rank correlation needs at least 2 pairs")
	}
	ra, rb := Ranks(a), Ranks(b)
	n := float64(len(a))
	ma, mb := (n+1)/2, (n+1)/2
	var sab, saa, sbb float64
	for i := range ra {
		da, db := ra[i]-ma, rb[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	if saa == 0 || sbb == 0 {
		return math.NaN(), nil
	}
	return sab / math.Sqrt(saa*sbb), nil
}

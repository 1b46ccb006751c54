package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// ErrConstant is returned by SobolIndices when the outputs do not vary,
// so that no share of their variance can be given to any factor.
var ErrConstant = errors.New("sensitivity: the outputs of A and B do not vary: the indices are undefined")

// SobolIndex is one factor's variance-based sensitivity indices with
// bootstrap confidence intervals.
//
// The first-order index S1 is the share of the output's variance that the
// factor explains alone, Var(E[Y|X_i])/Var(Y); the total-order index ST is
// the share that involves it at all, alone or through interactions,
// E[Var(Y|X_~i)]/Var(Y). 0 ≤ S1 ≤ ST ≤ 1 for the true indices; estimates
// can stray outside by sampling error, most for small indices.
type SobolIndex struct {
	Factor int      // index of the factor in the design, from 0
	S1     float64  // first-order index, Saltelli et al. (2010) estimator
	ST     float64  // total-order index, Jansen (1999) estimator
	S1CI   Interval // bootstrap interval on S1
	STCI   Interval // bootstrap interval on ST
}

// SobolIndices estimates the first- and total-order indices of each factor
// from the outputs y of a Saltelli design (y[k] for point k of s.Design),
// with percentile bootstrap intervals that resample the N base rows.
//
// With f_A, f_B and f_ABi the outputs of row j of A, B and AB_i, and f0 and
// V the mean and variance of the 2N outputs of A and B together (Saltelli
// et al. 2010, Table 2, estimators (b) and (f)):
//
//	S1_i = (1/N) Σ_j (f_B − f0)·(f_ABi − f_A) / V
//	ST_i = (1/2N) Σ_j (f_A − f_ABi)² / V
//
// Centring f_B by f0 leaves the expectation of S1 unchanged, since f_ABi −
// f_A has mean zero, but removes the output's mean from its variance
// (Sobol' 2001): without it an output whose mean is large beside its spread
// gives first-order estimates that are mostly noise. The indices and their
// intervals are therefore unchanged, up to rounding, by adding a constant
// to y. f0 and V are recomputed on each bootstrap resample.
//
// r draws the resamples and must not be nil.
func SobolIndices(s Saltelli, y []float64, b Bootstrap, r *rand.Rand) ([]SobolIndex, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	b, err := b.resolved()
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errors.New("sensitivity: SobolIndices needs a random source for its bootstrap")
	}
	if len(y) != s.Len() {
		return nil, fmt.Errorf("sensitivity: %d outputs for a Saltelli design of %d runs (%d base rows × %d)", len(y), s.Len(), s.N, s.Dim+2)
	}
	for k, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sensitivity: output %d is %g", k, v)
		}
	}
	n, d := s.N, s.Dim
	// Per base row: the outputs of A and B, and each factor's terms:
	// f_B·(f_ABi − f_A), f_ABi − f_A (to centre f_B on each resample), and
	// (f_A − f_ABi)²/2. Outputs are first shifted by the overall mean of A
	// and B, which changes no index but keeps the sums well conditioned.
	var shift float64
	for j := range n {
		shift += y[s.A(j)] + y[s.B(j)]
	}
	shift /= float64(2 * n)
	fa, fb := make([]float64, n), make([]float64, n)
	first, diff, total := make([][]float64, d), make([][]float64, d), make([][]float64, d)
	for i := range d {
		first[i], diff[i], total[i] = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	for j := range n {
		fa[j], fb[j] = y[s.A(j)]-shift, y[s.B(j)]-shift
		for i := range d {
			fab := y[s.AB(j, i)] - shift
			first[i][j] = fb[j] * (fab - fa[j])
			diff[i][j] = fab - fa[j]
			total[i][j] = (fa[j] - fab) * (fa[j] - fab) / 2
		}
	}
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	s1, st := make([]float64, d), make([]float64, d)
	terms := sobolTerms{fa, fb, first, diff, total}
	if !terms.estimate(all, s1, st) {
		return nil, ErrConstant
	}
	out := make([]SobolIndex, d)
	for i := range d {
		out[i] = SobolIndex{Factor: i, S1: s1[i], ST: st[i]}
	}
	bs1, bst := make([][]float64, d), make([][]float64, d)
	for i := range d {
		bs1[i], bst[i] = make([]float64, 0, b.Resamples), make([]float64, 0, b.Resamples)
	}
	idx := make([]int, n)
	for range b.Resamples {
		resample(idx, r)
		if !terms.estimate(idx, s1, st) {
			continue // a resample of constant outputs carries no estimate
		}
		for i := range d {
			bs1[i] = append(bs1[i], s1[i])
			bst[i] = append(bst[i], st[i])
		}
	}
	for i := range d {
		if len(bs1[i]) == 0 {
			out[i].S1CI, out[i].STCI = noInterval, noInterval
			continue
		}
		out[i].S1CI = percentile(bs1[i], b.Level)
		out[i].STCI = percentile(bst[i], b.Level)
	}
	return out, nil
}

// sobolTerms holds the per-row terms of the estimators, [factor][row] for
// first, diff and total.
type sobolTerms struct {
	fa, fb             []float64
	first, diff, total [][]float64
}

// estimate computes the indices over the base rows idx into s1 and st, and
// reports false if the outputs do not vary.
func (t sobolTerms) estimate(idx []int, s1, st []float64) bool {
	fa, fb := t.fa, t.fb
	// Variance of the 2·len(idx) outputs, by a shifted two-pass sum.
	var mean float64
	for _, j := range idx {
		mean += fa[j] + fb[j]
	}
	m := float64(len(idx))
	mean /= 2 * m
	var v float64
	for _, j := range idx {
		v += (fa[j]-mean)*(fa[j]-mean) + (fb[j]-mean)*(fb[j]-mean)
	}
	v /= 2 * m
	if !(v > 0) {
		return false
	}
	for i := range s1 {
		var a, dd, tt float64
		for _, j := range idx {
			a += t.first[i][j]
			dd += t.diff[i][j]
			tt += t.total[i][j]
		}
		// Σ (f_B − f0)(f_ABi − f_A) = Σ f_B(f_ABi − f_A) − f0·Σ (f_ABi − f_A)
		s1[i] = (a - mean*dd) / m / v
		st[i] = tt / m / v
	}
	return true
}

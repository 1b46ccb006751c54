package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

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
// With f_A, f_B and f_ABi the outputs of row j of A, B and AB_i, and V the
// variance of the 2N outputs of A and B together (Saltelli et al. 2010,
// Table 2, estimators (b) and (f)):
//
//	S1_i = (1/N) Σ_j f_B·(f_ABi − f_A) / V
//	ST_i = (1/2N) Σ_j (f_A − f_ABi)² / V
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
	// Per base row: the outputs of A and B, and each factor's terms.
	fa, fb := make([]float64, n), make([]float64, n)
	first, total := make([][]float64, d), make([][]float64, d)
	for i := range d {
		first[i], total[i] = make([]float64, n), make([]float64, n)
	}
	for j := range n {
		fa[j], fb[j] = y[s.A(j)], y[s.B(j)]
		for i := range d {
			fab := y[s.AB(j, i)]
			first[i][j] = fb[j] * (fab - fa[j])
			total[i][j] = (fa[j] - fab) * (fa[j] - fab) / 2
		}
	}
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	s1, st := make([]float64, d), make([]float64, d)
	if !sobolEstimate(all, fa, fb, first, total, s1, st) {
		return nil, errors.New("sensitivity: the outputs of A and B do not vary: the indices are undefined")
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
		if !sobolEstimate(idx, fa, fb, first, total, s1, st) {
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

// sobolEstimate computes the indices over the base rows idx into s1 and st,
// and reports false if the outputs do not vary.
func sobolEstimate(idx []int, fa, fb []float64, first, total [][]float64, s1, st []float64) bool {
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
		var a, t float64
		for _, j := range idx {
			a += first[i][j]
			t += total[i][j]
		}
		s1[i] = a / m / v
		st[i] = t / m / v
	}
	return true
}

package sensitivity

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mathext"
)

// Defaults of PRIM's settings, those of the EMA Workbench.
const (
	DefaultPeelAlpha   = 0.05
	DefaultPasteAlpha  = 0.05
	DefaultMinMass     = 0.05
	DefaultMinCoverage = 0.8
	DefaultMaxQuasiP   = 0.05
)

// PRIM is the Patient Rule Induction Method of Friedman and Fisher (1999)
// used for scenario discovery (Bryant and Lempert 2010) as the EMA
// Workbench implements it (Kwakkel 2017): given the inputs of a set of runs
// and which runs had an outcome of interest, find a box (a range per
// continuous factor, a set of values per categorical factor) that holds
// many of the runs of interest (coverage) and few of the others (density).
//
// Peeling starts from the box that holds every point. Each step considers,
// for every continuous factor, cutting the PeelAlpha share of the box's
// points off its lower or its upper end, and for every categorical factor
// with more than one value left, dropping one value; it takes the candidate
// with the largest gain in density per point removed (the EMA Workbench's
// default "lenient1" objective), preferring candidates that restrict fewer
// factors. Peeling stops when no candidate raises the density or the box
// would fall below MinMass. Pasting then widens the last box, one
// restricted factor at a time, to take in the PasteAlpha share of the
// points just beyond a limit (or one dropped value back), while that raises
// the density.
//
// Peeling goes on after the real structure is found, cutting noise that
// happens to raise the density a little; the later boxes of a trajectory
// overfit. Each box therefore carries, for each restriction, the quasi-p-
// value of Bryant and Lempert (2010) as the EMA Workbench computes it: the
// one-sided binomial probability of the box's hits, or more, among its
// points, at the density of the box without that restriction. The chosen
// box is the densest whose coverage reaches MinCoverage and whose every
// restriction has a quasi-p-value of at most MaxQuasiP.
type PRIM struct {
	// PeelAlpha is the share of the box's points a peel cuts off, in
	// (0, 0.5); 0 means DefaultPeelAlpha.
	PeelAlpha float64
	// PasteAlpha is the share of the points beyond a limit a paste takes
	// in, in (0, 1); 0 means DefaultPasteAlpha.
	PasteAlpha float64
	// MinMass is the least share of all points a box may hold, in [0, 1);
	// 0 means DefaultMinMass.
	MinMass float64
	// MinCoverage and MaxQuasiP select PRIMResult.Chosen: the least
	// coverage, in (0, 1], and the largest quasi-p-value of a restriction,
	// in (0, 1]; 0 means DefaultMinCoverage and DefaultMaxQuasiP.
	MinCoverage float64
	MaxQuasiP   float64
}

// Limit is a box's restriction on one factor.
type Limit struct {
	Lo, Hi float64   // continuous factor: the box holds Lo ≤ x ≤ Hi
	Levels []float64 // categorical factor: the values the box holds, increasing; nil for a continuous factor
}

// Box is one box of a PRIM trajectory.
type Box struct {
	Limits     []Limit // one per factor
	Restricted []int   // factors whose limits exclude some of the data's values, increasing
	N          int     // number of points in the box
	Hits       int     // number of points of interest in the box
	Coverage   float64 // Hits over all points of interest
	Density    float64 // Hits over N
	Mass       float64 // N over all points

	// QuasiP holds, for each factor in Restricted, the one-sided binomial
	// probability of Hits or more among N points at the density of the box
	// without that factor's restriction: small when the restriction
	// matters.
	QuasiP []float64
}

// PRIMResult is the peeling and pasting trajectory of a PRIM search.
type PRIMResult struct {
	// Trajectory holds the boxes in the order found: the whole space
	// first, then one box per peel, then one per paste.
	Trajectory []Box
	// Peels is the number of peeling steps: Trajectory[Peels] is the last
	// peeled box, and the boxes after it are pastes.
	Peels int
	// Chosen is the index in Trajectory of the densest box with coverage
	// at least MinCoverage and no quasi-p-value above MaxQuasiP (the
	// earliest among equals); the whole space, 0, qualifies always.
	Chosen int
}

// Find runs PRIM on the points x (x[k][i] is factor i of point k) with the
// points of interest marked in y. A factor with categorical[i] set takes a
// finite set of unordered values (level indices, say); the others are
// continuous. categorical may be nil, making every factor continuous. Find
// uses no randomness: the same input gives the same result.
func (p PRIM) Find(x [][]float64, categorical []bool, y []bool) (PRIMResult, error) {
	p, err := p.resolved()
	if err != nil {
		return PRIMResult{}, err
	}
	s, err := newPrimSearch(p, x, categorical, y)
	if err != nil {
		return PRIMResult{}, err
	}
	res := PRIMResult{Trajectory: []Box{s.box(s.init, s.all)}}
	lim, in := s.init, s.all
	for {
		next, nin, ok := s.peel(lim, in)
		if !ok {
			break
		}
		lim, in = next, nin
		res.Trajectory = append(res.Trajectory, s.box(lim, in))
		res.Peels++
	}
	for {
		next, nin, ok := s.paste(lim, in)
		if !ok {
			break
		}
		lim, in = next, nin
		res.Trajectory = append(res.Trajectory, s.box(lim, in))
	}
	for k, b := range res.Trajectory {
		if b.Coverage >= p.MinCoverage && slices.Max(append([]float64{0}, b.QuasiP...)) <= p.MaxQuasiP && b.Density > res.Trajectory[res.Chosen].Density {
			res.Chosen = k
		}
	}
	return res, nil
}

// resolved returns the settings with defaults filled in, or an error.
func (p PRIM) resolved() (PRIM, error) {
	if p.PeelAlpha == 0 {
		p.PeelAlpha = DefaultPeelAlpha
	}
	if p.PasteAlpha == 0 {
		p.PasteAlpha = DefaultPasteAlpha
	}
	if p.MinMass == 0 {
		p.MinMass = DefaultMinMass
	}
	if p.MinCoverage == 0 {
		p.MinCoverage = DefaultMinCoverage
	}
	if p.MaxQuasiP == 0 {
		p.MaxQuasiP = DefaultMaxQuasiP
	}
	var errs []error
	if !(p.PeelAlpha > 0 && p.PeelAlpha < 0.5) {
		errs = append(errs, fmt.Errorf("sensitivity: PRIM peel alpha %g: need a value between 0 and 0.5", p.PeelAlpha))
	}
	if !(p.PasteAlpha > 0 && p.PasteAlpha < 1) {
		errs = append(errs, fmt.Errorf("sensitivity: PRIM paste alpha %g: need a value between 0 and 1", p.PasteAlpha))
	}
	if !(p.MinMass > 0 && p.MinMass < 1) {
		errs = append(errs, fmt.Errorf("sensitivity: PRIM minimum mass %g: need a value between 0 and 1", p.MinMass))
	}
	if !(p.MinCoverage > 0 && p.MinCoverage <= 1) {
		errs = append(errs, fmt.Errorf("sensitivity: PRIM minimum coverage %g: need a value in (0, 1]", p.MinCoverage))
	}
	if !(p.MaxQuasiP > 0 && p.MaxQuasiP <= 1) {
		errs = append(errs, fmt.Errorf("sensitivity: PRIM maximum quasi-p-value %g: need a value in (0, 1]", p.MaxQuasiP))
	}
	return p, errors.Join(errs...)
}

// primSearch holds the data of one search.
type primSearch struct {
	p     PRIM
	x     [][]float64
	cat   []bool
	y     []bool
	n, d  int
	hits  int     // points of interest in all
	init  []Limit // the box holding every point
	all   []int   // every point's index
	order [][]int // each continuous factor's points in increasing order of value
	mark  []bool  // the points of the box being peeled

	col  []float64 // scratch: one factor's values in the box, increasing
	cumH []int     // scratch: cumH[j] = points of interest among col[:j+1]
}

func newPrimSearch(p PRIM, x [][]float64, categorical []bool, y []bool) (*primSearch, error) {
	n := len(x)
	if n == 0 {
		return nil, errors.New("sensitivity: PRIM needs points")
	}
	if len(y) != n {
		return nil, fmt.Errorf("sensitivity: PRIM: %d points but %d outcomes", n, len(y))
	}
	d := len(x[0])
	if d == 0 {
		return nil, errors.New("sensitivity: PRIM: points have no factors")
	}
	if categorical == nil {
		categorical = make([]bool, d)
	}
	if len(categorical) != d {
		return nil, fmt.Errorf("sensitivity: PRIM: %d factors but %d categorical flags", d, len(categorical))
	}
	s := &primSearch{p: p, x: x, cat: categorical, y: y, n: n, d: d, init: make([]Limit, d), all: make([]int, n)}
	for k, row := range x {
		if len(row) != d {
			return nil, fmt.Errorf("sensitivity: PRIM: point %d has %d values, want %d", k, len(row), d)
		}
		for i, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("sensitivity: PRIM: point %d, factor %d is %g", k, i, v)
			}
		}
		if y[k] {
			s.hits++
		}
		s.all[k] = k
	}
	if s.hits == 0 {
		return nil, errors.New("sensitivity: PRIM: no point is of interest, so there is nothing to find")
	}
	s.order = make([][]int, d)
	s.mark = make([]bool, n)
	for i := range d {
		col := make([]float64, n)
		for k, row := range x {
			col[k] = row[i]
		}
		if !categorical[i] {
			s.order[i] = slices.Clone(s.all)
			slices.SortStableFunc(s.order[i], func(a, b int) int { return cmp.Compare(x[a][i], x[b][i]) })
		}
		slices.Sort(col)
		if categorical[i] {
			s.init[i] = Limit{Lo: col[0], Hi: col[n-1], Levels: slices.Compact(col)}
		} else {
			s.init[i] = Limit{Lo: col[0], Hi: col[n-1]}
		}
	}
	return s, nil
}

// box summarises the box with limits lim holding points in.
func (s *primSearch) box(lim []Limit, in []int) Box {
	b := Box{Limits: make([]Limit, s.d), N: len(in)}
	for i, l := range lim {
		b.Limits[i] = Limit{Lo: l.Lo, Hi: l.Hi, Levels: slices.Clone(l.Levels)}
		if s.restricts(i, l) {
			b.Restricted = append(b.Restricted, i)
		}
	}
	b.Hits = s.count(in)
	b.Coverage = float64(b.Hits) / float64(s.hits)
	b.Mass = float64(b.N) / float64(s.n)
	if b.N > 0 {
		b.Density = float64(b.Hits) / float64(b.N)
	}
	b.QuasiP = s.quasiP(b)
	return b
}

// quasiP returns the quasi-p-value of each of the box's restrictions. A
// point lies in the box without restriction j if it breaks no limit but
// j's, so one pass over the points serves every restriction.
func (s *primSearch) quasiP(b Box) []float64 {
	if len(b.Restricted) == 0 {
		return nil
	}
	n := make([]int, len(b.Restricted)) // points in the box without restriction j
	h := make([]int, len(b.Restricted))
	for k, row := range s.x {
		broken := -1
		for j, i := range b.Restricted {
			if !s.within(i, b.Limits[i], row[i]) {
				if broken >= 0 {
					broken = -2
					break
				}
				broken = j
			}
		}
		switch {
		case broken == -2:
			continue
		case broken == -1: // in the box: in every relaxed box too
			for j := range n {
				n[j]++
				if s.y[k] {
					h[j]++
				}
			}
		default:
			n[broken]++
			if s.y[k] {
				h[broken]++
			}
		}
	}
	qp := make([]float64, len(n))
	for j := range n {
		qp[j] = 1
		if n[j] > 0 {
			qp[j] = binomialUpper(b.Hits, b.N, float64(h[j])/float64(n[j]))
		}
	}
	return qp
}

// within reports whether value v of factor i is within limit l.
func (s *primSearch) within(i int, l Limit, v float64) bool {
	if s.cat[i] {
		_, ok := slices.BinarySearch(l.Levels, v)
		return ok
	}
	return l.Lo <= v && v <= l.Hi
}

// binomialUpper returns P(X ≥ h) for X binomial with n trials and success
// probability p: the regularised incomplete beta function I_p(h, n−h+1).
func binomialUpper(h, n int, p float64) float64 {
	switch {
	case h <= 0:
		return 1
	case h > n || p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	return mathext.RegIncBeta(float64(h), float64(n-h+1), p)
}

// restricts reports whether limit l on factor i excludes some of the data.
func (s *primSearch) restricts(i int, l Limit) bool {
	if s.cat[i] {
		return len(l.Levels) < len(s.init[i].Levels)
	}
	return l.Lo > s.init[i].Lo || l.Hi < s.init[i].Hi
}

func (s *primSearch) restrictedCount(lim []Limit) int {
	n := 0
	for i, l := range lim {
		if s.restricts(i, l) {
			n++
		}
	}
	return n
}

// count returns the number of points of interest among in.
func (s *primSearch) count(in []int) int {
	h := 0
	for _, k := range in {
		if s.y[k] {
			h++
		}
	}
	return h
}

// candidate is a possible next box.
type candidate struct {
	lim  []Limit
	n, h int // points, and points of interest, in the box
	obj  float64
	res  int // restricted factors
	dim  int // the factor whose limit changed
}

// better reports whether c is a better candidate than best: a larger
// objective, then fewer restricted factors; the earlier candidate wins ties.
func (c candidate) better(best *candidate) bool {
	if best == nil {
		return true
	}
	if c.obj != best.obj {
		return c.obj > best.obj
	}
	return c.res < best.res
}

// objective is the EMA Workbench's "lenient1": the change in density over
// the change in the number of points, from a box of n points with h of
// interest to one of n2 points with h2.
func objective(n, h, n2, h2 int) float64 {
	if n2 == n {
		return 0
	}
	oldMean := float64(h) / float64(n)
	newMean := 0.0
	if n2 > 0 {
		newMean = float64(h2) / float64(n2)
	}
	return (newMean - oldMean) / math.Abs(float64(n2-n))
}

// consider scores a candidate box, changed in factor dim from a box of n
// points with h of interest, and keeps it if it is the best so far.
func (s *primSearch) consider(best **candidate, n, h int, lim []Limit, dim, n2, h2 int) {
	c := candidate{lim: lim, n: n2, h: h2, obj: objective(n, h, n2, h2), res: s.restrictedCount(lim), dim: dim}
	if c.better(*best) {
		*best = &c
	}
}

// withLimit returns a copy of lim with factor i's limit replaced.
func withLimit(lim []Limit, i int, l Limit) []Limit {
	out := slices.Clone(lim)
	out[i] = l
	return out
}

// peel returns the best peel of the box, or false when peeling stops.
// Candidates are scored from counts alone: a continuous factor's values in
// the box are read off in order from its presorted points, so a step costs
// O(n) per factor rather than a sort.
func (s *primSearch) peel(lim []Limit, in []int) ([]Limit, []int, bool) {
	for _, k := range in {
		s.mark[k] = true
	}
	defer func() {
		for _, k := range in {
			s.mark[k] = false
		}
	}()
	n, h := len(in), s.count(in)
	var best *candidate
	for i := range s.d {
		if s.cat[i] {
			levels := lim[i].Levels
			if len(levels) < 2 {
				continue
			}
			cn, ch := make([]int, len(levels)), make([]int, len(levels))
			for _, k := range in {
				j, _ := slices.BinarySearch(levels, s.x[k][i])
				cn[j]++
				if s.y[k] {
					ch[j]++
				}
			}
			for j, drop := range levels {
				kept := slices.DeleteFunc(slices.Clone(levels), func(v float64) bool { return v == drop })
				s.consider(&best, n, h, withLimit(lim, i, Limit{Lo: kept[0], Hi: kept[len(kept)-1], Levels: kept}), i, n-cn[j], h-ch[j])
			}
			continue
		}
		s.col, s.cumH = s.col[:0], s.cumH[:0]
		c := 0
		for _, k := range s.order[i] {
			if s.mark[k] {
				s.col = append(s.col, s.x[k][i])
				if s.y[k] {
					c++
				}
				s.cumH = append(s.cumH, c)
			}
		}
		col, cum := s.col, s.cumH
		lo := lowerCut(col, s.p.PeelAlpha)
		cut := sort.SearchFloat64s(col, lo) // the points below lo leave
		hits := h
		if cut > 0 {
			hits -= cum[cut-1]
		}
		s.consider(&best, n, h, withLimit(lim, i, Limit{Lo: lo, Hi: lim[i].Hi}), i, n-cut, hits)
		hi := upperCut(col, 1-s.p.PeelAlpha)
		keep := sort.Search(len(col), func(j int) bool { return col[j] > hi }) // the points up to hi stay
		hits = 0
		if keep > 0 {
			hits = cum[keep-1]
		}
		s.consider(&best, n, h, withLimit(lim, i, Limit{Lo: lim[i].Lo, Hi: hi}), i, keep, hits)
	}
	if best == nil || !(best.obj > 0) || best.n >= n || float64(best.n) < s.p.MinMass*float64(s.n) {
		return nil, nil, false
	}
	i, l := best.dim, best.lim[best.dim]
	return best.lim, s.filter(in, func(k int) bool { return s.within(i, l, s.x[k][i]) }), true
}

// paste returns the best paste of the box, or false when pasting stops.
func (s *primSearch) paste(lim []Limit, in []int) ([]Limit, []int, bool) {
	var best *candidate
	for i := range s.d {
		if !s.restricts(i, lim[i]) {
			continue
		}
		if s.cat[i] {
			for _, add := range s.init[i].Levels {
				if slices.Contains(lim[i].Levels, add) {
					continue
				}
				levels := slices.Clone(lim[i].Levels)
				levels = append(levels, add)
				slices.Sort(levels)
				next := withLimit(lim, i, Limit{Lo: levels[0], Hi: levels[len(levels)-1], Levels: levels})
				s.considerPaste(&best, in, next, i)
			}
			continue
		}
		// Points within the other limits, beyond this one.
		var below, above []float64
		for _, k := range s.inside(withLimit(lim, i, s.init[i])) {
			switch v := s.x[k][i]; {
			case v < lim[i].Lo:
				below = append(below, v)
			case v > lim[i].Hi:
				above = append(above, v)
			}
		}
		if len(below) > 0 {
			slices.Sort(below)
			next := withLimit(lim, i, Limit{Lo: upperCut(below, 1-s.p.PasteAlpha), Hi: lim[i].Hi})
			s.considerPaste(&best, in, next, i)
		}
		if len(above) > 0 {
			slices.Sort(above)
			next := withLimit(lim, i, Limit{Lo: lim[i].Lo, Hi: lowerCut(above, s.p.PasteAlpha)})
			s.considerPaste(&best, in, next, i)
		}
	}
	if best == nil || !(best.obj > 0) || best.n <= len(in) || float64(best.n) < s.p.MinMass*float64(s.n) {
		return nil, nil, false
	}
	return best.lim, s.inside(best.lim), true
}

// considerPaste scores the pasted box lim, changed in factor dim.
func (s *primSearch) considerPaste(best **candidate, in []int, lim []Limit, dim int) {
	n2, h2 := 0, 0
	for _, k := range s.all {
		ok := true
		for i, l := range lim {
			if !s.within(i, l, s.x[k][i]) {
				ok = false
				break
			}
		}
		if ok {
			n2++
			if s.y[k] {
				h2++
			}
		}
	}
	s.consider(best, len(in), s.count(in), lim, dim, n2, h2)
}

// inside returns the points within the limits.
func (s *primSearch) inside(lim []Limit) []int {
	return s.filter(s.all, func(k int) bool {
		for i, l := range lim {
			if !s.within(i, l, s.x[k][i]) {
				return false
			}
		}
		return true
	})
}

func (s *primSearch) filter(in []int, keep func(k int) bool) []int {
	out := make([]int, 0, len(in))
	for _, k := range in {
		if keep(k) {
			out = append(out, k)
		}
	}
	return out
}

// lowerCut returns the limit that cuts about the share a of the sorted
// values off the bottom: halfway between the value at rank ⌊(n−1)a⌋ and the
// next larger distinct value, as the EMA Workbench's get_quantile does, so
// that the limit falls between data values and ties stay together.
func lowerCut(sorted []float64, a float64) float64 {
	n := len(sorted)
	lo := int(math.Floor(float64(n-1) * a))
	hi := int(math.Ceil(float64(n-1) * a))
	for hi < n-1 && sorted[hi] == sorted[lo] {
		hi++
	}
	return (sorted[lo] + sorted[hi]) / 2
}

// upperCut returns the limit that keeps about the share a of the sorted
// values from the bottom: halfway between the value at rank ⌈(n−1)a⌉ and
// the next smaller distinct value.
func upperCut(sorted []float64, a float64) float64 {
	n := len(sorted)
	lo := int(math.Floor(float64(n-1) * a))
	hi := int(math.Ceil(float64(n-1) * a))
	for lo > 0 && sorted[lo] == sorted[hi] {
		lo--
	}
	return (sorted[lo] + sorted[hi]) / 2
}

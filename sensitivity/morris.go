package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Factor is one input of the model under study, varied over [Min, Max].
type Factor struct {
	Name     string
	Min, Max float64 // Min < Max, both finite
}

// DefaultLevels is the number of grid levels used when MorrisDesign.Levels
// is zero.
const DefaultLevels = 4

// MorrisDesign is a Morris screening design of trajectories over a grid.
//
// Each trajectory has len(Factors)+1 points: a random base point on the
// grid, then one step per factor, in a random order and a random direction,
// of Δ = Levels/(2(Levels−1)) of the factor's range. With the default four
// levels a factor takes the values Min, Min+⅓·range, Min+⅔·range and Max,
// and each step is ⅔ of its range.
type MorrisDesign struct {
	Factors      []Factor
	Trajectories int // number of trajectories r; must be positive
	Levels       int // grid levels p; even and at least 2; 0 means DefaultLevels
}

// levels returns the number of grid levels in use.
func (d MorrisDesign) levels() int {
	if d.Levels == 0 {
		return DefaultLevels
	}
	return d.Levels
}

// Delta returns the step Δ = p/(2(p−1)) as a share of each factor's range.
func (d MorrisDesign) Delta() float64 {
	p := float64(d.levels())
	return p / (2 * (p - 1))
}

// Len returns the number of points in the design, Trajectories·(k+1).
func (d MorrisDesign) Len() int { return d.Trajectories * (len(d.Factors) + 1) }

// Validate reports every problem with the design.
func (d MorrisDesign) Validate() error {
	var errs []error
	if len(d.Factors) == 0 {
		errs = append(errs, errors.New("sensitivity: design has no factors"))
	}
	seen := map[string]bool{}
	for i, f := range d.Factors {
		if seen[f.Name] {
			errs = append(errs, fmt.Errorf("sensitivity: factor %d: name %q used twice", i, f.Name))
		}
		seen[f.Name] = true
		switch {
		case math.IsNaN(f.Min) || math.IsInf(f.Min, 0) || math.IsNaN(f.Max) || math.IsInf(f.Max, 0):
			errs = append(errs, fmt.Errorf("sensitivity: factor %q: range [%g, %g] is not finite", f.Name, f.Min, f.Max))
		case !(f.Min < f.Max):
			errs = append(errs, fmt.Errorf("sensitivity: factor %q: Min %g must be below Max %g", f.Name, f.Min, f.Max))
		}
	}
	if d.Trajectories < 1 {
		errs = append(errs, fmt.Errorf("sensitivity: %d trajectories: need at least 1", d.Trajectories))
	}
	if p := d.levels(); p < 2 || p%2 != 0 {
		errs = append(errs, fmt.Errorf("sensitivity: %d levels: need an even number, at least 2", p))
	}
	return errors.Join(errs...)
}

// Points draws the design from r: Trajectories blocks of k+1 points, each
// point holding one value per factor in the order of Factors. Point j+1 of a
// trajectory differs from point j in exactly one factor, by ±Δ of its range,
// and every factor moves once per trajectory. Values are on the grid and
// within [Min, Max]. The same source state gives the same points, and the
// same points as Design, mapped to the factors' ranges.
func (d MorrisDesign) Points(r *rand.Rand) ([][]float64, error) {
	levels, err := d.levelsOf(r)
	if err != nil {
		return nil, err
	}
	pts := make([][]float64, len(levels))
	for j, l := range levels {
		pts[j] = d.scale(l, d.levels())
	}
	return pts, nil
}

// Design draws the same points as Points, as unit coordinates: level l of
// p is l/(p−1), so that Level(u, p) recovers it and Factor.Value maps it to
// the value Points gives. Analyse the outputs with MorrisIndices.
func (d MorrisDesign) Design(r *rand.Rand) (Design, error) {
	levels, err := d.levelsOf(r)
	if err != nil {
		return Design{}, err
	}
	k, p := len(d.Factors), d.levels()
	pts := make([]float64, 0, len(levels)*k)
	for _, point := range levels {
		for _, l := range point {
			pts = append(pts, gridCoord(l, p))
		}
	}
	return Design{Dim: k, Points: pts}, nil
}

// levelsOf draws the trajectories as grid levels 0..p−1, so that steps are
// exact.
func (d MorrisDesign) levelsOf(r *rand.Rand) ([][]int, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errors.New("sensitivity: a Morris design needs a random source")
	}
	k, p := len(d.Factors), d.levels()
	step := p / 2 // Δ in grid levels
	level := make([]int, k)
	dir := make([]int, k)
	pts := make([][]int, 0, d.Len())
	for range d.Trajectories {
		for i := range k {
			base := r.IntN(p - step) // 0..p/2−1: base and base+step are on the grid
			if r.IntN(2) == 0 {
				level[i], dir[i] = base, 1
			} else {
				level[i], dir[i] = base+step, -1
			}
		}
		order := r.Perm(k)
		pts = append(pts, slices.Clone(level))
		for _, i := range order {
			level[i] += dir[i] * step
			pts = append(pts, slices.Clone(level))
		}
	}
	return pts, nil
}

// scale maps grid levels to factor values.
func (d MorrisDesign) scale(level []int, p int) []float64 {
	x := make([]float64, len(level))
	for i, l := range level {
		f := d.Factors[i]
		switch l {
		case 0:
			x[i] = f.Min
		case p - 1:
			x[i] = f.Max
		default:
			x[i] = math.Min(f.Max, f.Min+float64(l)/float64(p-1)*(f.Max-f.Min))
		}
	}
	return x
}

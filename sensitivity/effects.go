package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Effect summarises one factor's elementary effects. An elementary effect
// is the change in output over the change in the factor, with the factor
// measured as a share of its range: a factor with a linear effect a·x has
// effects a·(Max−Min) everywhere.
type Effect struct {
	Factor string
	Mu     float64 // mean effect; effects of opposite sign cancel
	MuStar float64 // mean absolute effect: the factor's overall influence
	Sigma  float64 // standard deviation of the effects (non-linearity, interactions); NaN when N < 2
	N      int     // number of effects, one per trajectory

	// MuStarCI is the percentile bootstrap interval on MuStar from
	// resampling trajectories (MorrisIndices); NaN bounds from
	// ElementaryEffects, which computes none.
	MuStarCI Interval
}

// ElementaryEffects computes each factor's effects from a design's points
// and the model's output at each point (outputs[j] for points[j]), in the
// order of d.Factors. The points need not come from Points, but they must
// form len(points)/(k+1) trajectories in which each step changes exactly
// one factor and each factor changes once.
func ElementaryEffects(d MorrisDesign, points [][]float64, outputs []float64) ([]Effect, error) {
	ee, err := elementaryEffects(d, points, outputs)
	if err != nil {
		return nil, err
	}
	out := make([]Effect, len(ee))
	for i, e := range ee {
		out[i] = summarise(d.Factors[i].Name, e)
	}
	return out, nil
}

// MorrisIndices computes each factor's μ, μ* and σ from the outputs y of a
// Morris design drawn by d.Design (y[k] for point k of x), in the order of
// d.Factors, with a percentile bootstrap interval on μ* that resamples
// whole trajectories (as SALib does). Effects are per unit of the factor's
// range, as in ElementaryEffects. r draws the resamples and must not be nil.
func MorrisIndices(d MorrisDesign, x Design, y []float64, b Bootstrap, r *rand.Rand) ([]Effect, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	b, err := b.resolved()
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errors.New("sensitivity: MorrisIndices needs a random source for its bootstrap")
	}
	if x.Dim != len(d.Factors) {
		return nil, fmt.Errorf("sensitivity: design of %d factors for a Morris design of %d", x.Dim, len(d.Factors))
	}
	if err := x.validate(); err != nil {
		return nil, err
	}
	unit := d
	unit.Factors = make([]Factor, len(d.Factors))
	for i, f := range d.Factors {
		unit.Factors[i] = Factor{Name: f.Name, Min: 0, Max: 1}
	}
	ee, err := elementaryEffects(unit, x.Rows(), y)
	if err != nil {
		return nil, err
	}
	out := make([]Effect, len(ee))
	for i, e := range ee {
		out[i] = summarise(d.Factors[i].Name, e)
	}
	nt := len(ee[0])
	idx := make([]int, nt)
	boot := make([][]float64, len(ee))
	for range b.Resamples {
		resample(idx, r)
		for i, e := range ee {
			var m float64
			for _, t := range idx {
				m += math.Abs(e[t])
			}
			boot[i] = append(boot[i], m/float64(nt))
		}
	}
	for i := range out {
		out[i].MuStarCI = percentile(boot[i], b.Level)
	}
	return out, nil
}

// summarise returns the statistics of one factor's effects.
func summarise(name string, e []float64) Effect {
	abs := make([]float64, len(e))
	for j, v := range e {
		abs[j] = math.Abs(v)
	}
	sigma := math.NaN()
	if len(e) > 1 {
		sigma = stat.StdDev(e, nil)
	}
	return Effect{Factor: name, Mu: stat.Mean(e, nil), MuStar: stat.Mean(abs, nil), Sigma: sigma, N: len(e), MuStarCI: noInterval}
}

// elementaryEffects returns each factor's effects, ee[i][t] for factor i in
// trajectory t.
func elementaryEffects(d MorrisDesign, points [][]float64, outputs []float64) ([][]float64, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	k := len(d.Factors)
	if len(points) != len(outputs) {
		return nil, fmt.Errorf("sensitivity: %d points but %d outputs", len(points), len(outputs))
	}
	if len(points) == 0 || len(points)%(k+1) != 0 {
		return nil, fmt.Errorf("sensitivity: %d points do not make whole trajectories of %d", len(points), k+1)
	}
	for j, x := range points {
		if len(x) != k {
			return nil, fmt.Errorf("sensitivity: point %d has %d values, want %d", j, len(x), k)
		}
		if math.IsNaN(outputs[j]) || math.IsInf(outputs[j], 0) {
			return nil, fmt.Errorf("sensitivity: output %d is %g", j, outputs[j])
		}
	}
	r := len(points) / (k + 1)
	ee := make([][]float64, k)
	for i := range ee {
		ee[i] = make([]float64, r)
	}
	moved := make([]bool, k)
	for t := range r {
		clear(moved)
		for s := range k {
			a := t*(k+1) + s
			i, err := changed(d.Factors, points[a], points[a+1])
			if err != nil {
				return nil, fmt.Errorf("sensitivity: trajectory %d, points %d to %d: %w", t, a, a+1, err)
			}
			if moved[i] {
				return nil, fmt.Errorf("sensitivity: trajectory %d moves factor %q twice", t, d.Factors[i].Name)
			}
			moved[i] = true
			f := d.Factors[i]
			delta := (points[a+1][i] - points[a][i]) / (f.Max - f.Min)
			ee[i][t] = (outputs[a+1] - outputs[a]) / delta
		}
	}
	return ee, nil
}

// changed returns the one factor whose value differs between a and b.
func changed(fs []Factor, a, b []float64) (int, error) {
	idx := -1
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if idx >= 0 {
			return 0, fmt.Errorf("factors %q and %q both change", fs[idx].Name, fs[i].Name)
		}
		idx = i
	}
	if idx < 0 {
		return 0, errors.New("no factor changes")
	}
	return idx, nil
}

// Rank returns a copy of effects sorted by μ* from the largest, keeping
// the given order among equal μ*. Position i holds the factor ranked i+1.
func Rank(effects []Effect) []Effect {
	out := slices.Clone(effects)
	slices.SortStableFunc(out, func(a, b Effect) int {
		switch {
		case a.MuStar > b.MuStar:
			return -1
		case a.MuStar < b.MuStar:
			return 1
		}
		return 0
	})
	return out
}

package experiment

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/sim"
)

// An Ensemble is a weighted set of model parameter sets, such as a
// calibrated posterior, from which each replicate of a plan draws its
// parameters. It is plain data: package calibration makes ensembles, and
// package calibration/ensemble turns one into this form.
//
// A replicate's draw comes from its own random stream,
// sim.Replicate{Master: Plan.Seed, Stream: point's stream, Index: r} with
// purpose EnsemblePurpose, so:
//
//   - every arm of a unit runs with the same parameter set (paired
//     comparisons share parameters as well as random numbers);
//   - the draw of a replicate does not depend on workers, shards or the
//     other replicates;
//   - points that share streams (Plan.SharedStreams) share draws.
//
// What a draw sets, and what it leaves: a draw sets every parameter in
// Names on every arm, except a parameter the arm's scenario sets itself
// (its [parameters] table, or a --set or design override of
// parameters.NAME) and a parameter a design point sets as a factor
// (Setting.Param): those keep the value given, so a sweep over a
// calibrated parameter sweeps it while the others stay drawn. Parameters
// not in Names keep the parameter table's values.
type Ensemble struct {
	// Source says where the ensemble came from, for records, such as
	// "calibration/ensemble/default (embedded)" or a file path.
	Source string `json:"source"`
	// Hash is the SHA-256 of the ensemble's file, for records and the
	// result cache's key.
	Hash    string      `json:"hash"`
	Names   []string    `json:"names"`   // the parameters each set gives, in order
	Sets    [][]float64 `json:"sets"`    // Sets[i][k] is parameter Names[k] of set i
	Weights []float64   `json:"weights"` // one per set, non-negative, summing to 1

	cum []float64
}

// EnsemblePurpose is the purpose (see sim.Replicate.Rand) of the stream a
// replicate draws its parameter set from. The model's own purposes are
// small numbers, so the draw never shares a stream with the simulation.
const EnsemblePurpose uint64 = 0xC5

// Check reports every problem with the ensemble at once: sets of the
// wrong length, bad weights, and — against the model's parameter table —
// names the model does not have and values outside a parameter's range,
// each with how to make the ensemble again.
func (e *Ensemble) Check() error {
	var errs []error
	src := e.Source
	if src == "" {
		src = "the ensemble"
	}
	if len(e.Sets) == 0 || len(e.Sets) != len(e.Weights) {
		errs = append(errs, fmt.Errorf("experiment: ensemble %s: %d parameter sets but %d weights", src, len(e.Sets), len(e.Weights)))
	}
	total := 0.0
	for i, w := range e.Weights {
		if !(w >= 0) || math.IsInf(w, 0) {
			errs = append(errs, fmt.Errorf("experiment: ensemble %s: set %d has weight %g", src, i, w))
		}
		total += w
	}
	if len(e.Weights) > 0 && !(total > 0) {
		errs = append(errs, fmt.Errorf("experiment: ensemble %s: the weights sum to %g", src, total))
	}
	seen := map[string]bool{}
	for k, n := range e.Names {
		if seen[n] {
			errs = append(errs, fmt.Errorf("experiment: ensemble %s: parameter %q appears twice", src, n))
		}
		seen[n] = true
		spec, ok := specOf(n)
		if !ok {
			errs = append(errs, fmt.Errorf("experiment: ensemble %s gives parameter %q, which the model no longer has: "+
				"the ensemble was fitted to an earlier model; refit it (sh calibration/ensemble/regenerate.sh, or joinedup calibrate -params ...) "+
				"or run with -fixed-params", src, n))
			continue
		}
		for i, x := range e.Sets {
			if k < len(x) && !(x[k] >= spec.Min && x[k] <= spec.Max) {
				errs = append(errs, fmt.Errorf("experiment: ensemble %s: set %d gives %s = %g, outside the model's range [%g, %g]: "+
					"the parameter table changed since the fit; refit the ensemble (sh calibration/ensemble/regenerate.sh) or run with -fixed-params",
					src, i, n, x[k], spec.Min, spec.Max))
				break
			}
		}
	}
	for i, x := range e.Sets {
		if len(x) != len(e.Names) {
			errs = append(errs, fmt.Errorf("experiment: ensemble %s: set %d has %d values for %d parameters", src, i, len(x), len(e.Names)))
		}
	}
	return errors.Join(errs...)
}

func specOf(name string) (model.ParamSpec, bool) {
	for _, s := range model.ParamSpecs {
		if s.Name == name {
			return s, true
		}
	}
	return model.ParamSpec{}, false
}

// Draw returns the index of the parameter set replicate seed draws.
func (e *Ensemble) Draw(seed sim.Replicate) int {
	if len(e.cum) != len(e.Weights) {
		panic("experiment: Ensemble.Draw on an ensemble not prepared by Run")
	}
	r := seed.Rand(EnsemblePurpose)
	i := sort.SearchFloat64s(e.cum, r.Float64()*e.cum[len(e.cum)-1])
	return min(i, len(e.cum)-1)
}

// prepared returns a copy of the ensemble ready for Draw. Run prepares
// its own copy, so one ensemble may serve several runs at once.
func (e *Ensemble) prepared() *Ensemble {
	c := *e
	c.cum = make([]float64, len(e.Weights))
	s := 0.0
	for i, w := range e.Weights {
		s += w
		c.cum[i] = s
	}
	return &c
}

// keep reports, per name of the ensemble, whether an arm keeps its own
// value: its scenario sets the parameter, or the design point does.
func (e *Ensemble) keep(scenarioParams map[string]float64, pt Point) []bool {
	out := make([]bool, len(e.Names))
	for k, n := range e.Names {
		_, out[k] = scenarioParams[n]
		for _, s := range pt.Settings {
			if s.Param && s.Factor == n {
				out[k] = true
			}
		}
	}
	return out
}

// apply returns a copy of cfg with set i's values for the parameters not
// kept.
func (e *Ensemble) apply(cfg *model.Config, i int, keep []bool) (*model.Config, error) {
	c := *cfg
	for k, n := range e.Names {
		if keep[k] {
			continue
		}
		if err := c.Params.Set(n, e.Sets[i][k]); err != nil {
			return nil, fmt.Errorf("ensemble %s, set %d: %w", e.Source, i, err)
		}
	}
	return &c, nil
}

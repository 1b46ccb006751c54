package calibration

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
)

// Provenance records what an ensemble was fitted from, so it can be traced
// and re-made: the targets file's hash, the seed, the command line, and how
// the run went.
type Provenance struct {
	TargetsFile   string   `json:"targets_file"`
	TargetsSHA256 string   `json:"targets_sha256"`
	Scenarios     []string `json:"scenarios,omitempty"`
	Seed          uint64   `json:"seed"`
	Command       string   `json:"command"`
	Version       string   `json:"version,omitempty"`
	// Model fingerprints the model the ensemble was fitted on, as the
	// fitting code defines it (for joinedup: the parameter table and the
	// targets' scenarios), so a reader can tell whether it has changed.
	Model       string  `json:"model,omitempty"`
	Particles   int     `json:"particles"`
	Generations int     `json:"generations"`
	Simulations int     `json:"simulations"` // every model run, abandoned generations included
	Epsilon     float64 `json:"epsilon"`
	Stop        string  `json:"stop"`
}

// Ensemble is a weighted set of accepted parameter sets: the calibrated
// posterior, from which runs draw their parameters.
type Ensemble struct {
	Format     string      `json:"format"`
	Provenance Provenance  `json:"provenance"`
	Priors     []Prior     `json:"priors"`
	Targets    []Target    `json:"targets"`
	Particles  [][]float64 `json:"particles"` // Particles[i][k] is parameter Priors[k].Name of set i
	Weights    []float64   `json:"weights"`   // normalised
	Distances  []float64   `json:"distances"`

	cum []float64
}

const ensembleFormat = "joinedup-ensemble/1"

// NewEnsemble makes the ensemble of a run's final population.
func NewEnsemble(res *Result, prov Provenance) *Ensemble {
	last := res.Generations[len(res.Generations)-1]
	prov.Particles = len(res.Final.Particles)
	prov.Generations = last.Index
	prov.Epsilon = last.Epsilon
	prov.Stop = res.Stop
	prov.Simulations = res.Abandoned
	for _, g := range res.Generations {
		prov.Simulations += g.Simulations
	}
	return &Ensemble{Format: ensembleFormat, Provenance: prov, Priors: res.Priors, Targets: res.Targets,
		Particles: res.Final.Particles, Weights: res.Final.Weights, Distances: res.Final.Distances,
		cum: cumulative(res.Final.Weights)}
}

// Names returns the parameters' names, in the order of each particle.
func (e *Ensemble) Names() []string {
	ns := make([]string, len(e.Priors))
	for i, p := range e.Priors {
		ns[i] = p.Name
	}
	return ns
}

// Sample returns the index of a parameter set drawn by weight using r.
// It is safe for concurrent use on an ensemble made by NewEnsemble or
// ReadEnsemble (which prepare the cumulative weights).
func (e *Ensemble) Sample(r *rand.Rand) int {
	cum := e.cum
	if len(cum) != len(e.Weights) {
		cum = cumulative(e.Weights)
	}
	i := sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1])
	return min(i, len(cum)-1)
}

func cumulative(w []float64) []float64 {
	c := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		c[i] = s
	}
	return c
}

// Write writes the ensemble as indented JSON.
func (e *Ensemble) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(e); err != nil {
		return fmt.Errorf("calibration: writing ensemble: %w", err)
	}
	return nil
}

// WriteFile writes the ensemble to path atomically.
func (e *Ensemble) WriteFile(path string) error {
	b, err := json.MarshalIndent(e, "", " ")
	if err != nil {
		return fmt.Errorf("calibration: writing ensemble: %w", err)
	}
	return writeAtomic(path, append(b, '\n'))
}

// ReadEnsemble reads an ensemble written by Write and checks it is whole:
// the format, one value per prior in each set, values inside the priors'
// ranges, and weights that are non-negative and sum to one.
func ReadEnsemble(r io.Reader, name string) (*Ensemble, error) {
	var e Ensemble
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("calibration: ensemble %s: %w", name, err)
	}
	if e.Format != ensembleFormat {
		return nil, fmt.Errorf("calibration: ensemble %s: format %q, want %q", name, e.Format, ensembleFormat)
	}
	if len(e.Particles) == 0 || len(e.Weights) != len(e.Particles) {
		return nil, fmt.Errorf("calibration: ensemble %s: %d parameter sets but %d weights", name, len(e.Particles), len(e.Weights))
	}
	total := 0.0
	for i, x := range e.Particles {
		if len(x) != len(e.Priors) {
			return nil, fmt.Errorf("calibration: ensemble %s: set %d has %d values for %d parameters", name, i, len(x), len(e.Priors))
		}
		for k, p := range e.Priors {
			if !p.Contains(x[k]) {
				return nil, fmt.Errorf("calibration: ensemble %s: set %d: %s = %g lies outside its prior [%g, %g]", name, i, p.Name, x[k], p.Low, p.High)
			}
		}
		if w := e.Weights[i]; !(w >= 0) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("calibration: ensemble %s: set %d has weight %g", name, i, w)
		}
		total += e.Weights[i]
	}
	if math.Abs(total-1) > 1e-9 {
		return nil, fmt.Errorf("calibration: ensemble %s: weights sum to %g, not 1", name, total)
	}
	e.cum = cumulative(e.Weights)
	return &e, nil
}

package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/joinedup/joinedup/internal/suggest"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sensitivity"
	"github.com/joinedup/joinedup/sim"
)

// A Sweep is a sweep file made runnable: the base scenario resolved, the
// design drawn, and every design point's settings fixed. Point p's
// settings, and so its runs, depend only on the sweep file and the base
// scenario, never on how the sweep is split into shards or resumed.
//
// Random numbers: by default every design point runs on common random
// numbers, replicate r of every point drawing from (Seed, stream 0, r), as
// screening and variance-based sensitivity want (differences between points
// are then the factors' doing, not seed noise). With
// scenarios.Sweep.Independent each point p draws from its own master seed
// sim.SeedFor(Seed, p) instead.
type Sweep struct {
	File       *scenarios.Sweep
	Name       string
	Base       Arm
	Weeks      int
	Replicates int
	Seed       uint64
	// Unit is the design in the unit cube, one row per point.
	Unit sensitivity.Design
	// Points holds each point's settings, in factor order.
	Points []Point
	// Values holds each factor's value at each point as a number: the
	// value itself, or for a factor whose levels are not numbers the level's
	// index. Values[p][i] is factor i at point p.
	Values [][]float64
	// Categorical marks factors whose levels are not numbers.
	Categorical []bool
	Outcomes    []Outcome
	// Hash identifies the sweep: the sweep file's bytes with the resolved
	// base scenario's hash, and the ensemble's hash if it has one. Shards
	// merge only with shards of equal Hash.
	Hash string
	// Ensemble, if not nil, gives each replicate the parameters no factor
	// sets (see experiment.Ensemble and UseEnsemble); nil keeps the
	// parameter table's values.
	Ensemble *Ensemble
}

// UseEnsemble makes every replicate draw its parameters from e, except
// those a factor sets, and folds e's hash into the sweep's Hash, so a
// sweep folder is resumed and merged only with runs that drew alike. With
// common random numbers, replicate r draws the same set at every point.
func (s *Sweep) UseEnsemble(e *Ensemble) {
	if e == nil {
		return
	}
	s.Ensemble = e
	h := sha256.Sum256([]byte(s.Hash + "\nensemble " + e.Hash))
	s.Hash = hex.EncodeToString(h[:])
}

// Outcome is a sweep outcome resolved against the base scenario's metrics.
type Outcome struct {
	Label     string
	Metric    string
	Column    int // index of the metric in a trajectory row
	From, To  int // weeks read, From = To for one week
	Statistic string
}

// designStream is the sim stream the design is drawn from; simulations use
// stream 0, so the two never share random numbers.
const designStream = 1 << 62

// Factors returns the factors' column names.
func (s *Sweep) Factors() []string {
	out := make([]string, len(s.File.Factors))
	for i := range s.File.Factors {
		out[i] = s.File.Factors[i].Label()
	}
	return out
}

// Runs returns the number of runs: points × replicates.
func (s *Sweep) Runs() int { return len(s.Points) * s.Replicates }

// NewSweep resolves the base scenario, draws the design and checks that
// every factor applies and every outcome names a recorded metric. Its
// errors place each problem in the sweep file (file:line: field: message).
func NewSweep(f *scenarios.Sweep) (*Sweep, error) {
	base, err := scenarios.Resolve(f.BaseSource())
	if err != nil {
		return nil, errors.Join(f.Problem("base", "the base scenario does not load; its problems follow"), err)
	}
	s := &Sweep{File: f, Name: f.Name, Weeks: f.Weeks, Replicates: f.Replicates, Seed: f.Seed}
	s.Base = Arm{Name: ScenarioName(base), Source: f.BaseSource(), Scenario: base}
	if s.Name == "" {
		s.Name = strings.TrimSuffix(baseName(f.File()), ".toml")
	}
	if s.Weeks == 0 {
		s.Weeks = base.Weeks()
	}
	if s.Replicates == 0 {
		s.Replicates = base.Replicates()
	}
	if s.Seed == 0 {
		s.Seed = base.Seed()
	}
	sum := sha256.Sum256([]byte("joinedup sweep 1\n" + string(f.TOML()) + "\nbase " + base.Hash() + "\n"))
	s.Hash = hex.EncodeToString(sum[:])

	var errs []error
	if err := s.drawDesign(); err != nil {
		return nil, err
	}
	s.Categorical = make([]bool, len(f.Factors))
	for i := range f.Factors {
		fa := &f.Factors[i]
		if fa.Discrete() {
			for j := range fa.Levels {
				if _, err := strconv.ParseFloat(fa.LevelText(j), 64); err != nil {
					s.Categorical[i] = true
				}
			}
		}
	}
	for p := range s.Unit.Len() {
		pt, vals := s.settingsAt(s.Unit.Point(p))
		s.Points = append(s.Points, pt)
		s.Values = append(s.Values, vals)
	}
	errs = append(errs, s.checkFactors()...)

	cfg, err := base.Build()
	if err != nil {
		return nil, errors.Join(f.Problem("base", "the base scenario does not build"), err)
	}
	var names []string
	col := map[string]int{}
	for i, m := range cfg.Metrics() {
		names = append(names, m.Name)
		col[m.Name] = i
	}
	for i := range f.Outcomes {
		o := &f.Outcomes[i]
		p := fmt.Sprintf("outcome[%d]", i)
		c, ok := col[o.Metric]
		if !ok {
			errs = append(errs, f.Problem(p+".metric", fmt.Sprintf("%q is not a metric of %s%s (joinedup list -metrics lists them)", o.Metric, s.Base.Name, suggest.DidYouMean(o.Metric, names))))
			continue
		}
		from, to := o.Weeks()
		if to > s.Weeks {
			errs = append(errs, f.Problem(p, fmt.Sprintf("reads week %d, after the runs' %d weeks", to, s.Weeks)))
		}
		st := o.Statistic
		if st == "" {
			st = "mean"
		}
		s.Outcomes = append(s.Outcomes, Outcome{Label: o.Label(), Metric: o.Metric, Column: c, From: from, To: to, Statistic: st})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// drawDesign draws the unit-cube design the sweep file asks for.
func (s *Sweep) drawDesign() error {
	d := s.File.Design
	seed := d.Seed
	if seed == 0 {
		seed = s.Seed
	}
	r := rand.New(rand.NewPCG(sim.SeedFor(seed, designStream), 0))
	k := len(s.File.Factors)
	var err error
	switch d.Kind {
	case "grid":
		levels := make([]int, k)
		for i := range s.File.Factors {
			f := &s.File.Factors[i]
			switch {
			case f.Discrete():
				levels[i] = len(f.Levels)
			case d.Levels > 0:
				levels[i] = d.Levels
			default:
				levels[i] = 3
			}
		}
		s.Unit, err = sensitivity.Grid{Levels: levels}.Design()
	case "latin-hypercube":
		s.Unit, err = sensitivity.LatinHypercube{Dim: k, N: d.Size}.Design(r)
	case "sobol":
		s.Unit, err = s.Saltelli().Design(r)
	case "morris":
		s.Unit, err = s.Morris().Design(r)
	default:
		err = fmt.Errorf("experiment: unknown design %q", d.Kind)
	}
	if err != nil {
		return errors.Join(s.File.Problem("design", "the design cannot be drawn"), err)
	}
	return nil
}

// Saltelli returns the Sobol design's parameters (for a sobol sweep).
func (s *Sweep) Saltelli() sensitivity.Saltelli {
	return sensitivity.Saltelli{Dim: len(s.File.Factors), N: s.File.Design.Size, Shift: true}
}

// Morris returns the Morris design's parameters (for a morris sweep), with
// every factor measured on the unit interval of its design coordinate.
func (s *Sweep) Morris() sensitivity.MorrisDesign {
	fs := make([]sensitivity.Factor, len(s.File.Factors))
	for i := range fs {
		fs[i] = sensitivity.Factor{Name: s.File.Factors[i].Label(), Min: 0, Max: 1}
	}
	return sensitivity.MorrisDesign{Factors: fs, Trajectories: s.File.Design.Size, Levels: s.File.Design.Levels}
}

// settingsAt maps a unit-cube point to settings and numeric values.
func (s *Sweep) settingsAt(u []float64) (Point, []float64) {
	pt := Point{Settings: make([]Setting, len(u))}
	vals := make([]float64, len(u))
	for i := range s.File.Factors {
		f := &s.File.Factors[i]
		var text string
		if f.Discrete() {
			l := sensitivity.Level(u[i], len(f.Levels))
			text = f.LevelText(l)
			v, err := strconv.ParseFloat(text, 64)
			if err != nil {
				v = float64(l)
			}
			vals[i] = v
		} else {
			v := FactorValue(f, u[i])
			vals[i] = v
			text = strconv.FormatFloat(v, 'g', -1, 64)
		}
		name, param := f.Path, false
		if f.Param != "" {
			name, param = f.Param, true
		}
		pt.Settings[i] = Setting{Factor: name, Param: param, Value: text}
	}
	return pt, vals
}

// FactorValue maps a unit coordinate u in [0, 1] to a continuous factor's
// value through the inverse of its distribution's cumulative distribution
// function, so a design stratified in u stays stratified in probability.
func FactorValue(f *scenarios.SweepFactor, u float64) float64 {
	lo, hi := *f.Min, *f.Max
	u = math.Min(1, math.Max(0, u))
	var v float64
	switch f.Distribution {
	case "log-uniform":
		v = math.Exp(math.Log(lo) + u*(math.Log(hi)-math.Log(lo)))
	case "triangular":
		v = distuv.NewTriangle(lo, hi, *f.Mode, nil).Quantile(u)
	case "normal":
		n := distuv.Normal{Mu: *f.Mean, Sigma: *f.SD}
		a, b := n.CDF(lo), n.CDF(hi)
		v = n.Quantile(a + u*(b-a))
	default:
		v = sensitivity.Factor{Min: lo, Max: hi}.Value(u)
	}
	v = math.Min(hi, math.Max(lo, v))
	if f.Integer {
		v = math.Min(math.Floor(hi), math.Max(math.Ceil(lo), math.Round(v)))
	}
	return v
}

// checkFactors resolves the base scenario with every path factor at its
// lowest and highest values (and at each listed level) and reports any
// setting that does not apply, placed at the factor in the sweep file.
func (s *Sweep) checkFactors() []error {
	var errs []error
	f := s.File
	reported := map[int]bool{}
	try := func(i int, value string) {
		fa := &f.Factors[i]
		if fa.Path == "" || reported[i] {
			return
		}
		o := scenarios.Override{Path: fa.Path, Value: value, Flag: "factor"}
		if _, err := scenarios.ResolveWith(s.Base.Source, []scenarios.Override{o}); err != nil {
			reported[i] = true
			errs = append(errs, f.Problem(fmt.Sprintf("factor[%d]", i), fmt.Sprintf("%s = %s does not apply to %s: %v", fa.Path, value, s.Base.Name, err)))
		}
	}
	for i := range f.Factors {
		fa := &f.Factors[i]
		if fa.Discrete() {
			for l := range fa.Levels {
				try(i, fa.LevelText(l))
			}
			continue
		}
		for _, u := range []float64{0, 1} {
			try(i, strconv.FormatFloat(FactorValue(fa, u), 'g', -1, 64))
		}
	}
	return errs
}

// plan returns the plan that runs design point p of shard sh: one point,
// the sweep's replicates, and the point's seed. Unit k = p×Replicates + r of
// the whole sweep is in shard i of n when k mod n = i, as for any plan.
func (s *Sweep) plan(p int, sh Shard, workers int) Plan {
	seed := s.Seed
	if s.File.Independent {
		seed = sim.SeedFor(s.Seed, uint64(p))
	}
	pl := Plan{
		Arms: []Arm{s.Base}, Points: []Point{s.Points[p]}, Replicates: s.Replicates,
		Weeks: s.Weeks, Every: 1, Seed: seed, Workers: workers, Ensemble: s.Ensemble,
	}
	if sh.Count > 1 {
		// Unit k = p×R + r is in shard i when (p×R + r) mod n = i, that is
		// when r mod n = (i − p×R) mod n.
		n := sh.Count
		pl.Shard = Shard{Index: ((sh.Index-p*s.Replicates)%n + n) % n, Count: n}
	}
	return pl
}

// unitsIn returns how many of point p's replicates are in shard sh.
func (s *Sweep) unitsIn(p int, sh Shard) int {
	if sh.Count <= 1 {
		return s.Replicates
	}
	n := 0
	for r := range s.Replicates {
		if sh.Has(p*s.Replicates + r) {
			n++
		}
	}
	return n
}

// outcomeValues reads each outcome from one run's trajectory.
func (s *Sweep) outcomeValues(tr *sim.Trajectory, dst []float64) []float64 {
	dst = dst[:0]
	for _, o := range s.Outcomes {
		sum, n := 0.0, 0
		for i, t := range tr.Ticks {
			w := int(t)
			if w < o.From || w > o.To {
				continue
			}
			v := tr.Row(i)[o.Column]
			if !math.IsNaN(v) {
				sum += v
				n++
			}
		}
		if n == 0 {
			dst = append(dst, math.NaN())
		} else {
			dst = append(dst, sum/float64(n))
		}
	}
	return dst
}

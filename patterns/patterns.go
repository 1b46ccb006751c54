package patterns

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// Options sets how checks run.
type Options struct {
	Replicates int    // replicates per arm; 0 means 100
	Seed       uint64 // master seed; 0 means 1
	Workers    int    // workers per simulation; 0 means GOMAXPROCS
	// Off lists mechanisms (scenario names, e.g. "contact") switched off in
	// every arm: used to show that a check depends on them.
	Off []string
	// Ensemble, if not nil, gives each replicate its parameters (see
	// experiment.Ensemble); both arms of a contrast draw alike. Nil runs
	// on the parameter table's values.
	Ensemble *experiment.Ensemble
}

func (o Options) replicates() int {
	if o.Replicates > 0 {
		return o.Replicates
	}
	return 100
}

func (o Options) seed() uint64 {
	if o.Seed > 0 {
		return o.Seed
	}
	return 1
}

// Line is one assertion of a check: an effect with its 95% interval and the
// expected direction.
type Line struct {
	Claim    string  // what is asserted, in words
	Metric   string  // the outcome measured
	Week     int     // when
	Expected string  // "> 0", "< 0", or "< bound" / "> bound"
	Effect   float64 // measured effect (mean over replicates)
	Lo, Hi   float64 // 95% interval of the effect
	N        int     // replicates (pairs) used
	Pass     bool
}

// Result is the outcome of one check.
type Result struct {
	Check     *Check
	Contrasts []Applied // the contrasts run, each with its exact field difference
	Lines     []Line
}

// Pass reports whether every line passed.
func (r *Result) Pass() bool {
	for _, l := range r.Lines {
		if !l.Pass {
			return false
		}
	}
	return len(r.Lines) > 0
}

// Check is one pattern turned into assertions.
type Check struct {
	ID         int
	Name       string   // short name
	Pattern    string   // the pattern, as DOMAIN.md words it
	Mechanisms []string // submodels the check depends on
	// NotReproduced, when not empty, documents that the model does not
	// reproduce the pattern with a clean contrast, and what it lacks.
	NotReproduced string
	run           func(ctx context.Context, r *runner) ([]Line, error)
}

// Run runs the check.
func (c *Check) Run(ctx context.Context, o Options) (*Result, error) {
	r := &runner{opt: o}
	lines, err := c.run(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("patterns: check %d (%s): %w", c.ID, c.Name, err)
	}
	return &Result{Check: c, Contrasts: r.applied, Lines: lines}, nil
}

// runner simulates scenario variants on common random numbers, caching
// arms by name within one check.
type runner struct {
	opt   Options
	mu    sync.Mutex
	cache map[string]*results.Set
	// applied lists the contrasts run, in order (see pair).
	applied []Applied
}

func setMechanism(sc *scenarios.Scenario, name string, v *bool) error {
	m := &sc.Mechanisms
	ptrs := map[string]**bool{
		"contact": &m.Contact, "self_categorisation": &m.SelfCategorisation, "pessimistic_tradition": &m.PessimisticTradition,
		"trust_asymmetry": &m.TrustAsymmetry, "performance_regime": &m.PerformanceRegime, "management_capacity": &m.ManagementCapacity,
		"governance": &m.Governance, "service_flow": &m.ServiceFlow, "workforce": &m.Workforce,
		"labour_market": &m.LabourMarket,
	}
	p, ok := ptrs[name]
	if !ok {
		return fmt.Errorf("unknown mechanism %q; known: %v", name, model.MechanismNames())
	}
	*p = v
	return nil
}

// column returns the per-replicate values of a metric at a week.
func column(s *results.Set, metric string, week int) ([]float64, error) {
	mi, ok := s.MetricIndex(metric)
	if !ok {
		return nil, fmt.Errorf("no metric %q in %s", metric, s.Meta().Scenario)
	}
	wi, ok := s.WeekIndex(week)
	if !ok {
		return nil, fmt.Errorf("no week %d in %s", week, s.Meta().Scenario)
	}
	return s.Column(wi, mi), nil
}

// paired returns the line for other − base of a metric at a week.
func paired(base, other *results.Set, metric string, week int, claim, expected string) (Line, error) {
	a, err := column(base, metric, week)
	if err != nil {
		return Line{}, err
	}
	b, err := column(other, metric, week)
	if err != nil {
		return Line{}, err
	}
	d := make([]float64, len(a))
	for i := range a {
		d[i] = b[i] - a[i]
	}
	return line(claim, metric, week, expected, d), nil
}

// line summarises per-replicate effects d and judges them against the
// expectation: "> 0" needs the whole interval above zero, "< 0" below;
// "< x" needs the interval's upper end below x, "> x" its lower end above x.
func line(claim, metric string, week int, expected string, d []float64) Line {
	n, mean, _, lo, hi := results.MeanInterval(d)
	l := Line{Claim: claim, Metric: metric, Week: week, Expected: expected, Effect: mean, Lo: lo, Hi: hi, N: n}
	var op string
	var bound float64
	if _, err := fmt.Sscanf(expected, "%s %g", &op, &bound); err != nil || n < 2 || math.IsNaN(mean) {
		return l
	}
	switch op {
	case ">":
		l.Pass = lo > bound
	case "<":
		l.Pass = hi < bound
	}
	return l
}

// RunAll runs the checks concurrently and returns their results in check order.
func RunAll(ctx context.Context, checks []*Check, o Options) ([]*Result, error) {
	out := make([]*Result, len(checks))
	errs := make([]error, len(checks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], errs[i] = c.Run(ctx, o)
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	return out, nil
}

// Find returns the checks with the given ids (all when ids is empty).
func Find(ids ...int) ([]*Check, error) {
	if len(ids) == 0 {
		return Checks, nil
	}
	var out []*Check
	for _, id := range ids {
		i := sort.Search(len(Checks), func(i int) bool { return Checks[i].ID >= id })
		if i == len(Checks) || Checks[i].ID != id {
			return nil, fmt.Errorf("patterns: no check %d; checks are 1-%d", id, len(Checks))
		}
		out = append(out, Checks[i])
	}
	return out, nil
}

package calibration

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
)

// Target is one empirical figure as the sampler sees it: the observed Value
// and the Scale that standardises a discrepancy from it (the figure's
// standard error combined with the model discrepancy the user allows, in
// the same units). The domain meaning (metric, scenario, window, source)
// lives with whoever computes the simulated summary.
type Target struct {
	ID    string
	Value float64
	Scale float64 // > 0
}

// Simulator runs the model at parameters theta (in the order of the priors,
// on their natural scale) with the given seed and returns one simulated
// summary per target, in the order of the targets. A summary that is NaN
// (the model could not produce it) makes the distance infinite. Simulate is
// called from several goroutines at once; it must derive all its randomness
// from seed.
type Simulator interface {
	Simulate(ctx context.Context, theta []float64, seed uint64) ([]float64, error)
}

// SimulatorFunc adapts a function to Simulator.
type SimulatorFunc func(ctx context.Context, theta []float64, seed uint64) ([]float64, error)

// Simulate calls f.
func (f SimulatorFunc) Simulate(ctx context.Context, theta []float64, seed uint64) ([]float64, error) {
	return f(ctx, theta, seed)
}

// Distance is the root mean square of the standardised discrepancies
// (sim[i]-Value)/Scale over the targets: 1 means the simulation misses each
// target by one scale on average. A NaN summary gives +Inf.
func Distance(targets []Target, sim []float64) float64 {
	if len(sim) != len(targets) {
		return math.Inf(1)
	}
	s := 0.0
	for i, t := range targets {
		if math.IsNaN(sim[i]) || math.IsInf(sim[i], 0) {
			return math.Inf(1)
		}
		z := (sim[i] - t.Value) / t.Scale
		s += z * z
	}
	return math.Sqrt(s / float64(len(targets)))
}

// Config sets up a run of the sampler. The zero value of each field means
// the default given in its comment.
type Config struct {
	// Particles is the population size N kept at each generation; zero
	// means 1000.
	Particles int
	// Alpha is the quantile of the previous generation's distances taken
	// as the next tolerance (Del Moral et al. 2012; Lenormand et al. 2013);
	// zero means 0.5.
	Alpha float64
	// Generations is the most generations to run after the first, drawn
	// from the prior; zero means 20.
	Generations int
	// MinAcceptance stops the run after a generation whose acceptance rate
	// falls below it (Lenormand et al. 2013); a generation is also given up,
	// and the previous one kept, when it would need more than
	// Particles/MinAcceptance proposals. Zero means 0.01.
	MinAcceptance float64
	// Epsilon stops the run once the tolerance is at or below it; zero
	// means no such stop.
	Epsilon float64
	// Batch is how many proposals are simulated together before they are
	// scanned in order for acceptance; zero means Particles. It is part of
	// the run's identity: results do not depend on Workers, but do on Batch
	// only through how many proposals are simulated beyond the last one
	// accepted (the accepted particles are the same).
	Batch int
	// Workers is how many simulations run at once; zero means GOMAXPROCS.
	Workers int
	// Seed is the master seed. Proposal j of generation g draws from the
	// PCG stream (Seed, g<<40 | j), whatever the number of workers.
	Seed uint64
	// Checkpoint, if not empty, is a file written atomically after every
	// generation; a run finding a checkpoint of the same problem resumes
	// from it.
	Checkpoint string
	// Progress, if not nil, is called after each generation.
	Progress func(GenerationSummary)
}

func (c Config) withDefaults() Config {
	if c.Particles == 0 {
		c.Particles = 1000
	}
	if c.Alpha == 0 {
		c.Alpha = 0.5
	}
	if c.Generations == 0 {
		c.Generations = 20
	}
	if c.MinAcceptance == 0 {
		c.MinAcceptance = 0.01
	}
	if c.Batch == 0 {
		c.Batch = c.Particles
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	return c
}

func (c Config) validate() error {
	var errs []error
	if c.Particles < 2 {
		errs = append(errs, fmt.Errorf("calibration: particles %d: need at least 2", c.Particles))
	}
	if !(c.Alpha > 0 && c.Alpha < 1) {
		errs = append(errs, fmt.Errorf("calibration: alpha %g: must lie strictly between 0 and 1", c.Alpha))
	}
	if c.Generations < 0 {
		errs = append(errs, fmt.Errorf("calibration: generations %d: must not be negative", c.Generations))
	}
	if !(c.MinAcceptance > 0 && c.MinAcceptance <= 1) {
		errs = append(errs, fmt.Errorf("calibration: min acceptance %g: must lie in (0, 1]", c.MinAcceptance))
	}
	if c.Batch < 1 {
		errs = append(errs, fmt.Errorf("calibration: batch %d: must be positive", c.Batch))
	}
	return errors.Join(errs...)
}

// GenerationSummary describes one completed generation.
type GenerationSummary struct {
	Index       int     `json:"generation"`  // 0 for the prior generation
	Epsilon     float64 `json:"epsilon"`     // the tolerance (for generation 0, its largest distance)
	Proposals   int     `json:"proposals"`   // proposals scanned until N were accepted
	Simulations int     `json:"simulations"` // model runs, including those beyond the last acceptance in its batch
	Acceptance  float64 `json:"acceptance"`  // Particles / Proposals
	ESS         float64 `json:"ess"`         // effective sample size of the weights
}

// Population is a weighted set of particles: parameter vectors on their
// natural scale, with normalised weights and each one's distance.
type Population struct {
	Particles [][]float64 `json:"particles"`
	Weights   []float64   `json:"weights"`
	Distances []float64   `json:"distances"`
}

// Result is the outcome of Run.
type Result struct {
	Priors      []Prior
	Targets     []Target
	Generations []GenerationSummary
	Final       Population // the last generation kept
	Stop        string     // why the run stopped, in words
	Resumed     int        // generations read back from a checkpoint
	// Abandoned counts the simulations of a last generation given up
	// because its acceptance fell below MinAcceptance: spent, but in no
	// generation.
	Abandoned int
}

// Run fits the parameters with the given priors to the targets by
// sequential Monte Carlo ABC (ABC population Monte Carlo, Beaumont et al.
// 2009, with the tolerance set adaptively as a quantile of the previous
// generation's distances). See the package documentation for the algorithm
// and its guarantees.
func Run(ctx context.Context, cfg Config, priors []Prior, targets []Target, sim Simulator) (*Result, error) {
	cfg = cfg.withDefaults()
	if err := validateProblem(cfg, priors, targets); err != nil {
		return nil, err
	}
	res := &Result{Priors: priors, Targets: targets}
	var pop *population
	if cfg.Checkpoint != "" {
		cp, err := readCheckpoint(cfg.Checkpoint, fingerprint(cfg, priors, targets))
		if err != nil {
			return nil, err
		}
		if cp != nil {
			res.Generations = cp.Generations
			res.Resumed = len(cp.Generations)
			pop = cp.population()
		}
	}
	if pop == nil {
		p, sum, err := generation(ctx, cfg, priors, targets, sim, 0, nil, math.Inf(1))
		if err != nil {
			return nil, err
		}
		if p == nil {
			return nil, fmt.Errorf("calibration: the prior generation gave fewer than %d particles with a finite distance in %d proposals; check the simulator's summaries", cfg.Particles, maxProposals(cfg))
		}
		pop = p
		if err := res.record(cfg, priors, targets, pop, sum); err != nil {
			return nil, err
		}
	}
	for {
		last := res.Generations[len(res.Generations)-1]
		g := last.Index + 1
		switch {
		case last.Index >= cfg.Generations:
			res.Stop = fmt.Sprintf("reached %d generations", cfg.Generations)
		case last.Index > 0 && last.Acceptance < cfg.MinAcceptance:
			res.Stop = fmt.Sprintf("acceptance %.4f fell below %g", last.Acceptance, cfg.MinAcceptance)
		case cfg.Epsilon > 0 && last.Epsilon <= cfg.Epsilon:
			res.Stop = fmt.Sprintf("tolerance %.4g reached %g", last.Epsilon, cfg.Epsilon)
		}
		if res.Stop != "" {
			break
		}
		eps := quantile(pop.dist, cfg.Alpha)
		next, sum, err := generation(ctx, cfg, priors, targets, sim, g, pop, eps)
		if err != nil {
			return nil, err
		}
		if next == nil {
			res.Abandoned = sum.Simulations
			res.Stop = fmt.Sprintf("generation %d at tolerance %.4g would need more than %d proposals (acceptance below %g); kept generation %d", g, eps, maxProposals(cfg), cfg.MinAcceptance, g-1)
			break
		}
		pop = next
		if err := res.record(cfg, priors, targets, pop, sum); err != nil {
			return nil, err
		}
	}
	res.Final = pop.external(priors)
	return res, nil
}

func (res *Result) record(cfg Config, priors []Prior, targets []Target, pop *population, sum GenerationSummary) error {
	sum.ESS = ess(pop.w)
	res.Generations = append(res.Generations, sum)
	if cfg.Checkpoint != "" {
		cp := newCheckpoint(fingerprint(cfg, priors, targets), res.Generations, pop)
		if err := writeCheckpoint(cfg.Checkpoint, cp); err != nil {
			return err
		}
	}
	if cfg.Progress != nil {
		cfg.Progress(sum)
	}
	return nil
}

func validateProblem(cfg Config, priors []Prior, targets []Target) error {
	errs := []error{cfg.validate()}
	if len(priors) == 0 {
		errs = append(errs, errors.New("calibration: no parameters to fit"))
	}
	seen := map[string]bool{}
	for _, p := range priors {
		errs = append(errs, p.Validate())
		if seen[p.Name] {
			errs = append(errs, fmt.Errorf("calibration: parameter %s given twice", p.Name))
		}
		seen[p.Name] = true
	}
	if len(targets) == 0 {
		errs = append(errs, errors.New("calibration: no targets to fit"))
	}
	for _, t := range targets {
		if !(t.Scale > 0) || math.IsInf(t.Scale, 0) {
			errs = append(errs, fmt.Errorf("calibration: target %s: scale %g must be positive and finite", t.ID, t.Scale))
		}
		if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
			errs = append(errs, fmt.Errorf("calibration: target %s: value %g must be finite", t.ID, t.Value))
		}
	}
	return errors.Join(errs...)
}

// population holds particles on the internal (uniform) scale.
type population struct {
	u    [][]float64
	w    []float64
	dist []float64
}

func (p *population) external(priors []Prior) Population {
	out := Population{Particles: make([][]float64, len(p.u)), Weights: append([]float64(nil), p.w...), Distances: append([]float64(nil), p.dist...)}
	for i, u := range p.u {
		x := make([]float64, len(u))
		for k, pr := range priors {
			x[k] = pr.fromInternal(u[k])
		}
		out.Particles[i] = x
	}
	return out
}

func maxProposals(cfg Config) int {
	return int(math.Ceil(float64(cfg.Particles) / cfg.MinAcceptance))
}

// proposal is one candidate: its parameters on the internal scale, its
// distance, and any error from the simulator.
type proposal struct {
	u    []float64
	d    float64
	err  error
	done bool
}

// generation draws proposals for generation g until N are accepted at
// tolerance eps, or returns a nil population if that would take more than
// maxProposals. prev is nil for generation 0 (proposals from the prior).
func generation(ctx context.Context, cfg Config, priors []Prior, targets []Target, sim Simulator, g int, prev *population, eps float64) (*population, GenerationSummary, error) {
	n := cfg.Particles
	var sigma, cum []float64
	if prev != nil {
		sigma = kernelScales(prev, priors)
		cum = make([]float64, len(prev.w))
		s := 0.0
		for i, w := range prev.w {
			s += w
			cum[i] = s
		}
	}
	limit := maxProposals(cfg)
	acc := &population{}
	sum := GenerationSummary{Index: g, Epsilon: eps}
	for start := 0; len(acc.u) < n; start += cfg.Batch {
		if start >= limit {
			return nil, sum, nil
		}
		size := min(cfg.Batch, limit-start)
		batch := make([]proposal, size)
		if err := runBatch(ctx, cfg, batch, func(j int, pr *proposal) {
			r := rand.New(rand.NewPCG(cfg.Seed, uint64(g)<<40|uint64(start+j)))
			if prev == nil {
				pr.u = make([]float64, len(priors))
				for k, p := range priors {
					pr.u[k] = p.lo() + r.Float64()*(p.hi()-p.lo())
				}
			} else {
				pr.u = perturb(r, prev, cum, sigma, priors)
			}
			theta := make([]float64, len(priors))
			for k, p := range priors {
				theta[k] = p.fromInternal(pr.u[k])
			}
			seed := r.Uint64()
			out, err := sim.Simulate(ctx, theta, seed)
			if err != nil {
				pr.err = fmt.Errorf("calibration: generation %d, proposal %d: %w", g, start+j, err)
				return
			}
			pr.d = Distance(targets, out)
		}); err != nil {
			return nil, sum, err
		}
		sum.Simulations += size
		for j := range batch {
			if batch[j].err != nil {
				return nil, sum, batch[j].err
			}
			sum.Proposals++
			if d := batch[j].d; d <= eps && !math.IsInf(d, 1) {
				acc.u = append(acc.u, batch[j].u)
				acc.dist = append(acc.dist, d)
				if len(acc.u) == n {
					break
				}
			}
		}
	}
	sum.Acceptance = float64(n) / float64(sum.Proposals)
	if prev == nil {
		// Generation 0 accepts every finite distance; its tolerance is
		// recorded as the largest it accepted.
		sum.Epsilon = 0
		for _, d := range acc.dist {
			sum.Epsilon = math.Max(sum.Epsilon, d)
		}
	}
	acc.w = weights(acc, prev, sigma)
	return acc, sum, nil
}

// runBatch fills every proposal of batch with f, on cfg.Workers goroutines.
// Which worker runs which proposal does not matter: each proposal draws
// only from its own stream.
func runBatch(ctx context.Context, cfg Config, batch []proposal, f func(j int, pr *proposal)) error {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(cfg.Workers, len(batch)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				f(j, &batch[j])
			}
		}()
	}
	var err error
feed:
	for j := range batch {
		select {
		case jobs <- j:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err != nil {
		return fmt.Errorf("calibration: stopped: %w", err)
	}
	return nil
}

// perturb picks an ancestor by weight and moves it by the Gaussian kernel,
// redrawing the move until it lands inside the prior's support.
func perturb(r *rand.Rand, prev *population, cum, sigma []float64, priors []Prior) []float64 {
	for {
		i := sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1])
		i = min(i, len(cum)-1)
		u := make([]float64, len(priors))
		inside := true
		for k, p := range priors {
			u[k] = prev.u[i][k] + sigma[k]*r.NormFloat64()
			if u[k] < p.lo() || u[k] > p.hi() {
				inside = false
			}
		}
		if inside {
			return u
		}
	}
}

// kernelScales returns the perturbation kernel's standard deviation per
// parameter: the square root of twice the weighted variance of the previous
// population (Beaumont et al. 2009), kept above a tiny share of the range.
func kernelScales(prev *population, priors []Prior) []float64 {
	s := make([]float64, len(priors))
	for k, p := range priors {
		m := 0.0
		for i, u := range prev.u {
			m += prev.w[i] * u[k]
		}
		v := 0.0
		for i, u := range prev.u {
			d := u[k] - m
			v += prev.w[i] * d * d
		}
		floor := 1e-9 * (p.hi() - p.lo())
		s[k] = math.Max(math.Sqrt(2*v), floor)
	}
	return s
}

// weights returns the importance weights of the accepted particles: equal
// in generation 0, else the prior density (constant on the internal scale,
// where every prior is uniform) over the mixture of kernels around the
// previous generation, normalised.
func weights(acc, prev *population, sigma []float64) []float64 {
	n := len(acc.u)
	w := make([]float64, n)
	if prev == nil {
		for i := range w {
			w[i] = 1 / float64(n)
		}
		return w
	}
	// Work with logarithms throughout (log-sum-exp), so a narrow kernel or
	// a particle far from the previous generation neither overflows nor
	// underflows.
	lw := make([]float64, n)
	logs := make([]float64, len(prev.u))
	for i, u := range acc.u {
		top := math.Inf(-1)
		for j, v := range prev.u {
			l := math.Log(prev.w[j])
			for k := range u {
				z := (u[k] - v[k]) / sigma[k]
				l -= z * z / 2
			}
			logs[j] = l
			top = math.Max(top, l)
		}
		s := 0.0
		for _, l := range logs {
			s += math.Exp(l - top)
		}
		lw[i] = -(top + math.Log(s))
	}
	top := math.Inf(-1)
	for _, l := range lw {
		top = math.Max(top, l)
	}
	total := 0.0
	for i, l := range lw {
		w[i] = math.Exp(l - top)
		total += w[i]
	}
	for i := range w {
		w[i] /= total
	}
	return w
}

// ess is the effective sample size 1/Σw² of normalised weights.
func ess(w []float64) float64 {
	s := 0.0
	for _, x := range w {
		s += x * x
	}
	return 1 / s
}

// quantile returns the q-quantile of xs (linear interpolation between order
// statistics), leaving xs unchanged.
func quantile(xs []float64, q float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return math.NaN()
	}
	h := q * float64(len(s)-1)
	lo := int(math.Floor(h))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (h-float64(lo))*(s[hi]-s[lo])
}

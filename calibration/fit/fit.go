// Package fit joins the domain-free calibration sampler to joinedup's
// model: it turns a targets file and a list of model parameters into
// priors, targets and a Simulator that runs the targets' scenarios through
// the experiment engine, and it simulates the posterior predictive
// distribution of every target for the checks.
//
// A parameter set's simulated summary for a fit target is the mean, over
// Replicates replicates, of the target's statistic (see
// scenarios.TargetSpec); every replicate of every scenario is run by
// experiment.Run with the proposal's seed as master seed, so a proposal's
// summaries depend only on its parameters and seed.
package fit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"sync"

	"github.com/joinedup/joinedup/calibration"
	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
)

// Problem is a calibration of model parameters against a targets file.
type Problem struct {
	Targets    []scenarios.Target // resolved; the fit targets are those with Use "fit"
	Params     []string           // the model parameters to fit
	Log        map[string]bool    // parameters given a log-uniform prior
	Replicates int                // replicates per parameter set; zero means 10

	arms    map[string]experiment.Arm
	weeks   map[string]int
	metrics map[string]map[string]int // scenario → metric → column
}

// NewProblem resolves the scenarios the targets name and checks the
// parameters against the model's parameter table.
func NewProblem(file *scenarios.TargetsFile, params []string, log []string, replicates int) (*Problem, error) {
	ts, err := file.Resolve("")
	if err != nil {
		return nil, err
	}
	p := &Problem{Targets: ts, Params: params, Log: map[string]bool{}, Replicates: replicates,
		arms: map[string]experiment.Arm{}, weeks: map[string]int{}, metrics: map[string]map[string]int{}}
	if p.Replicates == 0 {
		p.Replicates = 10
	}
	for _, n := range log {
		p.Log[n] = true
	}
	if _, err := p.Priors(); err != nil {
		return nil, err
	}
	for _, t := range ts {
		if _, ok := p.arms[t.Scenario]; ok {
			continue
		}
		s, err := scenarios.Embedded(t.Scenario)
		if err != nil {
			return nil, err
		}
		cfg, err := s.Build()
		if err != nil {
			return nil, err
		}
		p.arms[t.Scenario] = experiment.Arm{Name: t.Scenario, Source: t.Scenario, Scenario: s, Config: cfg}
		p.weeks[t.Scenario] = cfg.Weeks
		cols := map[string]int{}
		for i, m := range cfg.Metrics() {
			cols[m.Name] = i
		}
		p.metrics[t.Scenario] = cols
	}
	if len(p.fit()) == 0 {
		return nil, errors.New("fit: the targets file has no fit targets")
	}
	return p, nil
}

// Priors returns each parameter's prior: uniform, or log-uniform if listed
// in Log, over the parameter table's range.
func (p *Problem) Priors() ([]calibration.Prior, error) {
	var out []calibration.Prior
	var errs []error
	for _, n := range p.Params {
		spec, ok := paramSpec(n)
		if !ok {
			errs = append(errs, fmt.Errorf("fit: unknown parameter %q", n))
			continue
		}
		pr := calibration.Prior{Name: n, Low: spec.Min, High: spec.Max, Log: p.Log[n]}
		if err := pr.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("fit: %w (its range in the parameter table is [%g, %g]; a log-uniform prior needs a positive minimum)", err, spec.Min, spec.Max))
			continue
		}
		out = append(out, pr)
	}
	for n := range p.Log {
		found := false
		for _, q := range p.Params {
			found = found || q == n
		}
		if !found {
			errs = append(errs, fmt.Errorf("fit: -log names %q, which is not among the parameters fitted", n))
		}
	}
	return out, errors.Join(errs...)
}

// ModelHash fingerprints the model the problem fits: every entry of the
// parameter table (name, range, default) and the hash of every scenario
// the targets name. It changes when a parameter is added, renamed or
// re-ranged, or a target's scenario is edited; it does not see changes in
// the model's code, which the tool version in the provenance stands for.
func (p *Problem) ModelHash() string {
	h := sha256.New()
	for _, s := range model.ParamSpecs {
		fmt.Fprintf(h, "param %s %s %v %v %v\n", s.Name, s.Unit, s.Min, s.Max, s.Default)
	}
	names := make([]string, 0, len(p.arms))
	for n := range p.arms {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(h, "scenario %s %s\n", n, p.arms[n].Scenario.Hash())
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func paramSpec(name string) (model.ParamSpec, bool) {
	for _, s := range model.ParamSpecs {
		if s.Name == name {
			return s, true
		}
	}
	return model.ParamSpec{}, false
}

func (p *Problem) fit() []scenarios.Target {
	var out []scenarios.Target
	for _, t := range p.Targets {
		if t.Use == "fit" {
			out = append(out, t)
		}
	}
	return out
}

// FitScenarios returns how many scenarios the fit targets name: each
// parameter set is simulated on every one of them.
func (p *Problem) FitScenarios() int {
	seen := map[string]bool{}
	for _, t := range p.fit() {
		seen[t.Scenario] = true
	}
	return len(seen)
}

// SamplerTargets returns the fit targets as the sampler sees them.
func (p *Problem) SamplerTargets() []calibration.Target {
	var out []calibration.Target
	for _, t := range p.fit() {
		out = append(out, calibration.Target{ID: t.ID, Value: t.Value, Scale: t.Scale})
	}
	return out
}

// statistic returns the calibration statistic of target t.
func statistic(t scenarios.Target) calibration.Statistic {
	s := calibration.Statistic{Kind: t.Statistic, Week: t.Week, From: t.FromWeek, To: t.ToWeek}
	if t.Threshold != nil {
		s.Threshold = *t.Threshold
	}
	return s
}

// simulate runs the scenarios of targets at theta with replicates
// replicates from seed and returns, per target, each replicate's statistic.
func (p *Problem) simulate(ctx context.Context, targets []scenarios.Target, theta []float64, seed uint64, replicates int) ([][]float64, error) {
	var names []string
	idx := map[string]int{}
	for _, t := range targets {
		if _, ok := idx[t.Scenario]; !ok {
			idx[t.Scenario] = len(names)
			names = append(names, t.Scenario)
		}
	}
	out := make([][]float64, len(targets))
	for _, name := range names {
		var pt experiment.Point
		for k, n := range p.Params {
			pt.Settings = append(pt.Settings, experiment.Setting{Factor: n, Param: true, Value: strconv.FormatFloat(theta[k], 'g', -1, 64)})
		}
		weeks := p.weeks[name]
		plan := experiment.Plan{Arms: []experiment.Arm{p.arms[name]}, Points: []experiment.Point{pt},
			Replicates: replicates, Weeks: weeks, Seed: seed, Workers: 1}
		sink := experiment.SinkFunc(func(u *experiment.Unit) error {
			tr := u.Arms[0]
			for j, t := range targets {
				if t.Scenario != name {
					continue
				}
				col := p.metrics[name][t.Metric]
				series := make([]float64, weeks+1)
				for w := range series {
					series[w] = math.NaN()
				}
				for i, tick := range tr.Ticks {
					if w := int(tick); w >= 0 && w <= weeks {
						series[w] = tr.Row(i)[col]
					}
				}
				out[j] = append(out[j], statistic(t).Of(series))
			}
			return nil
		})
		if err := experiment.Run(ctx, plan, sink); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Simulator returns the sampler's view of the model: the mean over
// Replicates replicates of each fit target's statistic.
func (p *Problem) Simulator() calibration.Simulator {
	fit := p.fit()
	return calibration.SimulatorFunc(func(ctx context.Context, theta []float64, seed uint64) ([]float64, error) {
		per, err := p.simulate(ctx, fit, theta, seed, p.Replicates)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(per))
		for j, vs := range per {
			out[j] = calibration.MeanOver(vs)
		}
		return out, nil
	})
}

// Checks simulates draws parameter sets from the ensemble, one replicate
// each, on workers goroutines, and returns every target's posterior
// predictive check. Draw i uses the PCG stream (seed, i), so the checks
// do not depend on workers.
func (p *Problem) Checks(ctx context.Context, e *calibration.Ensemble, draws, workers int, seed uint64) ([]calibration.Check, error) {
	cs, _, err := p.ChecksWithDraws(ctx, e, draws, workers, seed)
	return cs, err
}

// ChecksWithDraws is Checks that also returns, per target, the value of
// every draw (NaN where the model did not produce one; +Inf for an event
// that did not happen), for figures.
func (p *Problem) ChecksWithDraws(ctx context.Context, e *calibration.Ensemble, draws, workers int, seed uint64) ([]calibration.Check, [][]float64, error) {
	vals := make([][]float64, len(p.Targets)) // [target][draw]
	for j := range vals {
		vals[j] = make([]float64, draws)
	}
	errs := make([]error, draws)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := rand.New(rand.NewPCG(seed, uint64(i)))
				theta := e.Particles[e.Sample(r)]
				per, err := p.simulate(ctx, p.Targets, theta, r.Uint64(), 1)
				if err != nil {
					errs[i] = err
					continue
				}
				for j := range per {
					vals[j][i] = per[j][0]
				}
			}
		}()
	}
	for i := range draws {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	out := make([]calibration.Check, 0, len(p.Targets))
	for j, t := range p.Targets {
		var vs []float64 // draws where the model produced the figure
		for _, v := range vals[j] {
			if !math.IsNaN(v) {
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			return nil, nil, fmt.Errorf("fit: target %s: no draw produced a value of %s", t.ID, t.Metric)
		}
		out = append(out, calibration.PredictiveCheck(t.ID+" ("+t.Use+")", t.Value, vs))
	}
	return out, vals, nil
}

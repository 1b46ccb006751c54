package experiment

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// Run simulates the plan's shard and streams each unit to the sinks in
// (point, replicate) order; see the package documentation for the
// guarantees. It returns the first error: a bad plan, a design point whose
// settings do not apply, a failed simulation, a sink's error, or ctx's
// error after a cancellation.
func Run(ctx context.Context, p Plan, sinks ...Sink) (err error) {
	if err := p.Check(); err != nil {
		return err
	}
	if p.Ensemble != nil {
		p.Ensemble = p.Ensemble.prepared()
	}
	points := p.points()
	base, _, err := p.configs(points[0])
	if err != nil {
		return fmt.Errorf("experiment: design point 0: %w", err)
	}
	info := &Info{Plan: &p, Weeks: p.ObservedWeeks(), Units: p.Units()}
	for i, a := range p.Arms {
		info.Arms = append(info.Arms, results.Meta{
			Scenario: a.Name, Run: i, Source: a.origin(), Hash: a.hash(),
			Seed: p.Seed, Stream: p.Stream(0), Replicates: p.Replicates, Weeks: p.Weeks,
			Every: max(p.Every, 1), Start: base[i].Start, Metrics: metricsOf(base[i]),
		})
	}

	var key string
	if p.Cache != nil {
		if k, ok := p.Cache.Key(&p); ok {
			key = k
			info.Cached = p.Cache.has(key, info)
			if !info.Cached {
				sinks = append(append([]Sink(nil), sinks...), p.Cache.writer(key))
			}
		}
	}
	started := 0
	defer func() {
		// Every sink that started hears how the run ended.
		for _, s := range sinks[:started] {
			if f, ok := s.(Finisher); ok {
				if ferr := f.Finish(err); err == nil {
					err = ferr
				}
			}
		}
	}()
	for _, s := range sinks {
		if st, ok := s.(Starter); ok {
			if err := st.Start(info); err != nil {
				return err
			}
		}
		started++
	}
	if info.Cached {
		if err := p.Cache.replay(ctx, key, &p, info, sinks); err != nil {
			return err
		}
	} else if err := p.run(ctx, points, base, info, sinks); err != nil {
		return err
	}
	// A cancellation after the last unit still stops the run: sinks
	// discard what they would have written.
	return ctx.Err()
}

// metricsOf describes a configuration's metrics for results.
func metricsOf(cfg *model.Config) []results.Metric {
	ms := cfg.Metrics()
	out := make([]results.Metric, len(ms))
	for i, m := range ms {
		out[i] = results.Metric{Name: m.Name, Unit: m.Unit, Description: m.Description}
	}
	return out
}

// configs builds every arm's model configuration at a design point and,
// with an ensemble, which of its parameters each arm keeps (see
// Ensemble.keep).
func (p *Plan) configs(pt Point) ([]*model.Config, [][]bool, error) {
	cfgs, err := p.buildConfigs(pt)
	if err != nil || p.Ensemble == nil {
		return cfgs, nil, err
	}
	keep := make([][]bool, len(p.Arms))
	for i, a := range p.Arms {
		var own map[string]float64
		if len(pt.Settings) == 0 && a.Scenario != nil {
			own = a.Scenario.Parameters
		} else if a.Scenario != nil {
			own = p.resolvedParams(a, pt)
		}
		keep[i] = p.Ensemble.keep(own, pt)
	}
	return cfgs, keep, nil
}

// resolvedParams returns the [parameters] of arm a's scenario with the
// point's scenario settings applied.
func (p *Plan) resolvedParams(a Arm, pt Point) map[string]float64 {
	var over []scenarios.Override
	for _, s := range pt.Settings {
		if !s.Param {
			over = append(over, s.Override())
		}
	}
	if len(over) == 0 || a.Source == "" {
		return a.Scenario.Parameters
	}
	sc, err := scenarios.ResolveWith(a.Source, append(append([]scenarios.Override(nil), a.Overrides...), over...))
	if err != nil {
		return a.Scenario.Parameters // buildConfigs has already resolved it without error
	}
	return sc.Parameters
}

// buildConfigs builds every arm's model configuration at a design point.
func (p *Plan) buildConfigs(pt Point) ([]*model.Config, error) {
	var over []scenarios.Override
	for _, s := range pt.Settings {
		if !s.Param {
			over = append(over, s.Override())
		}
	}
	out := make([]*model.Config, len(p.Arms))
	for i, a := range p.Arms {
		sc := a.Scenario
		if a.Config != nil {
			if len(over) > 0 {
				return nil, fmt.Errorf("arm %q: scenario settings cannot apply to a configuration built in code", a.Name)
			}
			cfg := *a.Config
			cfg.Weeks, cfg.TeamMetrics = p.Weeks, p.TeamMetrics || a.Config.TeamMetrics
			if err := setParams(&cfg, a.Name, pt); err != nil {
				return nil, err
			}
			out[i] = &cfg
			continue
		}
		if len(over) > 0 {
			if a.Source == "" {
				return nil, fmt.Errorf("arm %q: scenario settings need an arm with a source to resolve", a.Name)
			}
			var err error
			sc, err = scenarios.ResolveWith(a.Source, append(append([]scenarios.Override(nil), a.Overrides...), over...))
			if err != nil {
				return nil, fmt.Errorf("arm %q: %w", a.Name, err)
			}
		}
		cfg, err := sc.Build()
		if err != nil {
			return nil, fmt.Errorf("arm %q: %w", a.Name, err)
		}
		cfg.Weeks = p.Weeks
		cfg.TeamMetrics = p.TeamMetrics
		if err := setParams(cfg, a.Name, pt); err != nil {
			return nil, err
		}
		out[i] = cfg
	}
	return out, nil
}

// setParams applies a point's parameter settings to cfg.
func setParams(cfg *model.Config, arm string, pt Point) error {
	for _, s := range pt.Settings {
		if !s.Param {
			continue
		}
		v, _ := s.Number()
		if err := cfg.Params.Set(s.Factor, v); err != nil {
			return fmt.Errorf("arm %q: %w", arm, err)
		}
	}
	return nil
}

// unitState is a unit in flight.
type unitState struct {
	Unit
	cfgs []*model.Config // per arm; with an ensemble, the unit's own copies
	seq  int             // position among the units this run delivers
	done int
	err  error
}

type job struct {
	u   *unitState
	arm int
}

type jobDone struct {
	u   *unitState
	arm int
	tr  *sim.Trajectory
	err error
}

func (p *Plan) run(ctx context.Context, points []Point, base []*model.Config, info *Info, sinks []Sink) error {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	nArms := len(p.Arms)
	window := 2*workers + 1 // units in flight or waiting to be delivered
	tokens := make(chan struct{}, window)
	jobs := make(chan job)
	done := make(chan jobDone, window*nArms)
	pool := sync.Pool{New: func() any { return new(sim.Trajectory) }}
	simCfg := sim.Config{Ticks: p.Weeks, Every: max(p.Every, 1), Replicates: p.Replicates}
	if len(sinks) == 0 {
		// Nobody reads the weeks: observe only the initial state.
		simCfg.Observed = sim.OnlyInitial
	}
	metrics := make([]int, nArms)
	for i, m := range info.Arms {
		metrics[i] = len(m.Metrics)
	}

	// The dispatcher walks the plan's units in order, building each design
	// point's configurations once, and hands out one job per arm.
	var dispatchErr error
	go func() {
		defer close(jobs)
		cfgPoint, cfgs, seq := 0, base, 0
		var keep [][]bool
		if p.Ensemble != nil {
			_, keep, _ = p.configs(points[0])
		}
		for k := range len(points) * p.Replicates {
			if !p.has(k) {
				continue
			}
			pt, r := k/p.Replicates, k%p.Replicates
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			if pt != cfgPoint {
				c, kp, err := p.configs(points[pt])
				if err != nil {
					dispatchErr = fmt.Errorf("experiment: design point %d: %w", pt, err)
					cancel()
					return
				}
				cfgPoint, cfgs, keep = pt, c, kp
			}
			u := &unitState{cfgs: cfgs, seq: seq}
			u.Set = -1
			seq++
			u.Index, u.Point, u.Replicate, u.Settings = k, pt, r, points[pt].Settings
			u.Seed = sim.Replicate{Master: p.Seed, Stream: p.Stream(pt), Index: r}
			if e := p.Ensemble; e != nil {
				u.Set = e.Draw(u.Seed)
				u.cfgs = make([]*model.Config, nArms)
				for a := range nArms {
					c, err := e.apply(cfgs[a], u.Set, keep[a])
					if err != nil {
						dispatchErr = fmt.Errorf("experiment: arm %q, point %d, replicate %d: %w", p.Arms[a].Name, pt, r, err)
						cancel()
						return
					}
					u.cfgs[a] = c
				}
			}
			u.Arms = make([]*sim.Trajectory, nArms)
			for a := range nArms {
				select {
				case jobs <- job{u, a}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				tr := pool.Get().(*sim.Trajectory)
				cfg := j.u.cfgs[j.arm]
				f := func(rep sim.Replicate) (sim.Model, error) { return model.New(cfg, rep) }
				err := sim.Simulate(ctx, simCfg, j.u.Seed, f, tr)
				if err == nil && tr.Width != metrics[j.arm] {
					err = fmt.Errorf("observed %d metrics, expected %d as at design point 0", tr.Width, metrics[j.arm])
				}
				if err != nil {
					err = fmt.Errorf("experiment: arm %q, point %d, replicate %d: %w", p.Arms[j.arm].Name, j.u.Point, j.u.Replicate, err)
				}
				done <- jobDone{j.u, j.arm, tr, err}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	// Deliver complete units in plan order.
	var firstErr error
	fail := func(err error) {
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	pending := make(map[int]*unitState, window)
	next, delivered := 0, 0
	for d := range done {
		d.u.Arms[d.arm] = d.tr
		d.u.done++
		if d.err != nil && d.u.err == nil {
			d.u.err = d.err
		}
		if d.u.done < nArms {
			continue
		}
		pending[d.u.seq] = d.u
		for {
			u, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if u.err != nil {
				fail(u.err)
			}
			if firstErr == nil {
				for _, s := range sinks {
					if err := s.Add(&u.Unit); err != nil {
						fail(err)
						break
					}
				}
				if firstErr == nil {
					delivered++
				}
			}
			for _, tr := range u.Arms {
				pool.Put(tr)
			}
			<-tokens
		}
	}
	switch {
	case dispatchErr != nil && (firstErr == nil || errors.Is(firstErr, context.Canceled)):
		return dispatchErr
	case firstErr != nil:
		return firstErr
	case delivered < info.Units:
		if err := ctx.Err(); err != nil {
			return err
		}
		return fmt.Errorf("experiment: only %d of %d units completed", delivered, info.Units)
	}
	return nil
}

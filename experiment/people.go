package experiment

import (
	"context"
	"errors"
	"fmt"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/sim"
)

// A TeamWatch asks WatchTeam to show one team of one replicate as it is
// simulated: the people behind a run's curves.
type TeamWatch struct {
	Arm       int // the plan's arm, from 0
	Replicate int // the replicate, from 0 to the plan's Replicates − 1
	Team      int // the team's index in the arm's configuration
	// Every is the weeks between two snapshots; 0 means the plan's Every.
	// There is always a snapshot at week 0 and at the last week.
	Every int
	// Watch receives each snapshot in week order, from the goroutine that
	// called WatchTeam. The snapshot is reused once Watch returns, so Watch
	// copies what it keeps. An error from Watch stops the replicate and is
	// returned by WatchTeam.
	Watch func(s *model.TeamSnapshot) error
}

// WatchTeam simulates replicate w.Replicate of the plan's first design
// point in arm w.Arm, exactly as Run simulates it (same configuration,
// same parameter set drawn from the plan's ensemble, same random numbers), and hands w.Watch a snapshot of team w.Team at
// week 0, every w.Every weeks and at the last week. It only reads the
// world: the replicate's curves are those Run records for it. It returns
// a bad plan or watch, a failed simulation, Watch's error or ctx's error.
func WatchTeam(ctx context.Context, p Plan, w TeamWatch) error {
	if err := p.Check(); err != nil {
		return err
	}
	if w.Watch == nil {
		return errors.New("experiment: a team watch needs a Watch function")
	}
	if p.Ensemble != nil {
		p.Ensemble = p.Ensemble.prepared()
	}
	if w.Arm < 0 || w.Arm >= len(p.Arms) {
		return fmt.Errorf("experiment: watch of arm %d; the plan has arms 0 to %d", w.Arm, len(p.Arms)-1)
	}
	if w.Replicate < 0 || w.Replicate >= p.Replicates {
		return fmt.Errorf("experiment: watch of replicate %d; the plan has replicates 0 to %d", w.Replicate, p.Replicates-1)
	}
	cfgs, keep, err := p.configs(p.points()[0])
	if err != nil {
		return fmt.Errorf("experiment: design point 0: %w", err)
	}
	cfg := cfgs[w.Arm]
	rep := sim.Replicate{Master: p.Seed, Stream: p.Stream(0), Index: w.Replicate}
	if e := p.Ensemble; e != nil {
		// The replicate draws the same parameter set as in Run.
		if cfg, err = e.apply(cfg, e.Draw(rep), keep[w.Arm]); err != nil {
			return fmt.Errorf("experiment: arm %q, replicate %d: %w", p.Arms[w.Arm].Name, w.Replicate, err)
		}
	}
	if w.Team < 0 || w.Team >= len(cfg.Teams) {
		return fmt.Errorf("experiment: watch of team %d; arm %q has teams 0 to %d", w.Team, p.Arms[w.Arm].Name, len(cfg.Teams)-1)
	}
	every := w.Every
	if every <= 0 {
		every = max(p.Every, 1)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var watched *watchedWorld
	f := func(rep sim.Replicate) (sim.Model, error) {
		world, err := model.New(cfg, rep)
		if err != nil {
			return nil, err
		}
		watched = &watchedWorld{World: world, team: w.Team, watch: w.Watch, cancel: cancel}
		return watched, nil
	}
	err = sim.Simulate(ctx, sim.Config{Ticks: p.Weeks, Every: every, Replicates: p.Replicates}, rep, f, new(sim.Trajectory))
	if watched != nil && watched.err != nil {
		return watched.err
	}
	if err != nil {
		return fmt.Errorf("experiment: arm %q, replicate %d: %w", p.Arms[w.Arm].Name, w.Replicate, err)
	}
	return nil
}

// watchedWorld is a World whose observations also hand a snapshot of one
// team to a watcher. Step and the schedule are the World's own.
type watchedWorld struct {
	*model.World
	team   int
	snap   model.TeamSnapshot
	watch  func(*model.TeamSnapshot) error
	cancel context.CancelFunc
	err    error
}

func (m *watchedWorld) Observe(t sim.Tick, dst []float64) []float64 {
	dst = m.World.Observe(t, dst)
	if m.err == nil {
		m.World.Snapshot(m.team, &m.snap)
		if err := m.watch(&m.snap); err != nil {
			m.err = err
			m.cancel()
		}
	}
	return dst
}

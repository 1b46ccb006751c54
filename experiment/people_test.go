package experiment

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/sim"
)

// TestWatchTeamIsRunsReplicate checks that the watched replicate is the
// one Run simulates: the mean identification of the watched team's
// snapshots equals, week by week, the team_identification[TEAM] curve Run
// records for that replicate, in each arm, with 1 worker or 2.
func TestWatchTeamIsRunsReplicate(t *testing.T) {
	arms := testArms(t)
	for _, c := range []struct {
		workers int
		ens     *Ensemble
	}{{1, nil}, {2, nil}, {2, testEnsemble()}} {
		workers := c.workers
		// With an ensemble the watched replicate draws the set Run draws.
		p := Plan{Arms: arms, Replicates: 3, Weeks: 80, Every: 8, Seed: 5, Workers: workers, TeamMetrics: true, Ensemble: c.ens}
		const rep, team = 2, 1
		var info *Info
		curves := map[int][]float64{} // arm -> the team's identification by observed week
		var weeks []sim.Tick
		sink := SinkFunc(func(u *Unit) error {
			if u.Replicate != rep {
				return nil
			}
			for a, tr := range u.Arms {
				col := -1
				for i, m := range info.Arms[a].Metrics {
					if m.Name == "team_identification[neighbourhood team 2]" {
						col = i
					}
				}
				if col < 0 {
					return errors.New("no team_identification[neighbourhood team 2]")
				}
				weeks = append([]sim.Tick(nil), tr.Ticks...)
				for i := range tr.Ticks {
					curves[a] = append(curves[a], tr.Row(i)[col])
				}
			}
			return nil
		})
		start := sinkStarter{start: func(i *Info) error { info = i; return nil }}
		if err := Run(context.Background(), p, start, sink); err != nil {
			t.Fatal(err)
		}
		for a := range arms {
			var got []float64
			var at []sim.Tick
			err := WatchTeam(context.Background(), p, TeamWatch{Arm: a, Replicate: rep, Team: team, Watch: func(s *model.TeamSnapshot) error {
				if s.Name != "neighbourhood team 2" {
					t.Fatalf("watched %q", s.Name)
				}
				got = append(got, s.MeanTeamID())
				at = append(at, sim.Tick(s.Week))
				return nil
			}})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(curves[a]) {
				t.Fatalf("arm %d: %d snapshots at weeks %v, Run observed weeks %v", a, len(got), at, weeks)
			}
			for i := range got {
				if at[i] != weeks[i] || got[i] != curves[a][i] && !(math.IsNaN(got[i]) && math.IsNaN(curves[a][i])) {
					t.Errorf("workers %d, ensemble %v, arm %d: week %d identification %v watched, week %d %v run", workers, c.ens != nil, a, at[i], got[i], weeks[i], curves[a][i])
				}
			}
		}
	}
}

type sinkStarter struct{ start func(*Info) error }

func (s sinkStarter) Start(i *Info) error { return s.start(i) }
func (s sinkStarter) Add(*Unit) error     { return nil }

// TestWatchTeamErrors checks bad watches and a watcher's error.
func TestWatchTeamErrors(t *testing.T) {
	p := Plan{Arms: testArms(t)[:1], Replicates: 2, Weeks: 60, Every: 4, Seed: 1}
	stop := errors.New("enough")
	calls := 0
	cases := []struct {
		name string
		w    TeamWatch
		want string
	}{
		{"no function", TeamWatch{}, "needs a Watch function"},
		{"arm", TeamWatch{Arm: 1, Watch: func(*model.TeamSnapshot) error { return nil }}, "arms 0 to 0"},
		{"replicate", TeamWatch{Replicate: 2, Watch: func(*model.TeamSnapshot) error { return nil }}, "replicates 0 to 1"},
		{"team", TeamWatch{Team: 5, Watch: func(*model.TeamSnapshot) error { return nil }}, "teams 0 to 4"},
		{"watcher stops", TeamWatch{Watch: func(*model.TeamSnapshot) error { calls++; return stop }}, "enough"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := WatchTeam(context.Background(), p, c.w)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
	if calls != 1 {
		t.Errorf("the watcher was called %d times after returning an error, want 1", calls)
	}
}

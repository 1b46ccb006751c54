package model_test

import (
	"math"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// withTeams builds an embedded scenario with the per-team metrics on.
func withTeams(t testing.TB, name string) *model.Config {
	t.Helper()
	cfg := build(t, name, nil)
	cfg.TeamMetrics = true
	return cfg
}

// TestTeamMetricsNames checks that the per-team metrics follow the others,
// six per team in the documented order, and only when asked for.
func TestTeamMetricsNames(t *testing.T) {
	off := build(t, "childrens-teams", nil)
	on := withTeams(t, "childrens-teams")
	base, all := off.Metrics(), on.Metrics()
	if want := len(base) + 6*len(on.Teams); len(all) != want {
		t.Fatalf("with TeamMetrics %d metrics, want %d", len(all), want)
	}
	for i, m := range base {
		if all[i] != m {
			t.Fatalf("metric %d is %q with TeamMetrics, %q without", i, all[i].Name, m.Name)
		}
	}
	team := on.Teams[1].Name
	for k, stem := range []string{"cohesion", "team_identification", "trust", "user_experience", "weeks_to_intervention", "cases_open"} {
		m := all[len(base)+6+k]
		if want := stem + "[" + team + "]"; m.Name != want {
			t.Errorf("metric %d is %q, want %q", len(base)+6+k, m.Name, want)
		}
		if m.Unit == "" || m.Description == "" {
			t.Errorf("%s has no unit or description", m.Name)
		}
	}
}

// TestTeamMetricsLeaveWorldUnchanged checks that turning the per-team
// metrics on changes no world-level value, bit for bit, on the same seed.
func TestTeamMetricsLeaveWorldUnchanged(t *testing.T) {
	for _, name := range []string{"childrens-teams", "sedgefield"} {
		t.Run(name, func(t *testing.T) {
			off := build(t, name, nil)
			on := withTeams(t, name)
			off.Weeks, on.Weeks = 60, 60
			a, b := simulate(t, off, 4, 11), simulate(t, on, 4, 11)
			if len(b.Metrics()) <= len(a.Metrics()) {
				t.Fatalf("TeamMetrics observed %d metrics, no more than the %d without", len(b.Metrics()), len(a.Metrics()))
			}
			for mi, m := range a.Metrics() {
				for r := 0; r < a.Replicates(); r++ {
					for wi, wk := range a.Weeks() {
						x, y := a.Value(r, wi, mi), b.Value(r, wi, mi)
						if math.Float64bits(x) != math.Float64bits(y) && !(math.IsNaN(x) && math.IsNaN(y)) {
							t.Fatalf("%s replicate %d week %d: %v without team metrics, %v with", m.Name, r, wk, x, y)
						}
					}
				}
			}
		})
	}
}

// TestTeamMetricsAddUp checks, in every library scenario at a few weeks,
// that the teams' cohesion weighted by their members in post is the
// world's cohesion and that the teams' open cases add up to the world's.
func TestTeamMetricsAddUp(t *testing.T) {
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			cfg := withTeams(t, name)
			ms := cfg.Metrics()
			idx := map[string]int{}
			for i, m := range ms {
				idx[m.Name] = i
			}
			w, err := model.New(cfg, sim.Replicate{Master: 7})
			if err != nil {
				t.Fatal(err)
			}
			var dst []float64
			for week := sim.Tick(1); week <= 104; week++ {
				if err := w.Step(week); err != nil {
					t.Fatal(err)
				}
				if week != 4 && week != 30 && week != 104 {
					continue
				}
				dst = w.Observe(week, dst[:0])
				if len(dst) != len(ms) {
					t.Fatalf("observed %d values, Metrics lists %d", len(dst), len(ms))
				}
				var coh, people, open float64
				for ti, tm := range cfg.Teams {
					n := float64(w.MembersInPost(ti))
					if c := dst[idx["cohesion["+tm.Name+"]"]]; n > 0 {
						coh += c * n
						people += n
					}
					open += dst[idx["cases_open["+tm.Name+"]"]]
				}
				if got, want := coh/people, dst[idx["cohesion"]]; math.Abs(got-want) > 1e-12 {
					t.Errorf("week %d: teams' cohesion weighted by members in post %.15f, world %.15f", week, got, want)
				}
				if got, want := open, dst[idx["cases_open"]]; got != want {
					t.Errorf("week %d: teams' open cases add up to %v, world %v", week, got, want)
				}
			}
		})
	}
}

// TestTeamMetricsStrategy checks, in the children's teams over 30 paired
// replicates, that the unitary team with a leadership strategy (the child
// development centre) ends year 3 more cohesive than the team that is only
// co-located (the child and adolescent mental health team): the 95%
// interval of the paired difference lies above zero.
func TestTeamMetricsStrategy(t *testing.T) {
	cfg := withTeams(t, "childrens-teams")
	cfg.Weeks = 156
	set := simulate(t, cfg, 30, 20040401)
	wi, ok := set.WeekIndex(156)
	if !ok {
		t.Fatal("no week 156")
	}
	col := func(metric string) []float64 {
		mi, ok := set.MetricIndex(metric)
		if !ok {
			t.Fatalf("no metric %s", metric)
		}
		return set.Column(wi, mi)
	}
	cdc := col("cohesion[child development centre]")
	camhs := col("cohesion[child and adolescent mental health team]")
	d := make([]float64, len(cdc))
	for r := range d {
		d[r] = cdc[r] - camhs[r]
	}
	n, mean, _, lo, hi := results.MeanInterval(d)
	t.Logf("year 3 cohesion, child development centre − mental health team: %.3f [%.3f, %.3f] over %d replicates", mean, lo, hi, n)
	if n != 30 || lo <= 0 {
		t.Errorf("child development centre minus mental health team cohesion at year 3: %.3f [%.3f, %.3f] over %d replicates; want an interval above zero over 30", mean, lo, hi, n)
	}
}

// TestTeamMetricsAllocateNothing checks that a warm week with the per-team
// metrics observed allocates nothing.
func TestTeamMetricsAllocateNothing(t *testing.T) {
	cfg := withTeams(t, "sedgefield")
	w, err := model.New(cfg, sim.Replicate{Master: 3})
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]float64, 0, len(cfg.Metrics()))
	week := sim.Tick(0)
	step := func() {
		week++
		if err := w.Step(week); err != nil {
			t.Fatal(err)
		}
		dst = w.Observe(week, dst[:0])
	}
	for range 60 {
		step()
	}
	if a := testing.AllocsPerRun(40, step); a != 0 {
		t.Errorf("a warm week with team metrics allocates %v times", a)
	}
}

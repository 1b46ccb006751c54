package model_test

import (
	"context"
	"math"
	"sort"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// build loads an embedded scenario, lets edit change it, and builds it.
func build(t testing.TB, name string, edit func(*scenarios.Scenario)) *model.Config {
	t.Helper()
	sc, err := scenarios.Embedded(name)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(sc)
	}
	cfg, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func factory(cfg *model.Config) sim.Factory {
	return func(rep sim.Replicate) (sim.Model, error) { return model.New(cfg, rep) }
}

// simulate runs n replicates on stream 0 (common random numbers) and keeps
// every value.
func simulate(t testing.TB, cfg *model.Config, n int, seed uint64) *results.Set {
	t.Helper()
	var ms []results.Metric
	for _, m := range cfg.Metrics() {
		ms = append(ms, results.Metric{Name: m.Name, Unit: m.Unit})
	}
	rec := results.NewRecorder(results.Meta{Scenario: cfg.Name, Seed: seed, Replicates: n, Weeks: cfg.Weeks, Every: 1, Start: cfg.Start, Metrics: ms}, nil)
	err := sim.Run(context.Background(), sim.Config{Ticks: cfg.Weeks, Replicates: n, Seed: seed}, factory(cfg), rec)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Set()
}

func diffAt(t *testing.T, diffs []results.Difference, metric string, week int) results.Difference {
	t.Helper()
	for _, d := range diffs {
		if d.Metric == metric && d.Week == week {
			return d
		}
	}
	t.Fatalf("no difference for %s at week %d", metric, week)
	return results.Difference{}
}

// TestCaseConservation checks, every week of every replicate, that every
// case that arrived is open, closed or dropped.
func TestCaseConservation(t *testing.T) {
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			cfg := build(t, name, nil)
			set := simulate(t, cfg, 20, 3)
			idx := func(m string) int {
				i, ok := set.MetricIndex(m)
				if !ok {
					t.Fatalf("no metric %s", m)
				}
				return i
			}
			arr, open, closed, dropped := idx("cases_arrived"), idx("cases_open"), idx("cases_closed"), idx("cases_dropped")
			for r := 0; r < set.Replicates(); r++ {
				for wi, wk := range set.Weeks() {
					a, o, c, d := set.Value(r, wi, arr), set.Value(r, wi, open), set.Value(r, wi, closed), set.Value(r, wi, dropped)
					if a != o+c+d {
						t.Fatalf("replicate %d week %d: arrived %v != open %v + closed %v + dropped %v", r, wk, a, o, c, d)
					}
				}
				if last := len(set.Weeks()) - 1; set.Value(r, last, arr) == 0 {
					t.Fatalf("replicate %d: no case arrived", r)
				}
			}
		})
	}
}

// TestStructureMovesCohesion changes only the teams' structure in the
// Sedgefield scenario (co-location, single manager, shared records): the
// mechanisms, not a scenario field, must then lower cohesion by year 3.
func TestStructureMovesCohesion(t *testing.T) {
	const n, week = 100, 156
	base := simulate(t, build(t, "sedgefield", nil), n, 11)
	cases := []struct {
		name string
		edit func(*scenarios.Team)
	}{
		{"all three", func(tm *scenarios.Team) { tm.Colocated, tm.Management, tm.SharedRecords = false, "split", false }},
		{"not co-located", func(tm *scenarios.Team) { tm.Colocated = false }},
		{"split management", func(tm *scenarios.Team) { tm.Management = "split" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := build(t, "sedgefield", func(sc *scenarios.Scenario) {
				for i := range sc.Teams {
					c.edit(&sc.Teams[i])
				}
			})
			diffs, err := results.Compare(base, simulate(t, cfg, n, 11))
			if err != nil {
				t.Fatal(err)
			}
			d := diffAt(t, diffs, "cohesion", week)
			if !(d.Hi < 0) {
				t.Errorf("cohesion at week %d: difference %.3f [%.3f, %.3f], want below zero", week, d.Diff, d.Lo, d.Hi)
			}
		})
	}
}

// TestSedgefieldBeatsBarkingDagenham is the foundation's acceptance check on
// the embedded scenarios at their default replicate count.
func TestSedgefieldBeatsBarkingDagenham(t *testing.T) {
	if testing.Short() {
		t.Skip("200 replicates per arm")
	}
	sed := build(t, "sedgefield", nil)
	bd := build(t, "barking-dagenham", nil)
	const n, week = 200, 156
	a, b := simulate(t, bd, n, 1), simulate(t, sed, n, 1)
	diffs, err := results.Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"cohesion", "team_identification", "user_experience"} {
		d := diffAt(t, diffs, m, week)
		t.Logf("%s at year 3: sedgefield %.3f, barking-dagenham %.3f, difference %.3f [%.3f, %.3f]", m, d.MeanOther, d.MeanBase, d.Diff, d.Lo, d.Hi)
		if !(d.Lo > 0) {
			t.Errorf("%s: Sedgefield minus Barking and Dagenham at year 3 = %.3f [%.3f, %.3f], want above zero", m, d.Diff, d.Lo, d.Hi)
		}
	}
	wi, _ := a.WeekIndex(week)
	mi, ok := a.MetricIndex("standing[joint chief executive]")
	if !ok {
		t.Fatal("no standing metric for the joint chief executive")
	}
	gone := 0
	for _, v := range a.Column(wi, mi) {
		if v == 0 {
			gone++
		}
	}
	t.Logf("joint chief executive dissolved by year 3 in %d of %d replicates", gone, n)
	if gone*2 <= n {
		t.Errorf("joint post dissolved by year 3 in %d of %d replicates, want most", gone, n)
	}
}

// TestOutcomesAreDistributions checks pattern 9's premise: replicates of one
// scenario differ.
func TestOutcomesAreDistributions(t *testing.T) {
	set := simulate(t, build(t, "sedgefield", nil), 30, 5)
	wi, _ := set.WeekIndex(156)
	mi, _ := set.MetricIndex("cohesion")
	col := set.Column(wi, mi)
	sort.Float64s(col)
	if col[len(col)-1]-col[0] < 1e-3 {
		t.Errorf("cohesion at year 3 ranges only %.4f..%.4f over 30 replicates", col[0], col[len(col)-1])
	}
	for _, v := range col {
		if math.IsNaN(v) || v < 0 || v > 1 {
			t.Fatalf("cohesion %v out of 0..1", v)
		}
	}
}

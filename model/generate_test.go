package model_test

import (
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/sim"
)

func TestEnglandSizes(t *testing.T) {
	cases := []struct {
		scale                    float64
		partnerships, profession int
	}{
		{1.0 / 16, 9, 9 * 60 * 12},
		{0.25, 38, 38 * 60 * 12},
		{1, 150, 150 * 60 * 12},
		{1e-6, 1, 60 * 12},
	}
	for _, c := range cases {
		t.Run(model.England(c.scale).Name, func(t *testing.T) {
			cfg := model.England(c.scale)
			if got := len(cfg.Organisations); got != 2*c.partnerships {
				t.Errorf("%d organisations, want %d", got, 2*c.partnerships)
			}
			if got := len(cfg.Teams); got != 60*c.partnerships {
				t.Errorf("%d teams, want %d", got, 60*c.partnerships)
			}
			if got := cfg.Professionals(); got != c.profession {
				t.Errorf("%d professionals, want %d", got, c.profession)
			}
		})
	}
}

func TestEnglandDeterministic(t *testing.T) {
	a, b := model.England(0.1), model.England(0.1)
	if len(a.Teams) != len(b.Teams) || len(a.Shocks) != len(b.Shocks) {
		t.Fatal("two calls gave different worlds")
	}
	for i := range a.Teams {
		if a.Teams[i].Name != b.Teams[i].Name || a.Teams[i].Colocated != b.Teams[i].Colocated || a.Teams[i].Integrates != b.Teams[i].Integrates {
			t.Fatalf("team %d differs between calls", i)
		}
	}
}

// TestEnglandRuns builds the 1/16 national world, runs it for 30 weeks and
// checks that every team structure occurs and that cases are conserved.
func TestEnglandRuns(t *testing.T) {
	cfg := model.England(1.0 / 16)
	var integrated, colocatedOnly, silo, later int
	for _, tm := range cfg.Teams {
		switch {
		case tm.SingleManager && tm.Integrates > 0:
			later++
		case tm.SingleManager:
			integrated++
		case tm.Colocated:
			colocatedOnly++
		default:
			silo++
		}
	}
	if integrated == 0 || colocatedOnly == 0 || silo == 0 || later == 0 {
		t.Fatalf("team structures: %d integrated, %d integrating later, %d co-located only, %d silo; want some of each", integrated, later, colocatedOnly, silo)
	}
	w, err := model.New(cfg, sim.Replicate{Master: 1})
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, m := range cfg.Metrics() {
		idx[m.Name] = i
	}
	row := w.Observe(0, nil)
	// Cases open at the start (after the burn-in) count as arrived then.
	a0 := row[idx["cases_arrived"]]
	for wk := sim.Tick(1); wk <= 30; wk++ {
		if err := w.Schedule().ApplyDue(wk, w.EventRand()); err != nil {
			t.Fatal(err)
		}
		if err := w.Step(wk); err != nil {
			t.Fatal(err)
		}
		row = w.Observe(wk, row[:0])
		a, o, c, d := row[idx["cases_arrived"]], row[idx["cases_open"]], row[idx["cases_closed"]], row[idx["cases_dropped"]]
		if a != o+c+d {
			t.Fatalf("week %d: arrived %v != open %v + closed %v + dropped %v", wk, a, o, c, d)
		}
	}
	// About 6 referrals a week per team.
	if a, want := row[idx["cases_arrived"]]-a0, 6.0*30*float64(len(cfg.Teams)); a < 0.8*want || a > 1.2*want {
		t.Errorf("%v cases arrived in 30 weeks, want about %v", a, want)
	}
	if row[idx["cases_closed"]] == 0 {
		t.Error("no case closed in 30 weeks")
	}
}

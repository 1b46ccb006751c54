package model_test

import (
	"context"
	"math"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// outcomesAt runs one replicate of cfg to week and returns its outcome
// state (see model.World.OutcomeState).
func outcomesAt(t *testing.T, cfg *model.Config, week int, rep int, flow, posts bool) ([]float64, []string) {
	t.Helper()
	var w *model.World
	f := func(r sim.Replicate) (sim.Model, error) {
		var err error
		w, err = model.New(cfg, r)
		return w, err
	}
	var tr sim.Trajectory
	if err := sim.Simulate(context.Background(), sim.Config{Ticks: week}, sim.Replicate{Master: 7, Index: rep}, f, &tr); err != nil {
		t.Fatal(err)
	}
	return w.OutcomeState(flow, posts)
}

// TestShocksWriteNoOutcome is the behavioural half of the rule that no
// shock writes an outcome (see outcomes_test.go): with every mechanism
// switched off (and trust's rate zero), each kind of shock leaves every
// outcome of mechanisms 1-4 — identification, affinities, discretion,
// acceptance, trust, stereotypes, role understanding, status gaps — exactly
// as it is without the shock, on the same random numbers, over the weeks
// after it. User experience, measured performance and ratings are compared
// too, except for the shocks that act on the work itself: discharge fines
// reorder each team's queue and move money, a budget cut squeezes staff
// capacity through the money submodel, choice and competition make an NHS
// body's budget follow its activity (money again: the settlement tracks
// spending, so the budget's pressure and slack move its measured finances),
// and separate or joint targets change
// what is measured and pulled toward; those effects run through the case
// flow and the money and measurement submodels, which no switch turns off.
// Joint posts' standing is left out for the two structural events allowed
// to end a post: a dated joint-post-split and the abolition of a partner to
// it. With the mechanisms on, a reorganisation does change the outcomes, so
// the comparison can fail.
func TestShocksWriteNoOutcome(t *testing.T) {
	at := scenarios.NewDate(2004, 4, 5)
	shocks := []struct {
		scenario string
		shock    scenarios.Shock
	}{
		{"sedgefield", scenarios.Shock{Kind: "reorganisation", Date: at, Organisation: "Sedgefield PCT"}},
		{"sedgefield", scenarios.Shock{Kind: "abolition", Date: at, Organisation: "Sedgefield PCT"}},
		{"sedgefield", scenarios.Shock{Kind: "separate-targets", Date: at, Size: 0.3}},
		{"barking-dagenham", scenarios.Shock{Kind: "joint-targets", Date: at}},
		{"barking-dagenham", scenarios.Shock{Kind: "joint-post-split", Date: at, Post: "joint chief executive"}},
		{"sedgefield", scenarios.Shock{Kind: "leadership-change", Date: at}},
		{"sedgefield", scenarios.Shock{Kind: "common-core-training", Date: at, Size: 0.9}},
		{"sedgefield", scenarios.Shock{Kind: "budget-cut", Date: at, Organisation: "Durham County Council", Size: 0.8}},
		{"sedgefield", scenarios.Shock{Kind: "choice-competition", Date: at, Size: 0.8}},
		{"sedgefield", scenarios.Shock{Kind: "performance-funding", Date: at}},
		{"sedgefield", scenarios.Shock{Kind: "discharge-fines", Date: at}},
		{"sedgefield", scenarios.Shock{Kind: "departure", Date: at, Team: "pathway team", Size: 0.5}},
		{"sedgefield", scenarios.Shock{Kind: "leadership-effort", Date: at, Size: 0.1}},
	}
	kinds := map[string]bool{}
	for _, c := range shocks {
		kinds[c.shock.Kind] = true
	}
	for _, k := range model.ShockKinds() {
		if !kinds[k] {
			t.Errorf("shock kind %s is not tested", k)
		}
	}
	for _, c := range shocks {
		t.Run(c.shock.Kind, func(t *testing.T) {
			t.Parallel()
			posts := c.shock.Kind != "joint-post-split" && c.shock.Kind != "abolition"
			flow := true
			switch c.shock.Kind {
			case "discharge-fines", "budget-cut", "separate-targets", "joint-targets", "choice-competition":
				flow = false
			}
			base := build(t, c.scenario, nil)
			shocked := build(t, c.scenario, func(sc *scenarios.Scenario) { sc.Shocks = append(sc.Shocks, c.shock) })
			for _, cfg := range []*model.Config{base, shocked} {
				// Every switch off; trust has no switch of its own (only
				// its asymmetry), so its rate is set to zero: with the
				// asymmetry off, losses take the same rate.
				cfg.Mechanisms = model.Mechanisms{}
				cfg.Params.TrustGain = 0
			}
			week := int(shocked.WeekOf(at.Time)) + 12
			for rep := 0; rep < 3; rep++ {
				a, names := outcomesAt(t, base, week, rep, flow, posts)
				b, _ := outcomesAt(t, shocked, week, rep, flow, posts)
				for i := range a {
					if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
						t.Fatalf("replicate %d, week %d: %s is %v without the shock and %v with it, every mechanism off", rep, week, names[i], a[i], b[i])
					}
				}
			}
		})
	}
	t.Run("sensitive", func(t *testing.T) {
		base := build(t, "sedgefield", nil)
		shocked := build(t, "sedgefield", func(sc *scenarios.Scenario) { sc.Shocks = append(sc.Shocks, shocks[0].shock) })
		week := int(shocked.WeekOf(at.Time)) + 12
		a, _ := outcomesAt(t, base, week, 0, true, true)
		b, _ := outcomesAt(t, shocked, week, 0, true, true)
		differ := 0
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				differ++
			}
		}
		if differ == 0 {
			t.Error("with every mechanism on, a reorganisation changed no outcome")
		}
	})
}

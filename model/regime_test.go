package model_test

import (
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// column returns metric's values across replicates at week.
func columnAt(t *testing.T, set *results.Set, metric string, week int) []float64 {
	t.Helper()
	m, ok := set.MetricIndex(metric)
	if !ok {
		t.Fatalf("no metric %s", metric)
	}
	return set.Column(week, m)
}

// TestRatingsAreProbabilities: a rating is placed against a national field
// with measurement error, so the same scenario gives different ratings in
// different replicates; it is not fixed by a scenario field.
func TestRatingsAreProbabilities(t *testing.T) {
	const n = 100
	for _, c := range []struct {
		scenario, org string
		week          int // the week after the 2003 rating
	}{
		{"sedgefield", "Sedgefield PCT", 53},
		{"barking-dagenham", "Barking and Dagenham PCT", 119},
	} {
		t.Run(c.scenario, func(t *testing.T) {
			set := simulate(t, build(t, c.scenario, nil), n, 5)
			stars := map[float64]int{}
			for _, v := range columnAt(t, set, "rating["+c.org+"]", c.week) {
				stars[v]++
			}
			if len(stars) < 2 {
				t.Errorf("rating of %s at week %d is %v in every replicate", c.org, c.week, stars)
			}
		})
	}
}

// TestMeasuredFromWork: measured performance is computed from the
// simulated work, so taking capacity from the NHS body's staff lowers it.
func TestMeasuredFromWork(t *testing.T) {
	const n, week = 60, 156
	base := simulate(t, build(t, "sedgefield", nil), n, 7)
	thin := simulate(t, build(t, "sedgefield", func(sc *scenarios.Scenario) {
		for i := range sc.Professions {
			if sc.Professions[i].Name == "district nurse" {
				sc.Professions[i].Caseload = 1.5
			}
		}
	}), n, 7)
	diffs, err := results.Compare(base, thin)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffAt(t, diffs, "nhs_performance", week); !(d.Hi < 0) {
		t.Errorf("nhs_performance with thin district nursing minus base %.4f [%.4f, %.4f], want below zero", d.Diff, d.Lo, d.Hi)
	}
}

// TestPooledBudgetDiffers: a pooled budget is not joint posts by another
// name: with the money pooled, the partners share overspends and do not
// shunt cost, and the outcomes differ.
func TestPooledBudgetDiffers(t *testing.T) {
	const n, week = 60, 259
	base := simulate(t, build(t, "barking-dagenham", nil), n, 9)
	pooled := simulate(t, build(t, "barking-dagenham", func(sc *scenarios.Scenario) {
		sc.Partnership.Budgets = "pooled"
	}), n, 9)
	diffs, err := results.Compare(base, pooled)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffAt(t, diffs, "nhs_performance", week); !(d.Hi < 0) {
		t.Errorf("nhs_performance pooled minus separate %.4f [%.4f, %.4f], want below zero (the PCT shares the council's overspend)", d.Diff, d.Lo, d.Hi)
	}
}

// TestCareTrustEmploysSocialCare: a care trust puts social care under NHS
// governance: the council's staff in the teams are employed by the trust.
func TestCareTrustEmploysSocialCare(t *testing.T) {
	cfg := build(t, "sedgefield", func(sc *scenarios.Scenario) { sc.Partnership.Form = "care-trust" })
	for _, tm := range cfg.Teams {
		for _, m := range tm.Members {
			if o := cfg.Organisations[m.Employer]; o.Kind != model.NHS || o.Regime != model.NationalTargets {
				t.Fatalf("team %s: a member is employed by %s (%v) in a care trust", tm.Name, o.Name, o.Kind)
			}
		}
	}
}

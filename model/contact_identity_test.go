package model_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// The properties of mechanisms 1 and 2 that the theory asks for, each
// tested on paired replicates (common random numbers): the difference's
// 95% interval must lie on the expected side of zero.

const mechReplicates = 40

// pairedDiff returns other − base for metric at week.
func pairedDiff(t *testing.T, base, other *model.Config, metric string, week int) results.Difference {
	t.Helper()
	diffs, err := results.Compare(simulate(t, base, mechReplicates, 5), simulate(t, other, mechReplicates, 5))
	if err != nil {
		t.Fatal(err)
	}
	return diffAt(t, diffs, metric, week)
}

func wantSign(t *testing.T, what string, d results.Difference, sign int) {
	t.Helper()
	if (sign > 0 && !(d.Lo > 0)) || (sign < 0 && !(d.Hi < 0)) {
		t.Errorf("%s: %.4f [%.4f, %.4f], want sign %+d", what, d.Diff, d.Lo, d.Hi, sign)
	}
}

// colocatedSilo runs every team co-located but otherwise as separate
// services, with the given leadership and partnership board.
func colocatedSilo(leadership float64, board bool) func(*scenarios.Scenario) {
	return func(sc *scenarios.Scenario) {
		for i := range sc.Teams {
			tm := &sc.Teams[i]
			tm.Colocated, tm.Management, tm.SharedRecords, tm.LeadershipStrategy, tm.Leadership = true, "split", false, false, leadership
		}
		sc.Partnership.Change.Leadership = board
	}
}

// TestContactConditionsFacilitate: Allport's conditions are facilitating,
// not necessary (Pettigrew & Tropp 2006). Co-located staff with no
// leadership and no partnership board still lose stereotypes through
// contact; with strong leadership and a board they lose more.
func TestContactConditionsFacilitate(t *testing.T) {
	t.Parallel()
	bare := build(t, "sedgefield", colocatedSilo(0, false))
	noContact := build(t, "sedgefield", colocatedSilo(0, false))
	noContact.Mechanisms.Contact = false
	wantSign(t, "stereotype, contact minus none, no authority support", pairedDiff(t, noContact, bare, "stereotype", 156), -1)
	wantSign(t, "role understanding, contact minus none, no authority support", pairedDiff(t, noContact, bare, "role_understanding", 156), 1)
	backed := build(t, "sedgefield", colocatedSilo(0.9, true))
	wantSign(t, "stereotype, authority support minus none", pairedDiff(t, bare, backed, "stereotype", 156), -1)
}

// TestRoleUnderstandingFades: role understanding a common-core programme
// builds in a team of separate services fades once the programme ends.
func TestRoleUnderstandingFades(t *testing.T) {
	t.Parallel()
	base := build(t, "usual-care", nil)
	trained := build(t, "usual-care", func(sc *scenarios.Scenario) {
		sc.Shocks = append(sc.Shocks, scenarios.Shock{Kind: "common-core-training", Date: scenarios.NewDate(2004, 4, 5), Size: 0.9})
	})
	a, b := simulate(t, base, mechReplicates, 5), simulate(t, trained, mechReplicates, 5)
	mi, _ := a.MetricIndex("role_understanding")
	end, _ := a.WeekIndex(a.Weeks()[len(a.Weeks())-1])
	programmeEnd, _ := a.WeekIndex(int(trained.WeekOf(scenarios.NewDate(2005, 4, 4).Time)))
	d := make([]float64, a.Replicates())
	for r := range d {
		early := b.Value(r, programmeEnd, mi) - a.Value(r, programmeEnd, mi)
		late := b.Value(r, end, mi) - a.Value(r, end, mi)
		d[r] = early - late
	}
	m, s := stat.MeanStdDev(d, nil)
	half := 1.96 * s / math.Sqrt(float64(len(d)))
	if !(m-half > 0) {
		t.Errorf("training's gain in role understanding at the programme's end minus at the run's end: %.4f ± %.4f, want > 0 (it fades)", m, half)
	}
}

// TestDualIdentity: where leadership values each profession's
// contribution, professionals keep their professional identity beside the
// team's (Hornsey & Hogg 2000): with full dual identity, professional
// affinity is higher than under recategorisation, and both identifications
// end high.
func TestDualIdentity(t *testing.T) {
	t.Parallel()
	recat := build(t, "sedgefield", nil)
	recat.Params.DualIdentity = 0
	dual := build(t, "sedgefield", nil)
	dual.Params.DualIdentity = 1
	wantSign(t, "professional affinity, dual identity minus recategorisation", pairedDiff(t, recat, dual, "professional_affinity", 260), 1)
	set := simulate(t, dual, mechReplicates, 5)
	w, _ := set.WeekIndex(260)
	for _, m := range []string{"team_identification", "professional_affinity"} {
		mi, _ := set.MetricIndex(m)
		if v := stat.Mean(set.Column(w, mi), nil); v < 0.6 {
			t.Errorf("dual identity: mean %s at week 260 is %.3f, want both identifications high (> 0.6)", m, v)
		}
	}
}

// TestSubgroupThreat: without a leadership strategy, a team identity
// pressed across wide status gaps threatens professional identity: it is
// reasserted, and identification with the team grows less.
func TestSubgroupThreat(t *testing.T) {
	t.Parallel()
	edit := func(sc *scenarios.Scenario) {
		spread := map[string]float64{"social worker": 0.55, "district nurse": 0.95, "housing support officer": 0.25, "support worker": 0.05}
		for i := range sc.Professions {
			if v, ok := spread[sc.Professions[i].Name]; ok {
				sc.Professions[i].Status = v
			}
		}
		for i := range sc.Teams {
			sc.Teams[i].LeadershipStrategy = false
		}
	}
	none := build(t, "sedgefield", edit)
	none.Params.StatusThreat = 0
	threat := build(t, "sedgefield", edit)
	wantSign(t, "professional affinity, threat minus none", pairedDiff(t, none, threat, "professional_affinity", 156), 1)
	wantSign(t, "team identification, threat minus none", pairedDiff(t, none, threat, "team_identification", 156), -1)
}

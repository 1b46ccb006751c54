package model_test

import (
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// Patterns from the source texts that no mechanism was written or tuned
// to produce and no pattern check asserts: each follows, or fails to,
// from the mechanisms as they are (docs/ODD.md, section 1.3).

// TestConstantReformUnderminesTrust: "constant reform undermines stability
// and trust" (Cameron's review of the reviews, 004). Sedgefield with its
// PCT reorganised at a yearly hazard of 1 (a reorganisation a year on
// average, from the start) against Sedgefield as it is, on common random
// numbers, 100 replicates: trust at year 5 is lower and turnover over
// years 1-5 higher. No single mechanism carries it: upheaval's negative
// experiences (mechanism 4), management diverted and leadership lost
// (mechanisms 6 and 9) and reorganisation stress each do part.
func TestConstantReformUnderminesTrust(t *testing.T) {
	base := build(t, "sedgefield", nil)
	reform := build(t, "sedgefield", func(sc *scenarios.Scenario) {
		sc.Shocks = append(sc.Shocks, scenarios.Shock{Kind: "reorganisation", Hazard: 1, Organisation: "Sedgefield PCT"})
	})
	ms := []string{"trust", "turnover"}
	a := yearMeans(t, base, 100, 13, ms)
	b := yearMeans(t, reform, 100, 13, ms)
	dTrust := make([]float64, len(a[0][5]))
	dTurn := make([]float64, len(a[0][5]))
	for r := range dTrust {
		dTrust[r] = b[0][5][r] - a[0][5][r]
		for y := 1; y <= 5; y++ {
			dTurn[r] += (b[1][y][r] - a[1][y][r]) / 5
		}
	}
	mt, ht := meanCI(dTrust)
	mu, hu := meanCI(dTurn)
	t.Logf("reform every year minus as it is: trust at year 5 %.3f ± %.3f; turnover over years 1-5 %.4f ± %.4f", mt, ht, mu, hu)
	if mt+ht >= 0 {
		t.Errorf("constant reform did not lower trust: %.3f ± %.3f", mt, ht)
	}
	if mu-hu <= 0 {
		t.Errorf("constant reform did not unsettle the workforce: turnover %.4f ± %.4f", mu, hu)
	}
}

// TestPeripheralMembersIdentifyLess: part-time members, and members who
// spend most of their time in other teams, belong less to the team
// (Anning et al., reviewed in 001). In childrens-teams, where a team has
// members of one profession and employer on different contracts, each
// replicate compares them within the team at year 3: the full-time
// members' team identification minus the part-time (or peripheral)
// members', averaged over such groups. 60 replicates.
func TestPeripheralMembersIdentifyLess(t *testing.T) {
	cfg := build(t, "childrens-teams", nil)
	var partGap, periGap []float64
	var snap model.TeamSnapshot
	for r := 0; r < 60; r++ {
		w, err := model.New(cfg, sim.Replicate{Master: 3, Index: r})
		if err != nil {
			t.Fatal(err)
		}
		for wk := 0; wk < 156; wk++ {
			if err := w.Step(sim.Tick(wk)); err != nil {
				t.Fatal(err)
			}
		}
		type group struct{ prof, emp int }
		var gaps [3][2]float64 // by contract: sum of gaps, groups
		for ti, tm := range cfg.Teams {
			w.Snapshot(ti, &snap)
			// Mean team identification by group and contract, over the
			// posts in post.
			sum := map[group]*[3][2]float64{}
			p := 0
			for _, m := range tm.Members {
				n := max(1, m.Count)
				g := group{m.Profession, m.Employer}
				if sum[g] == nil {
					sum[g] = new([3][2]float64)
				}
				for k := 0; k < n; k++ {
					if pp := snap.People[p]; !pp.Vacant {
						sum[g][m.Contract][0] += pp.TeamID
						sum[g][m.Contract][1]++
					}
					p++
				}
			}
			for _, s := range sum {
				if s[model.FullTime][1] == 0 {
					continue
				}
				full := s[model.FullTime][0] / s[model.FullTime][1]
				for _, c := range []model.Contract{model.PartTime, model.Peripheral} {
					if s[c][1] > 0 {
						gaps[c][0] += full - s[c][0]/s[c][1]
						gaps[c][1]++
					}
				}
			}
		}
		if gaps[model.PartTime][1] > 0 {
			partGap = append(partGap, gaps[model.PartTime][0]/gaps[model.PartTime][1])
		}
		if gaps[model.Peripheral][1] > 0 {
			periGap = append(periGap, gaps[model.Peripheral][0]/gaps[model.Peripheral][1])
		}
	}
	mp, hp := meanCI(partGap)
	mq, hq := meanCI(periGap)
	t.Logf("full-time minus part-time team identification %.3f ± %.3f (%d replicates); minus peripheral %.3f ± %.3f (%d)", mp, hp, len(partGap), mq, hq, len(periGap))
	if len(partGap) < 50 || len(periGap) < 50 {
		t.Fatalf("too few replicates with both contracts in post: %d and %d", len(partGap), len(periGap))
	}
	if mp-hp <= 0 {
		t.Errorf("part-time members identify with the team as much as full-time ones: %.3f ± %.3f", mp, hp)
	}
	if mq-hq <= mp+hp {
		t.Errorf("peripheral members do not identify less than part-time ones: gaps %.3f ± %.3f and %.3f ± %.3f", mq, hq, mp, hp)
	}
}

// TestOperationalTeamsKeepIntegrating: after Barking and Dagenham's joint
// chief executive post was split, "some operational teams (learning
// disabilities, mental health, older people) kept integrating" (003). In
// barking-dagenham-operational, 100 replicates: over the replicates in
// which the joint chief executive post had ended before year 4 began,
// team identification still rises from year 3 to year 5.
func TestOperationalTeamsKeepIntegrating(t *testing.T) {
	cfg := build(t, "barking-dagenham-operational", nil)
	y := yearMeans(t, cfg, 100, 17, []string{"team_identification", "standing[joint chief executive]"})
	var d []float64
	for r := range y[0][5] {
		if y[1][4][r] == 0 { // gone for the whole of year 4
			d = append(d, y[0][5][r]-y[0][3][r])
		}
	}
	m, h := meanCI(d)
	t.Logf("%d of %d replicates with the joint chief executive gone before year 4: team identification year 5 minus year 3 %.3f ± %.3f", len(d), len(y[0][5]), m, h)
	if len(d) < 30 {
		t.Fatalf("only %d replicates saw the joint posts at the top end", len(d))
	}
	if m-h <= 0 {
		t.Errorf("the operational teams stopped integrating when the top split: %.3f ± %.3f", m, h)
	}
}

package model

import "math"

// A joint workforce strategy takes hold only as far as the partners trust
// each other and both want it (the labour market; IDeA's integrated
// workforce strategy project, 002: "You have to build relationships and
// trust before you start doing workforce strategies together"; health
// partners for whom "partnership working may not be their priority. Both
// partners must want to dance"; successful integration "is slow").
//
// Where the partnership has a joint workforce strategy
// (partnership.workforce_strategy), each area's hold H on it (0..1) is 0
// when the programme starts and each week moves toward the area's
// readiness
//
//	R = min(1, T / strategy_trust) × (1 − C) × min over the area's employers of (1 − strategy_priority × alarm)
//
// by (R − H) / strategy_weeks. T is the mean trust, last week, of the
// area's professionals in post in the professions of their teams that
// another employer fills (0 where no team mixes employers); C is the
// governance conflict (mechanism 7); an employer's alarm is how far it has
// reverted to type under pressure (mechanism 5), so a partner busy with
// its own targets does not join in. A hire poaches a partner's staff with
// probability poaching × the partners' share × (1 − H): a strategy on
// paper that has not taken hold does not stop the competition.
func (w *World) workforceStrategy() {
	if !w.cfg.Partnership.WorkforceStrategy || !w.mech.LabourMarket || w.burning {
		return
	}
	p := &w.p
	clear(w.stratTrust)
	clear(w.stratPairs)
	for ti := range w.teams {
		ts := &w.teams[ti]
		if len(ts.employers) < 2 {
			continue
		}
		a := w.marketOf[ts.employers[0]]
		nk := len(ts.slotProf)
		for _, i := range ts.members {
			if w.seat[i].vacant {
				continue
			}
			own, org := int(w.seat[i].slot), w.seat[i].org
			rel := w.rels(i, nk)
			for k := 0; k < nk; k++ {
				if k == own || ts.slotOrg[k] == org {
					continue
				}
				w.stratTrust[a] += rel[relIndex(own, k)].trust
				w.stratPairs[a]++
			}
		}
	}
	for a := range w.hold {
		w.stratReady[a] = 1
	}
	for o := range w.orgs {
		a := w.marketOf[o]
		w.stratReady[a] = math.Min(w.stratReady[a], 1-p.StrategyPriority*w.orgs[o].alarm)
	}
	for a := range w.hold {
		t := 0.0
		if w.stratPairs[a] > 0 {
			t = w.stratTrust[a] / float64(w.stratPairs[a])
		}
		r := math.Min(1, t/p.StrategyTrust) * (1 - w.part.conflict) * clamp01(w.stratReady[a])
		w.hold[a] += (r - w.hold[a]) / math.Max(1, p.StrategyWeeks)
	}
}

package model

import (
	"math"

	"github.com/joinedup/joinedup/sim"
)

// Mechanism 6, management capacity is finite (Wistow & Waddington, 003).
//
// Each organisation has management attention E = capacity ×
// (new_org_capacity + (1 − new_org_capacity) × maturity) × (1 − diversion)
// × (1 − finance_squeeze × financial pressure) (cuts fall on management
// posts as on the front line), plus consultancy_capacity where the
// partnership funds dedicated change staff (the consultancy process). The
// demand on it is the basic business (basics_load), plus each standing joint
// post it shares (joint_post_load × scope × (pace_base + pace), executive
// posts in full and operational ones at operational_post_load), plus each
// integrated team it staffs (team_change_load, lightened by the design and
// logistics processes), plus the partnership's form (its structural weight
// × pace × form_load), plus governance conflict (conflict_load × conflict),
// plus financial recovery (finance_load × financial pressure, money.go: a
// budget cut squeezes management through money). Change load beds in: it
// falls as bedding_floor + (1 − bedding_floor) exp(−age /
// bedding_in_weeks). The deficit max(0, demand − E)
// starves the basics: its staff lose deficit_capacity_loss × min(1,
// deficit) of their capacity (service.go), so the work, and with it what
// is measured (mechanism 5), suffers; support = min(1, E / demand) is the authority support
// the organisation gives its teams. A new organisation's maturity (and an
// abolished one's successor's) grows each week by (1 − maturity) /
// maturity_weeks, about 1 − (1 − m0) exp(−t / maturity_weeks). The partnership's attention share is
// clamp((demand − basics_load) / max(demand, 0.1)), computed whether or not
// the mechanism is on; with it off there is no deficit and full support.
func (w *World) manageCapacity(t sim.Tick) {
	pt := &w.cfg.Partnership
	p := &w.p
	bed := func(age sim.Tick) float64 {
		return p.BeddingFloor + (1-p.BeddingFloor)*math.Exp(-float64(age)/p.BeddingInWeeks)
	}
	// Change load of the integrated teams, gathered per employer in team order.
	light := 1.0
	if pt.Design {
		light -= p.ProcessLightening
	}
	if pt.Logistics {
		light -= p.ProcessLightening
	}
	teamLoad := w.orgTeamLoad
	clear(teamLoad)
	for ti := range w.teams {
		ts := &w.teams[ti]
		if !ts.integrated || !ts.hasIntegrated || ts.dissolved {
			continue
		}
		load := p.TeamChangeLoad * light * bed(t-ts.since)
		for _, e := range ts.employers {
			teamLoad[e] += load
		}
	}
	for oi := range w.orgs {
		o := &w.orgs[oi]
		oc := &w.cfg.Organisations[oi]
		if o.growing && !w.burning {
			o.maturity += (1 - o.maturity) / p.MaturityWeeks
		}
		if o.divertSize > 0 {
			age := float64(t - o.divertedAt)
			o.diversion = o.divertSize * math.Max(0, 1-age/p.ReorgWeeks)
			o.reorgStress = p.ReorgStress * math.Max(0, 1-age/p.ReorgWeeks)
		}
		capacity := oc.ManagementCapacity * (p.NewOrgCapacity + (1-p.NewOrgCapacity)*o.maturity) * (1 - o.diversion) * (1 - p.FinanceSqueeze*w.money[oi].balance())
		if pt.Consultancy && o.inPartnership {
			capacity += p.ConsultancyCapacity
		}
		demand := p.BasicsLoad
		for pi, jp := range pt.JointPosts {
			if w.burning || !w.posts[pi].standing || !containsInt(jp.Organisations, oi) {
				continue
			}
			scale := p.OperationalPostLoad
			if jp.Executive {
				scale = 1
			}
			demand += p.JointPostLoad * jp.Scope * scale * (p.PaceBase + pt.Pace) * bed(t-w.posts[pi].since)
		}
		demand += teamLoad[oi]
		demand += p.FinanceLoad * w.money[oi].pressure
		if o.inPartnership {
			demand += p.formWeight(pt.Form) * pt.Pace * p.FormLoad * bed(t-w.off)
			demand += p.ConflictLoad * w.part.conflict
		}
		o.capacity, o.demand = capacity, demand
		o.attention = clamp01((demand - p.BasicsLoad) / math.Max(demand, 0.1))
		if !w.mech.ManagementCapacity {
			o.deficit, o.support = 0, 1
			continue
		}
		o.deficit = math.Max(0, demand-capacity)
		o.support = math.Min(1, capacity/demand)
	}
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

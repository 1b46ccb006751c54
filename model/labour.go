package model

import (
	"math"
	"math/rand/v2"

	"github.com/joinedup/joinedup/sim"
)

// The labour market, switch labour_market (IDeA, 002: "by joining up their
// workforce strategies agencies can avoid such competition"; DfE
// children's social work workforce statistics; Community Care).
//
// Employers that share a team are one area's employers and recruit from one
// local labour market (a national world has many areas, which do not
// share). Per area and profession there is a pool of candidates: each week
// labour_supply × turnover/52 × the area's posts of the profession join it
// (labour_supply is the supply of candidates relative to the replacement
// the area's turnover needs), and pool_exit of them a week find work
// elsewhere. Each vacant post hires from the pool with weekly probability
// P / (P + V) / vacancy_weeks, P the candidates and V the area's vacancies
// of the profession at the start of the week (each hire takes a candidate
// from the pool, in team order), so partners that share a pool take from
// each other's supply. Where partners employ the same profession and have no
// joint workforce strategy (the scenario's partnership.workforce_strategy),
// they also compete for each other's staff: a hire is, with probability
// poaching × the share of the area's posts of the profession the partners
// hold × (1 − H), one of a partner's staff, who leaves that partner's post
// (a leaver there, a newcomer here, no candidate used). H is the hold of
// the partners' joint workforce strategy, 0 without one (strategy.go): a
// strategy that has taken hold ends poaching.
//
// A vacant post is covered by an agency worker with probability
// agency_cover, drawn when it falls vacant. An agency worker works the
// post's hours at agency_productivity of a member's rate (not knowing the
// local system), costs agency_premium × the post's weekly cost, and is not
// identified with the team: they take no part in contact, identity or trust
// (mechanisms 1-4), so a covered post still counts as vacant in
// vacancy_rate, as the statistics count it, and in the agency share.
//
// With the mechanism off, a vacant post is filled after an exponential wait
// with mean vacancy_weeks × (1 + recruiter_delay × (employers recruiting
// the profession in the area − 1)) (× (1 + cut_vacancy × budget cut)),
// with no pool, no poaching and no agency cover.
func (w *World) labourMarket() {
	if !w.mech.LabourMarket {
		return
	}
	// This week's vacancies: the count kept as posts fall vacant and are
	// filled (leave, newcomer), so no pass over every post is needed.
	copy(w.marketVacant, w.vacantNow)
	for k := range w.pool {
		n := float64(w.marketPosts[k])
		w.pool[k] += w.p.LabourSupply*w.p.Turnover/52*n - w.p.PoolExit*w.pool[k]
	}
}

// hire tries to fill vacant post i this week from its area's labour
// market; it reports whether the post was filled.
func (w *World) hire(t sim.Tick, i int) bool {
	if !w.mech.LabourMarket {
		return t >= w.staff[i].vacantUntil
	}
	if !w.seat[i].agency && w.rStaff.Float64() < 1/math.Max(1, w.p.AgencyWeeks) {
		w.seat[i].agency = true // an agency worker arrives to cover it from next week
	}
	o := int(w.seat[i].org)
	p := int(w.seat[i].prof)
	k := int(w.marketOf[o])*len(w.cfg.Professions) + p
	// Each of the area's vacancies meets a candidate at a rate that
	// rises with the candidates there are for each vacancy.
	v := float64(max(1, w.marketVacant[k]))
	if w.rStaff.Float64() >= w.pool[k]/(w.pool[k]+v)/math.Max(1, w.vacancyMean(i)) {
		return false
	}
	if share := w.partnerShare[o*len(w.cfg.Professions)+p]; share > 0 &&
		w.rStaff.Float64() < w.p.Poaching*share*(1-w.hold[w.marketOf[o]]) {
		if j := w.poach(i, k); j >= 0 {
			w.leave(t, j, w.rStaff)
			// A later team's conditions this week are those from before
			// any team's week (teamConditions).
			w.seat[j].poached = w.seat[j].team > w.seat[i].team
			return true
		}
	}
	w.pool[k] = math.Max(0, w.pool[k]-1)
	return true
}

// poach picks one of the partners' staff of post i's profession in market
// k, in post, or returns -1.
func (w *World) poach(i, k int) int {
	staff := w.marketStaff[k]
	for try := 0; try < 4 && len(staff) > 0; try++ {
		j := int(staff[w.rStaff.IntN(len(staff))])
		if !w.seat[j].vacant && w.seat[j].org != w.seat[i].org {
			return j
		}
	}
	return -1
}

// leave makes professional i a leaver at week t: the post falls vacant,
// not yet covered by an agency worker, and its wait for when the market is
// off is drawn from r (the staff stream for turnover and poaching, the
// events stream for a departure shock).
func (w *World) leave(t sim.Tick, i int, r *rand.Rand) {
	w.acc.leavers++
	if !w.seat[i].vacant {
		w.vacantNow[w.market(i)]++
	}
	w.seat[i].vacant = true
	w.staff[i].vacantUntil = t + 1 + sim.Tick(r.ExpFloat64()*w.vacancyMean(i))
	w.seat[i].agency = false
}

// market is the index of post i's labour market and profession (area ×
// professions + profession).
func (w *World) market(i int) int {
	return int(w.marketOf[w.seat[i].org])*len(w.cfg.Professions) + int(w.seat[i].prof)
}

// agencyWeek is the capacity this week of the agency worker covering vacant
// post i, 0 if none; it charges the employer the agency's price.
func (w *World) agencyWeek(i int32) float64 {
	if !w.seat[i].agency {
		return 0
	}
	pr := &w.cfg.Professions[w.seat[i].prof]
	org := w.seat[i].org
	w.money[org].spend += pr.WeeklyCost * w.staff[i].presence * w.p.AgencyPremium
	return pr.Caseload * w.staff[i].presence * w.p.AgencyProductivity *
		(1 - w.p.DeficitCapacityLoss*min(1, w.orgs[org].deficit)) *
		(1 - w.p.FinanceSqueeze*w.money[org].balance())
}

// initLabour finds each employer's area (the employers linked by shared
// teams), the posts and staff of each area's professions, the share of an
// area's posts of a profession that each employer's partners hold, and
// starts each pool at the candidates a week's supply leaves in the steady
// state of a market with no vacancies to fill.
func (w *World) initLabour() {
	no, np := len(w.cfg.Organisations), len(w.cfg.Professions)
	w.marketOf = make([]int32, no)
	for o := range w.marketOf {
		w.marketOf[o] = int32(o)
	}
	var find func(o int32) int32
	find = func(o int32) int32 {
		for w.marketOf[o] != o {
			o = w.marketOf[o]
		}
		return o
	}
	for _, ts := range w.teams {
		for _, e := range ts.employers[1:] {
			a, b := find(ts.employers[0]), find(e)
			if a != b {
				w.marketOf[max(a, b)] = min(a, b)
			}
		}
	}
	// Number the areas densely in employer order.
	id := make([]int32, no)
	for o := range id {
		id[o] = -1
	}
	n := int32(0)
	for o := range w.marketOf {
		r := find(int32(o))
		if id[r] < 0 {
			id[r] = n
			n++
		}
	}
	for o := range w.marketOf {
		w.marketOf[o] = id[find(int32(o))]
	}
	w.hold = make([]float64, n)
	w.stratReady = make([]float64, n)
	w.stratTrust = make([]float64, n)
	w.stratPairs = make([]int, n)
	w.pool = make([]float64, int(n)*np)
	w.marketVacant = make([]int, int(n)*np)
	w.vacantNow = make([]int, int(n)*np)
	w.marketPosts = make([]int, int(n)*np)
	w.marketStaff = make([][]int32, int(n)*np)
	orgPosts := make([]int, no*np)
	for i := range w.staff {
		k := int(w.marketOf[w.seat[i].org])*np + int(w.seat[i].prof)
		if w.seat[i].vacant {
			w.vacantNow[k]++
		}
		w.marketPosts[k]++
		w.marketStaff[k] = append(w.marketStaff[k], int32(i))
		orgPosts[int(w.seat[i].org)*np+int(w.seat[i].prof)]++
	}
	w.partnerShare = make([]float64, no*np)
	for o := 0; o < no; o++ {
		for p := 0; p < np; p++ {
			k := int(w.marketOf[o])*np + p
			if own := orgPosts[o*np+p]; own > 0 && w.marketPosts[k] > own {
				w.partnerShare[o*np+p] = float64(w.marketPosts[k]-own) / float64(w.marketPosts[k])
			}
		}
	}
	for k := range w.pool {
		w.pool[k] = w.p.LabourSupply * w.p.Turnover / 52 * float64(w.marketPosts[k]) / math.Max(w.p.PoolExit, 1e-9)
	}
}

package model

import (
	"math"

	"github.com/joinedup/joinedup/sim"
)

// Money (DOMAIN.md mechanism 10; Wistow & Waddington, 003; Cameron, 004).
//
// Each organisation holds a weekly budget in pounds, its settlement:
//
//	budget = funding × (establishment + placements) × (1 − budget cut) × performance funding × activity funding
//
// where establishment is the weekly cost of its posts (weekly cost ×
// presence, vacant posts included), placements its allowance for the
// admissions it pays for (the placements of the first year), set to what its teams' referrals would need if
// every case were seen within the access target (councils, for residential
// care: referrals × (residential_risk × (1 + complexity) + 0.005 ×
// access_target_weeks) × residential_cost, the fees of a placement's mean
// year of stay, paid week by week while the placement lasts), and funding
// the scenario's share of that need the organisation is funded for: waits
// that raise admissions overspend it. Emergency admissions are paid from an
// NHS body's acute commissioning budget, which the model does not hold
// (their cost is in cost_per_case). The budget is a settlement computed
// from what the organisation is there to provide, not from what it spent:
// it does not make good last year's overspend (see "Why a settlement"
// below). Each week it spends the cost of its staff in
// post, the admissions it pays for (an emergency admission falls to the NHS
// body in the team, residential care to the council) and, while
// delayed-discharge payments are in force, discharge_fine a day of delayed
// transfer, which the council pays to the NHS body (Community Care (Delayed
// Discharges etc.) Act 2003; £120 a day, 004).
//
// The surplus ratio r = (budget + income − spending)/budget is smoothed over
// about a year (the financial year); financial pressure is clamp(−r / overspend_tolerance). Under
// a pooled budget (the partnership's form is pooled-budget, or budgets =
// "pooled") the partners' budgets and spending for the teams are one pot and
// every partner feels the pot's pressure; aligned and separate budgets are
// each partner's own.
//
// Financial pressure squeezes the work: each of the organisation's staff
// has finance_squeeze × pressure less capacity (overtime, bank and agency
// hours cut); recovery takes management attention (finance_load × pressure,
// mechanism 6); it is one of the measured indicators (mechanism 5); and,
// unless budgets are pooled, staff shift cost to the partner: a step of a
// partner's case is deferred with probability cost_shunting × pressure
// (× aligned_share under aligned budgets), as a target pull defers it.
//
// Performance-linked funding (Better Care Fund, 004; bonuses to three-star
// PCTs in 2003) makes performance_fund_share of a rated organisation's
// budget depend on its last rating: the budget is × (1 − share + share ×
// stars/2), so two stars keep it and three earn a bonus. Choice and
// competition make competition × an NHS body's budget follow its activity
// (payment by results): × (1 − c + c × smoothed activity ÷ plan); and users
// go elsewhere when a team's waits are long (service.go).
//
// Why a settlement. Incremental budgeting (next year's budget makes good a
// share of this year's overspend, with pressure felt only from overspend)
// was tried first and dropped: its budget chases its spending, so an
// underfunded organisation's pressure decays over many years (with half
// the gap made good each year, chronic pressure had not settled after
// eight simulated years) and the counterfactual drifted on that clock
// alone, with no steady state a burn-in could reach; underfunding was only
// ever a transient. A settlement from the establishment and the need it
// serves (in the period, PCTs' revenue allocations by weighted capitation
// and councils' formula spending shares were computed from population and
// need, not from the previous year's outturn) has a steady state as soon
// as spending has one: the establishment, vacancies and agency cover, the
// stock of placements (which settles over about placement_weeks) and
// fines. A budget cut, underfunding, performance-linked funding and
// competition stay in force for as long as their causes do, and pooled,
// aligned and separate budgets, cost shunting and fines act as before.
func (w *World) finances(t sim.Tick) {
	pooled := w.pooled()
	var poolB, poolS float64
	for oi := range w.orgs {
		m := &w.money[oi]
		o := &w.orgs[oi]
		// Fees of the placements it pays for; a year's mean stay.
		m.spend += m.placed * w.p.ResidentialCost / w.p.PlacementWeeks
		m.placed -= m.placed / w.p.PlacementWeeks
		b := m.base * (1 - o.budgetCut) * m.fund
		if c := w.part.competition; c > 0 && w.cfg.Organisations[oi].Kind == NHS {
			ms := &w.meas[oi].smooth
			act := 1.0
			if ms.plan > 0 {
				act = ms.done / ms.plan
			}
			b *= 1 - c + c*act
		}
		m.budget = b
		if pooled && o.inPartnership {
			poolB += b + m.income
			poolS += m.spend
		}
	}
	for oi := range w.orgs {
		m := &w.money[oi]
		r := 0.0
		switch {
		case pooled && w.orgs[oi].inPartnership:
			if poolB > 0 {
				r = (poolB - poolS) / poolB
			}
		case m.budget > 0:
			r = (m.budget + m.income - m.spend) / m.budget
		}
		m.surplus += (r - m.surplus) / w.p.FinanceWeeks
		m.pressure = clamp01(-m.surplus / w.p.OverspendTolerance)
		m.spend, m.income = 0, 0
	}
}

// orgMoney is an organisation's money.
type orgMoney struct {
	base    float64 // weekly budget before cuts and funding rules, pounds
	fund    float64 // performance-linked funding factor
	budget  float64 // this week's budget, pounds
	spend   float64 // this week's spending so far, pounds
	income  float64 // this week's income beyond the budget (discharge payments received), pounds
	surplus float64 // surplus ratio smoothed over about a year
	placed  float64 // people in residential placements it pays for

	pressure float64 // financial pressure, 0..1
}

// BudgetMode is how the partners hold the money for the services they share.
type BudgetMode uint8

// Budget modes.
const (
	SeparateBudgets BudgetMode = iota // each partner its own, planned apart
	AlignedBudgets                    // each partner its own, planned together
	PooledBudget                      // one pot (Health Act 1999 section 31)
)

func (w *World) pooled() bool {
	return w.cfg.Partnership.Budgets == PooledBudget || w.cfg.Partnership.Form == FormPooledBudget
}

// shunt is the probability that staff of org defer a step of a partner's
// case to shift its cost to the partner.
func (w *World) shunt(org int32) float64 {
	if w.pooled() {
		return 0
	}
	s := w.p.CostShunting * w.money[org].pressure
	if w.cfg.Partnership.Budgets == AlignedBudgets {
		s *= w.p.AlignedShare
	}
	return s
}

// initMoney sets each organisation's base budget from its establishment,
// and each team's payers for admissions.
func (w *World) initMoney() {
	w.money = make([]orgMoney, len(w.orgs))
	for i := range w.prof {
		pr := &w.cfg.Professions[w.prof[i]]
		w.money[w.org[i]].base += pr.WeeklyCost * w.presence[i]
	}
	w.payers = make([][2]int32, len(w.teams))
	for ti := range w.teams {
		nhs, council := int32(-1), int32(-1)
		for _, e := range w.teams[ti].employers {
			switch w.cfg.Organisations[e].Kind {
			case NHS:
				if nhs < 0 {
					nhs = e
				}
			case Council:
				if council < 0 {
					council = e
				}
			}
		}
		w.payers[ti] = [2]int32{nhs, council}
		// The placements allowance: the admissions the team's referrals
		// would need if every case were seen at once.
		tc := &w.cfg.Teams[ti]
		cg := &w.cfg.ClientGroups[tc.ClientGroup]
		if council >= 0 {
			// Placements last a year on average and cost residential_cost
			// over it: the allowance pays for the steady stock.
			perWeek := tc.Referrals * (w.p.ResidentialRisk*(1+cg.Complexity) + w.p.ResidentialWait*w.p.AccessTargetWeeks)
			w.money[council].placed += perWeek * w.p.PlacementWeeks
			w.money[council].base += perWeek * w.p.ResidentialCost
		}
	}
	for oi := range w.money {
		w.money[oi].base *= w.cfg.Organisations[oi].Funding
		w.money[oi].fund = 1
	}
}

// place adds an admission to residential care to the placements org pays for.
func (w *World) place(org int32) {
	if org >= 0 {
		w.money[org].placed++
	}
}

// fundByRating applies performance-linked funding after a rating.
func (w *World) fundByRating(oi int) {
	if !w.part.funding || math.IsNaN(w.orgs[oi].rating) {
		return
	}
	s := w.p.PerformanceFundShare
	w.money[oi].fund = 1 - s + s*w.orgs[oi].rating/2
}

// pay charges an admission or payment to an organisation (none when org < 0).
func (w *World) pay(org int32, pounds float64) {
	if org >= 0 {
		w.money[org].spend += pounds
	}
}

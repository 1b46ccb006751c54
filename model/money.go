package model

import (
	"math"

	"github.com/joinedup/joinedup/sim"
)

// Money (DOMAIN.md mechanism 10; Wistow & Waddington, 003; Cameron, 004).
//
// Each organisation holds a weekly budget in pounds, its settlement:
//
//	budget = funding × settled spending × (1 − budget cut) × performance funding × activity funding
//
// where settled spending is what the organisation spends (its staff in
// post, agency workers covering vacancies, the placements it pays for,
// delayed-discharge payments) smoothed over finance_weeks (a financial
// year), starting from the cost of its establishment (weekly cost ×
// presence of every post) and its placements allowance (councils, for
// residential care: referrals × (residential_risk × (1 + complexity) +
// residential_wait × access_target_weeks) × residential_cost, the fees of
// the steady stock of placements its referrals would need if every case
// were seen within the access target), and funding is the scenario's share
// of that the organisation is funded for. Emergency admissions are paid
// from an NHS body's acute commissioning budget, which the model does not
// hold (their cost is in cost_per_case). Each week it spends the cost of
// its staff in post and of agency cover (labour.go), the fees of its
// placements (an emergency admission falls to the NHS body in the team,
// residential care to the council) and, while delayed-discharge payments
// are in force, discharge_fine a day of delayed transfer, which the council
// pays to the NHS body (Community Care (Delayed Discharges etc.) Act 2003;
// £120 a day, 004).
//
// The surplus ratio r = (budget + income − spending)/budget is smoothed over
// finance_weeks; financial pressure is clamp(−r / overspend_tolerance) and
// slack clamp(r / overspend_tolerance). Under a pooled budget (the
// partnership's form is pooled-budget, or budgets = "pooled") the partners'
// budgets and spending for the teams are one pot and every partner feels
// the pot's pressure; aligned and separate budgets are each partner's own.
//
// Financial pressure squeezes the work, and slack eases it: each of the
// organisation's staff has finance_squeeze × (pressure − slack) less
// capacity (overtime, bank and agency hours cut, or bought); recovery takes
// management attention (finance_load × pressure, mechanism 6); it is one of
// the measured indicators (mechanism 5); and, unless budgets are pooled,
// staff shift cost to the partner: a step of a partner's case is deferred
// with probability cost_shunting × pressure (× aligned_share under aligned
// budgets), as a target pull defers it.
//
// Performance-linked funding (Better Care Fund, 004; bonuses to three-star
// PCTs in 2003) makes performance_fund_share of a rated organisation's
// budget depend on its last rating: the budget is × (1 − share + share ×
// stars/2), so two stars keep it and three earn a bonus. Choice and
// competition make competition × an NHS body's budget follow its activity
// (payment by results): × (1 − c + c × smoothed activity ÷ plan); and users
// go elsewhere when a team's waits are long (service.go).
//
// Why this rule. Incremental budgeting with pressure felt only from
// overspend (next year's budget making good half this year's overspend)
// had no steady state a burn-in could reach: chronic pressure settled only
// after about eight simulated years and usual care's waits drifted on that
// clock. A settlement frozen at the cost of the establishment was tried next:
// once vacancies and agency cover wander (the labour market), every
// replicate's spending drifts away from its frozen settlement, pressure is
// felt from overspend only, and usual care drifted again. Here the
// settlement follows spending symmetrically, without a clip, and pressure
// and slack act alike on capacity: the money has a steady state as soon as
// spending has one (the burn-in reaches it), a lasting cause (a budget cut,
// underfunding, performance-linked funding, competition) keeps its pressure
// for as long as it lasts, and a rise in spending (more agency cover, more
// placements, fines) is felt as pressure for about a financial year before
// the settlement absorbs it, as incremental budgets did.
func (w *World) finances(t sim.Tick) {
	pooled := w.pooled()
	var poolB, poolS float64
	for oi := range w.orgs {
		m := &w.money[oi]
		o := &w.orgs[oi]
		// Fees of the placements it pays for; a year's mean stay.
		m.spend += m.placed * w.p.ResidentialCost / w.p.PlacementWeeks
		m.placed -= m.placed / w.p.PlacementWeeks
		// The settlement follows what the organisation spends (staff in
		// post, agency cover, placements, fines), smoothed over a
		// financial year, × its funding.
		m.track += (m.spend - m.track) / w.p.FinanceWeeks
		m.base = w.cfg.Organisations[oi].Funding * m.track
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
		m.slack = clamp01(m.surplus / w.p.OverspendTolerance)
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
	track   float64 // spending smoothed over finance_weeks, pounds a week

	pressure float64 // financial pressure, 0..1
	slack    float64 // room in the budget, 0..1: an underspend as pressure is an overspend
}

// balance is the organisation's financial pressure less its slack, −1..1:
// it squeezes its staff's hours (overtime, bank and agency hours cut) by
// finance_squeeze × balance, and an underspend buys as many more.
func (m *orgMoney) balance() float64 { return m.pressure - m.slack }

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
	for i := range w.seat {
		pr := &w.cfg.Professions[w.seat[i].prof]
		w.money[w.seat[i].org].base += pr.WeeklyCost * w.staff[i].presence
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
		w.money[oi].track = w.money[oi].base
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
	w.money[oi].fund = 1 - s + s*w.orgs[oi].rating/w.p.FundParStars
}

// pay charges an admission or payment to an organisation (none when org < 0).
func (w *World) pay(org int32, pounds float64) {
	if org >= 0 {
		w.money[org].spend += pounds
	}
}

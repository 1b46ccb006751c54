package model

import (
	"math"
	"time"

	"github.com/joinedup/joinedup/sim"
)

// The burn-in: a world in its steady state when the programme starts.
//
// A world built from a configuration starts with every professional a
// newcomer (no team identification, stereotypes at their professions'
// baselines), every queue empty and every smoothed measure at its prior. The
// area the programme starts in is not like that: its staff have worked
// together for years under the arrangements before the programme. So before
// the start date the world runs burn_in_weeks weeks under those
// pre-programme arrangements, and the run's week 0 is the state they reach:
// identities, relationships, stress and vacancies, queues and waits, the
// measured performance of each organisation and its money.
//
// The pre-programme arrangements are the area without the programme: every
// team works as separate services (no co-location, split management,
// separate records, no leadership strategy, as before its integration date),
// no joint post stands, no organisation is in a partnership (so the form's
// and conflict's management load, the change staff and pooled budgets are
// absent) and governance conflict does not grow. Everything else is the
// area's standing arrangement and runs as configured: the organisations,
// their regimes, targets and target pressure, their money, the teams'
// leaders, meetings, demand and staff, whether the partners' targets are
// joint. Nothing dated happens in the burn-in: no shock (dated or drawn at
// its hazard), no rating, and a new organisation's maturity stays at its
// configured value (it is its maturity on the start date). Mechanisms that
// draw their own events (leaders' and staff's careers, the labour market)
// run as they do after the start.
//
// Week 0 of the run is week burn_in_weeks of the model's own clock; the
// calendar date of a model week is the configured start date plus the
// weeks since week 0, so the burn-in's weeks fall before the start date
// (financial years and rating months keep their places). The counters of
// cases arrived, closed and dropped start at the start date, with the cases
// open then counted as arrived. The programme then starts: teams integrated
// from the start date take up their arrangement, joint posts stand, and the
// organisations in the partnership join it.
func (w *World) burnIn() {
	w.off = sim.Tick(math.Round(w.p.BurnInWeeks))
	if w.off > 0 {
		w.burning = true
		run := w.p
		w.p = w.p.hastened(w.p.BurnInSpeed)
		for ti := range w.teams {
			w.teams[ti].integrated = false
			w.applyStructure(ti)
		}
		member := make([]bool, len(w.orgs))
		for oi := range w.orgs {
			member[oi] = w.orgs[oi].inPartnership
			w.orgs[oi].inPartnership = false
		}
		for t := sim.Tick(1); t <= w.off; t++ {
			w.step(t)
		}
		w.burning = false
		w.p = run
		w.intentRef = w.meanIntent()
		// A vacancy's remaining wait is drawn again at the run's pace (the
		// wait is memoryless, so this is the wait of a vacancy that has
		// lasted as long at that pace); with the labour market on, a
		// vacancy is filled week by week at the run's pace anyway.
		for i := range w.seat {
			if w.seat[i].vacant {
				w.staff[i].vacantUntil = w.off + 1 + sim.Tick(w.rStaff.ExpFloat64()*w.vacancyMean(i))
			}
		}
		for oi := range w.orgs {
			w.orgs[oi].inPartnership = member[oi]
		}
	}
	for ti := range w.teams {
		ts := &w.teams[ti]
		ts.integrated = w.cfg.Teams[ti].Integrates <= 0
		ts.since = w.off
		w.applyStructure(ti)
	}
	for pi := range w.posts {
		w.posts[pi].since = w.off
	}
	w.totals = totals{arrived: w.OpenCases()}
}

// date is the calendar date of week t of the model's clock.
func (w *World) date(t sim.Tick) time.Time { return w.cfg.Date(t - w.off) }

// hastened returns the parameters with the slow processes of people and
// their relationships k times as fast: every weekly rate of contact,
// self-categorisation, the pessimistic tradition, trust and the workforce
// (staff turnover and vacancies' durations included, so the mix of
// newcomers and old hands is the one these processes reach at their own
// pace), each at most 1. A week of the hastened burn-in moves them as k
// weeks would, from the same week's work: the steady state of a process
// that relaxes toward a target it is given week by week is the same at
// any pace.
func (p Params) hastened(k float64) Params {
	if k <= 1 {
		return p
	}
	for _, r := range []*float64{&p.StereotypeLearn, &p.RoleLearn, &p.StereotypeRelapse, &p.RoleForget,
		&p.TeamIDGain, &p.TeamIDDecay, &p.AffinityRate, &p.ParityRate, &p.AcceptanceRate,
		&p.TrustGain, &p.TrustLoss, &p.StressRate} {
		*r = math.Min(1, *r*k)
	}
	p.Turnover = math.Min(52, p.Turnover*k)
	p.LeaderTurnover = math.Min(52, p.LeaderTurnover*k)
	// A change of leader unsettles the team for as many weeks as it
	// would after the start, at a k-th of the intensity: with trust's
	// rates k times faster, each change costs the trust it would.
	p.LeaderChangeUpheaval /= k
	p.LeadershipWeeks = math.Max(1, p.LeadershipWeeks/k)
	p.PoolExit = math.Min(1, p.PoolExit*k)
	p.VacancyWeeks /= k
	p.AgencyWeeks /= k
	p.FinanceWeeks = math.Max(1, p.FinanceWeeks/k)
	return p
}

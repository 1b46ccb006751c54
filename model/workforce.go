package model

import (
	"github.com/joinedup/joinedup/sim"
)

// Mechanism 9, workforce (IDeA, 002; Anning et al., 001).
//
// Stress moves (at stress_rate) toward
//
//	stress_base + stress_utilisation × utilisation
//	+ stress_backlog × min(1, backlog / capacity of the slot)
//	+ stress_deficit × employer's management deficit + stress_conflict × conflict
//	+ reorganisation stress − stress_team_buffer × affTeam × active management
//
// Intention to leave is intent_base + intent_stress × stress − intent_team ×
// affTeam (0..1); the weekly probability of leaving is turnover/52 ×
// (leave_hazard_base + leave_hazard_intent × intention) / (leave_hazard_base
// + leave_hazard_intent × the area's usual intention). A post left empty is
// filled after an exponential wait with mean vacancy_weeks × (1 +
// recruiter_delay × (employers recruiting that profession − 1)) with the
// labour market off (× (1 + cut_vacancy × budget cut) under a cut),
// counting the employers in the leaver's employer's labour market: itself
// and the employers it shares a team with (partners compete for one labour
// pool); the newcomer arrives with their
// profession's identity, not the team's (see newcomer). With the mechanism
// off there is no turnover and stress stays where it started.
func (w *World) workforce(t sim.Tick, ti int) {
	{
		p := &w.p
		ts := &w.teams[ti]
		for _, i := range ts.members {
			st, se := &w.staff[i], w.seat[i]
			if se.vacant {
				if w.hire(t, int(i)) {
					w.newcomer(int(i), w.rStaff)
				}
				continue
			}
			st.tenure++
			if !w.mech.Workforce {
				continue
			}
			util := 0.0
			if st.capWeek > 0 {
				util = st.done / st.capWeek
			}
			k := se.slot
			back := min(1, ts.backlog[k]/max(ts.slotCap[k], 0.5))
			o := &w.orgs[se.org]
			target := p.StressBase + p.StressUtilisation*util + p.StressBacklog*back + p.StressDeficit*o.deficit + p.StressConflict*w.part.conflict + o.reorgStress - p.StressTeamBuffer*st.affTeam*ts.mgmt
			st.stress += p.StressRate * (clamp01(target) - st.stress)
			w.intent[i] = clamp01(p.IntentBase + p.IntentStress*st.stress - p.IntentTeam*st.affTeam)
			if w.rStaff.Float64() < p.Turnover/52*(p.LeaveHazardBase+p.LeaveHazardIntent*w.intent[i])/(p.LeaveHazardBase+p.LeaveHazardIntent*w.intentRef) {
				w.leave(t, int(i), w.rStaff)
			}
		}
	}
}

// recruiters counts the employers in employer o's labour market (itself and
// its partners in teams) that employ profession p (see countRecruiters).
func (w *World) recruiters(o, p int) int { return max(1, w.recruit[o*len(w.cfg.Professions)+p]) }

// vacancyMean is the mean weeks professional i's post takes to fill: with
// the labour market on, the time recruitment takes once a candidate is
// there; with it off, lengthened by the employers competing for the
// profession in the area.
func (w *World) vacancyMean(i int) float64 {
	mean := w.p.VacancyWeeks
	if !w.mech.LabourMarket {
		mean *= 1 + w.p.RecruiterDelay*float64(w.recruiters(int(w.seat[i].org), int(w.seat[i].prof))-1)
	}
	if c := w.orgs[w.seat[i].org].budgetCut; c > 0 {
		mean *= 1 + w.p.CutVacancy*c
	}
	return mean
}

// meanIntent is the mean intention to leave of the staff in post
// (newcomer_intent when none is).
func (w *World) meanIntent() float64 {
	var s, n float64
	for i := range w.staff {
		if !w.seat[i].vacant {
			s += w.intent[i]
			n++
		}
	}
	if n == 0 || s == 0 {
		return w.p.NewcomerIntent
	}
	return s / n
}

package model

import (
	"fmt"
	"math"

	"github.com/joinedup/joinedup/sim"
)

// Metric describes one weekly outcome.
type Metric struct {
	Name, Unit, Description string
}

// baseMetrics are observed in every world, in this order; per-organisation
// metrics follow (see Metrics).
var baseMetrics = []Metric{
	{"cohesion", "0-1", "team cohesion: mean over members of (team identification + mean trust + acceptance)/3 × (1 − mean status gap/2)"},
	{"team_identification", "0-1", "mean affinity to the team"},
	{"professional_affinity", "0-1", "mean affinity to own profession"},
	{"employer_affinity", "0-1", "mean affinity to the employing organisation"},
	{"parity_of_esteem", "0-1", "1 − mean perceived status gap to other professions in the team"},
	{"acceptance", "0-1", "mean acceptance of other professions' judgement"},
	{"role_understanding", "0-1", "mean understanding of other professions' roles"},
	{"trust", "0-1", "mean trust in other professions in the team"},
	{"stereotype", "0-1", "mean negative stereotype of other professions in the team"},
	{"weeks_to_intervention", "weeks", "mean weeks from referral to first intervention, cases reaching it this week (users who give up first are not counted: see seen_within_target)"},
	{"seen_within_target", "share", "of the users whose wait ended this week, by a first intervention or by giving up, the share who had their first intervention within access_target_weeks of referral (a user who gives up counts as not seen)"},
	{"handoffs_per_case", "handoffs", "handoffs per case closed this week"},
	{"duplicates_per_case", "assessments", "duplicate assessments per case closed this week"},
	{"user_experience", "0-1", "mean user experience of cases closed or dropped this week (a user who gives up is counted with the wait they had)"},
	{"emergency_admissions", "per 1,000 open cases", "emergency admissions this week per 1,000 open cases"},
	{"residential_admissions", "per 1,000 closures", "admissions to residential care per 1,000 cases closed this week"},
	{"delayed_transfer_days", "days/week", "days of delayed transfer from hospital this week"},
	{"cost_per_case", "pounds", "staff time and admissions per case closed this week"},
	{"turnover", "per year", "leavers this week × 52 / staff in post (as the workforce statistics count it: leavers over staff in post)"},
	{"vacancy_rate", "share", "share of posts vacant (agency workers covering a vacancy count it as vacant, as the workforce statistics do)"},
	{"agency_share", "share", "agency workers covering vacancies as a share of the workforce (agency workers plus staff in post)"},
	{"stress", "0-1", "mean stress"},
	{"management_deficit", "capacity units", "mean management deficit over organisations"},
	{"conflict", "0-1", "conflict between the partners"},
	{"nhs_performance", "0-1", "mean measured target performance of NHS organisations"},
	{"council_performance", "0-1", "mean measured target performance of councils"},
	{"nhs_rating", "stars", "mean latest rating of NHS organisations (missing before the first)"},
	{"joint_posts_standing", "share", "share of joint posts still standing (missing if none)"},
	{"integrated_teams_standing", "share", "share of teams with an integrated arrangement that have it in place and not dissolved (missing if none)"},
	{"cases_arrived", "cases", "cases open at the start plus those referred since"},
	{"cases_open", "cases", "cases open now (counted in the teams' queues)"},
	{"cases_closed", "cases", "cases closed since the start"},
	{"cases_dropped", "cases", "cases dropped since the start"},
}

// teamMetrics are observed per team, in this order, when Config.TeamMetrics
// is on: the name is suffixed with [TEAM] and the team's name fills the %s
// of the description.
var teamMetrics = []Metric{
	{"cohesion", "0-1", "team cohesion, defined as cohesion, over the members of %s in post"},
	{"team_identification", "0-1", "mean affinity to the team of the members of %s in post"},
	{"trust", "0-1", "mean trust of the members of %s in post in the other professions in the team"},
	{"user_experience", "0-1", "mean user experience of the cases of %s closed or dropped this week (missing if none)"},
	{"weeks_to_intervention", "weeks", "mean weeks from referral to first intervention, cases of %s reaching it this week (missing if none)"},
	{"cases_open", "cases", "cases open now in the queue of %s"},
}

// teamWeekly is one team's share of the week's flow counters (weekly).
type teamWeekly struct {
	waitSum float64
	waitN   int
	uxSum   float64
	closed  int
	dropped int
}

// teamObs is Observe's scratch for one team's identity and relation sums.
type teamObs struct {
	coh, aT, tr   float64
	people, pairs int
}

// Metrics lists the World's observed metrics, in the order Observe appends
// them: the base metrics, then performance[org] and rating[org] per
// organisation, then standing[post] per joint post and, when TeamMetrics is
// on, cohesion[team], team_identification[team], trust[team],
// user_experience[team], weeks_to_intervention[team] and cases_open[team]
// for each team in turn.
func (c *Config) Metrics() []Metric {
	ms := append([]Metric(nil), baseMetrics...)
	for _, o := range c.Organisations {
		ms = append(ms,
			Metric{"performance[" + o.Name + "]", "0-1", "measured target performance of " + o.Name},
			Metric{"rating[" + o.Name + "]", "stars", "latest yearly rating of " + o.Name})
	}
	for _, p := range c.Partnership.JointPosts {
		ms = append(ms, Metric{"standing[" + p.Name + "]", "0/1", "1 while the joint post " + p.Name + " stands"})
	}
	if c.TeamMetrics {
		for _, t := range c.Teams {
			for _, m := range teamMetrics {
				ms = append(ms, Metric{m.Name + "[" + t.Name + "]", m.Unit, fmt.Sprintf(m.Description, t.Name)})
			}
		}
	}
	return ms
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// Observe appends the week's metrics to dst (sim.Model).
func (w *World) Observe(t sim.Tick, dst []float64) []float64 {
	var coh, aT, aP, aO, acc, stress float64
	var gapS, trS, roS, stS float64
	var pairs, people, vac, agency int
	for ti := range w.teams {
		ts := &w.teams[ti]
		// The team's own sums, kept apart so the world's sums are the
		// same whether or not the per-team metrics are observed.
		var tCoh, tAT, tTr float64
		var tPeople, tPairs int
		for _, i := range ts.members {
			if w.seat[i].vacant {
				vac++
				if w.seat[i].agency {
					agency++
				}
				continue
			}
			people++
			var g, tr, n float64
			rel := w.rels(i, len(ts.slotProf)) // to the other slots
			for k := range rel {
				r := &rel[k]
				ag := math.Abs(r.gap)
				g += ag
				tr += r.trust
				gapS += ag
				trS += r.trust
				tTr += r.trust
				roS += r.roleU
				stS += r.stereo
				n++
				pairs++
				tPairs++
			}
			mt, mg := 0.5, 0.0
			if n > 0 {
				mt, mg = tr/n, g/n
			}
			c := (w.staff[i].affTeam + mt + w.staff[i].accept) / 3 * (1 - mg/2)
			coh += c
			tCoh += c
			tPeople++
			aT += w.staff[i].affTeam
			tAT += w.staff[i].affTeam
			aP += w.staff[i].affProf
			aO += w.staff[i].affOrg
			acc += w.staff[i].accept
			stress += w.staff[i].stress
		}
		if w.teamObs != nil {
			w.teamObs[ti] = teamObs{coh: tCoh, aT: tAT, tr: tTr, people: tPeople, pairs: tPairs}
		}
	}
	pn, pp := float64(people), float64(pairs)
	var nhsP, nhsN, couP, couN, nhsR, nhsRN, def float64
	for oi := range w.orgs {
		o := &w.orgs[oi]
		def += o.deficit
		switch w.cfg.Organisations[oi].Kind {
		case NHS:
			nhsP += o.perf
			nhsN++
			if !math.IsNaN(o.rating) {
				nhsR += o.rating
				nhsRN++
			}
		case Council:
			couP += o.perf
			couN++
		}
	}
	var postsUp, teamsUp, teamsWith float64
	for _, p := range w.posts {
		if p.standing {
			postsUp++
		}
	}
	for ti := range w.teams {
		if ts := &w.teams[ti]; ts.hasIntegrated {
			teamsWith++
			if ts.integrated && !ts.dissolved {
				teamsUp++
			}
		}
	}
	a := &w.acc
	open := w.OpenCases()
	dst = append(dst,
		ratio(coh, pn), ratio(aT, pn), ratio(aP, pn), ratio(aO, pn),
		1-ratio(gapS, pp), ratio(acc, pn), ratio(roS, pp), ratio(trS, pp), ratio(stS, pp),
		ratio(a.waitSum, float64(a.waitN)),
		ratio(a.seenOnTime, float64(a.waitN+a.dropped)),
		ratio(float64(a.handoffsClosed), float64(a.closed)),
		ratio(float64(a.dupsClosed), float64(a.closed)),
		ratio(a.uxSum, float64(a.closed+a.dropped)),
		ratio(1000*float64(a.emergency), float64(open)),
		ratio(1000*float64(a.residential), float64(a.closed)),
		a.delayedDays,
		ratio(a.costSum+a.fines, float64(a.closed)),
		52*ratio(float64(a.leavers), pn),
		ratio(float64(vac), float64(len(w.staff))),
		ratio(float64(agency), float64(agency+people)),
		ratio(stress, pn),
		ratio(def, float64(len(w.orgs))),
		w.part.conflict,
		ratio(nhsP, nhsN), ratio(couP, couN), ratio(nhsR, nhsRN),
		ratio(postsUp, float64(len(w.posts))),
		ratio(teamsUp, teamsWith),
		float64(w.totals.arrived), float64(open), float64(w.totals.closed), float64(w.totals.dropped),
	)
	for oi := range w.orgs {
		dst = append(dst, w.orgs[oi].perf, w.orgs[oi].rating)
	}
	for _, p := range w.posts {
		s := 0.0
		if p.standing {
			s = 1
		}
		dst = append(dst, s)
	}
	for ti := range w.teamObs {
		o, ta := &w.teamObs[ti], &w.teamAcc[ti]
		pn, pp := float64(o.people), float64(o.pairs)
		dst = append(dst,
			ratio(o.coh, pn), ratio(o.aT, pn), ratio(o.tr, pp),
			ratio(ta.uxSum, float64(ta.closed+ta.dropped)),
			ratio(ta.waitSum, float64(ta.waitN)),
			float64(len(w.teams[ti].queue)))
	}
	return dst
}

// OpenCases counts the cases in the teams' queues (for checking that every
// case is accounted for).
func (w *World) OpenCases() int {
	n := 0
	for ti := range w.teams {
		n += len(w.teams[ti].queue)
	}
	return n
}

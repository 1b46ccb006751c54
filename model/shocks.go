package model

import (
	"math"
	"math/rand/v2"

	"github.com/joinedup/joinedup/sim"
)

// Reform shocks and policy events (DOMAIN.md; 000, 003, 004). Dated shocks
// are sim events applied at the start of their week; shocks with a yearly
// hazard h happen each week with probability h/52. Their effects:
//
//   - reorganisation of an organisation: reorg_diversion of its management
//     capacity diverted, recovering linearly over reorg_weeks (003: "lost 18
//     months"); managers leave (team leadership halves, recovering over half
//     a year); relationships break: in every team it staffs, four weeks of
//     upheaval (negative experience 1.5 a week, 2.25 for an abolition, which
//     mechanism 4 turns into lost trust), team identification falls by a
//     quarter, role understanding by 15%; stress rises for its staff.
//   - abolition: as reorganisation, larger (diversion × 1.5), the successor's
//     maturity falls to 0.3 and grows again as a new organisation's does,
//     and every joint post it shares ends.
//   - separate-targets / joint-targets: the partners are judged apart or
//     together; separate targets also raise national-targets organisations'
//     pressure by Size.
//   - joint-post-split: the named joint post ends.
//   - leadership-change: the team (or every team the organisation staffs, or
//     every team) gets a new leader: the leadership target becomes
//     min(1, configured leadership × U(0.3, 0.9) / 0.6), current leadership
//     halves and recovers toward it; four weeks of upheaval at 0.5 a week.
//   - common-core-training: for a year, each professional is trained with
//     weekly probability Size/52 (Size is the yearly share trained; Barnet
//     trained 550 of 20,000 in a year, 002): role understanding of every
//     other profession +0.15 × (1 − roleU), stereotypes × 0.85.
//   - budget-cut: the organisation's management capacity falls by Size/2 and
//     its vacancies take 1 + 2 × Size times as long to fill.
//   - choice-competition: competition max(current, Size, 0.5) cuts contact
//     (× (1 − 0.2 competition)) and common goals (× (1 − 0.3 competition)).
//   - performance-funding: joint goals rise (Better Care Fund, 004).
//   - discharge-fines: £120 a day of delayed transfer (004) is charged to
//     the cost of care (cost_per_case), and teams put cases awaiting
//     discharge first.
func (w *World) schedule() {
	for si := range w.cfg.Shocks {
		s := &w.cfg.Shocks[si]
		if s.At >= 0 {
			w.sched.At(s.At, sim.EventFunc(func(t sim.Tick, r *rand.Rand) error { w.shock(t, s); return nil }))
		}
	}
	for ti := range w.cfg.Teams {
		if at := w.cfg.Teams[ti].Integrates; at > 0 {
			w.sched.At(at, sim.EventFunc(func(t sim.Tick, r *rand.Rand) error { w.integrate(t, ti); return nil }))
		}
	}
}

// hazards draws the shocks given at a yearly hazard.
func (w *World) hazards(t sim.Tick) {
	for si := range w.cfg.Shocks {
		s := &w.cfg.Shocks[si]
		if s.At < 0 && s.Hazard > 0 && w.rEvents.Float64() < s.Hazard/52 {
			w.shock(t, s)
		}
	}
	if w.part.training > 0 && t >= w.part.trainingEnd {
		w.part.training = 0
	}
	if w.part.training > 0 {
		for i := range w.prof {
			if !w.vacant[i] && w.rTrain.Float64() < w.part.training/52 {
				w.train(i)
			}
		}
	}
}

// integrate puts a team's configured integrated arrangement in place.
func (w *World) integrate(t sim.Tick, ti int) {
	ts := &w.teams[ti]
	if ts.integrated {
		return
	}
	ts.integrated = true
	ts.since = t
	w.applyStructure(ti)
}

func (w *World) dissolvePost(at sim.Tick, pi int) {
	w.sched.At(at, sim.EventFunc(func(t sim.Tick, r *rand.Rand) error {
		w.posts[pi].standing = false
		return nil
	}))
}

func (w *World) shock(t sim.Tick, s *Shock) {
	switch s.Kind {
	case Reorganisation:
		w.reorganise(t, s.Organisation, 1)
	case Abolition:
		w.reorganise(t, s.Organisation, 1.5)
		w.orgs[s.Organisation].maturity = math.Min(w.orgs[s.Organisation].maturity, 0.3)
		w.orgs[s.Organisation].growing = true
		for pi, jp := range w.cfg.Partnership.JointPosts {
			if containsInt(jp.Organisations, s.Organisation) {
				w.posts[pi].standing = false
			}
		}
	case SeparateTargets:
		w.part.jointTargets = false
		for oi := range w.orgs {
			if w.cfg.Organisations[oi].Regime == NationalTargets {
				w.orgs[oi].pressure = math.Min(1, w.orgs[oi].pressure+s.Size)
			}
		}
	case JointTargets:
		w.part.jointTargets = true
	case JointPostSplit:
		if s.Post >= 0 {
			w.posts[s.Post].standing = false
		}
	case LeadershipChange:
		for ti := range w.teams {
			if s.Team >= 0 && ti != s.Team {
				continue
			}
			if s.Team < 0 && s.Organisation >= 0 && !containsInt32(w.teams[ti].employers, int32(s.Organisation)) {
				continue
			}
			ts := &w.teams[ti]
			ts.leadTarget = w.cfg.Teams[ti].Leadership * (0.3 + 0.6*w.rEvents.Float64()) / 0.6
			ts.leadTarget = math.Min(1, ts.leadTarget)
			ts.leadership *= 0.5
			w.upheave(ti, 0.5)
		}
	case CommonCoreTraining:
		w.part.training = s.Size
		w.part.trainingEnd = t + 52
	case BudgetCut:
		o := &w.orgs[s.Organisation]
		o.budgetCut = math.Min(1, o.budgetCut+s.Size)
	case ChoiceCompetition:
		w.part.competition = math.Max(w.part.competition, math.Max(s.Size, 0.5))
	case PerformanceFunding:
		w.part.funding = true
	case DischargeFines:
		w.part.fines = true
	}
}

func (w *World) reorganise(t sim.Tick, oi int, scale float64) {
	if oi < 0 {
		return
	}
	o := &w.orgs[oi]
	o.divertSize = math.Min(0.9, w.p.ReorgDiversion*scale)
	o.divertedAt = t
	o.diversion = o.divertSize
	o.reorgStress = 0.3
	for ti := range w.teams {
		ts := &w.teams[ti]
		if !containsInt32(ts.employers, int32(oi)) {
			continue
		}
		ts.leadership *= 0.5
		w.upheave(ti, 1.5*scale)
		for _, i := range ts.members {
			w.affTeam[i] *= 0.75
			for k := range ts.slotProf {
				w.rel[int(i)*w.K+k].roleU *= 0.85
			}
		}
	}
}

// upheave gives a team's members negative experience of each other for the
// next four weeks (mechanism 4 turns it into lost trust).
func (w *World) upheave(ti int, perWeek float64) {
	ts := &w.teams[ti]
	ts.upheaval = math.Max(ts.upheaval*float64(min(1, max(0, ts.upheavalUntil-w.week))), perWeek)
	ts.upheavalUntil = w.week + 5
}

func (w *World) train(i int) {
	ts := &w.teams[w.team[i]]
	for k := range ts.slotProf {
		if k == int(w.slot[i]) {
			continue
		}
		j := i*w.K + k
		w.rel[j].roleU += 0.15 * (1 - w.rel[j].roleU)
		w.rel[j].stereo *= 0.85
	}
}

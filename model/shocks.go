package model

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/joinedup/joinedup/sim"
)

// Reform shocks and policy events (DOMAIN.md; 000, 002, 003, 004). Dated
// shocks are sim events applied at the start of their week; shocks with a
// yearly hazard h happen each week with probability h/52. A shock changes
// the conditions the mechanisms work under — who manages, who is under
// strain, which relationships hold, where attention goes, what is learnt —
// and never writes an outcome (identification, affinity, trust,
// stereotype, role understanding, status gap, acceptance, discretion, user
// experience, performance, a rating; see outcomes_test.go). Their effects:
//
//   - reorganisation of an organisation: reorg_diversion of its management
//     capacity is diverted (at most diversion_max), recovering linearly over
//     reorg_weeks (003: "lost 18 months"), and its staff carry
//     reorganisation stress for as long (mechanism 9: more of them leave,
//     and relationships with leavers go, mechanism 4); managers leave: in
//     every team it staffs the current leadership falls by
//     reorg_leadership_loss and recovers as a new manager settles in;
//     working relationships with the staff it moves break: for
//     upheaval_weeks, reorg_upheaval a week of negative experience between
//     its staff and their colleagues (mechanism 4). Identification and role
//     understanding then follow from weaker management, strain, leavers and
//     newcomers through mechanisms 1 and 2.
//   - abolition: as reorganisation with diversion and upheaval ×
//     abolition_scale; the successor's maturity falls to successor_maturity
//     and grows again as a new organisation's does, and every joint post it
//     shares ends (a partner to it no longer exists).
//   - separate-targets / joint-targets: the partners are judged apart or
//     together; separate targets also raise national-targets organisations'
//     pressure by Size.
//   - joint-post-split: the named joint post ends (the scenario's what-if:
//     a split decided outside the model).
//   - leadership-change: the team (or every team the organisation staffs, or
//     every team) gets a new leader of quality between new_leader_min and
//     new_leader_max times the configured leadership (uniform, at most 1);
//     current leadership falls by leader_change_loss and recovers toward the
//     new leader's; for upheaval_weeks, leader_change_upheaval a week of
//     negative experience between all members.
//   - common-core-training: for training_programme_weeks, each professional
//     goes on a course with weekly probability Size/52 (Size is the yearly
//     share trained; Barnet trained 550 of 20,000 in a year, 002); a course
//     is training_weeks of training_contact more contact with every other
//     profession under ideal conditions, which mechanism 1 turns into role
//     understanding and lower stereotypes.
//   - budget-cut: the organisation's budget falls by Size (cuts add up, at
//     most the whole budget), so it overspends and financial pressure
//     squeezes its staff and management capacity (mechanism 10); its
//     vacancies take 1 + cut_vacancy × Size times as long to fill.
//   - choice-competition: competition becomes max(current, Size,
//     competition_floor); it cuts contact (× (1 − contact_competition_cut ×
//     competition)) and common goals (× (1 − goals_competition_cut ×
//     competition)); users leave
//     teams with long waits, and an NHS body's budget follows its activity.
//   - performance-funding: joint goals rise (Better Care Fund, 004), and a
//     share of each rated organisation's budget follows its rating.
//   - discharge-fines: teams put cases awaiting discharge first, and each
//     day of delayed transfer costs the team's council discharge_fine
//     (£120 a day, 004), paid to its NHS body and counted in the cost of
//     care (cost_per_case).
//   - departure: professionals of the named team resign: the one most
//     intent on leaving, or, with Size above 0, round(Size × those in post)
//     (at least one) in order of intention to leave. Each leaves as in
//     mechanism 9 (the post is empty for the vacancy wait; the newcomer
//     arrives with their profession's identity, not the team's); with
//     mechanism 9 off, nobody leaves.
//   - leadership-effort: the named team's manager (or every team's) gives
//     leadership of Size from now: the team's leadership target becomes
//     Size (the site variation drawn at the start is replaced), and
//     current leadership moves toward it as it recovers after a change of
//     leader, over about half a year; no one is replaced, so there is no
//     upheaval.
func (w *World) schedule() {
	for si := range w.cfg.Shocks {
		s := &w.cfg.Shocks[si]
		if s.At >= 0 {
			w.sched.At(s.At, sim.EventFunc(func(t sim.Tick, r *rand.Rand) error { w.shock(t+w.off, s); return nil }))
		}
	}
	for ti := range w.cfg.Teams {
		if at := w.cfg.Teams[ti].Integrates; at > 0 {
			w.sched.At(at, sim.EventFunc(func(t sim.Tick, r *rand.Rand) error { w.integrate(t+w.off, ti); return nil }))
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
		for i := range w.seat {
			if !w.seat[i].vacant && w.rTrain.Float64() < w.part.training/52 {
				w.staff[i].trainedUntil = t + sim.Tick(math.Round(w.p.TrainingWeeks))
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
		w.reorganise(t, s.Organisation, w.p.AbolitionScale)
		w.orgs[s.Organisation].maturity = math.Min(w.orgs[s.Organisation].maturity, w.p.SuccessorMaturity)
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
			q := w.p.NewLeaderMin + (w.p.NewLeaderMax-w.p.NewLeaderMin)*w.rEvents.Float64()
			w.changeLeader(t, ti, math.Min(1, w.cfg.Teams[ti].Leadership*q))
		}
	case CommonCoreTraining:
		w.part.training = s.Size
		w.part.trainingEnd = t + sim.Tick(math.Round(w.p.TrainingProgramme))
	case BudgetCut:
		o := &w.orgs[s.Organisation]
		o.budgetCut = math.Min(1, o.budgetCut+s.Size)
	case ChoiceCompetition:
		w.part.competition = math.Max(w.part.competition, math.Max(s.Size, w.p.CompetitionFloor))
	case PerformanceFunding:
		w.part.funding = true
	case DischargeFines:
		w.part.fines = true
	case LeadershipEffort:
		for ti := range w.teams {
			if s.Team < 0 || ti == s.Team {
				w.teams[ti].leadTarget = s.Size
			}
		}
	case Departure:
		if s.Team >= 0 && w.mech.Workforce {
			w.depart(t, s.Team, s.Size)
		}
	}
}

// depart makes professionals of team ti resign at week t: the one most
// intent on leaving, or round(size × those in post), at least one, in
// order of intention (ties by id).
func (w *World) depart(t sim.Tick, ti int, size float64) {
	var in []int32
	for _, i := range w.teams[ti].members {
		if !w.seat[i].vacant {
			in = append(in, i)
		}
	}
	n := 1
	if size > 0 {
		n = max(1, int(math.Round(size*float64(len(in)))))
	}
	sort.SliceStable(in, func(a, b int) bool { return w.intent[in[a]] > w.intent[in[b]] })
	for _, i := range in[:min(n, len(in))] {
		w.leave(t, int(i), w.rEvents)
	}
}

func (w *World) reorganise(t sim.Tick, oi int, scale float64) {
	if oi < 0 {
		return
	}
	o := &w.orgs[oi]
	// Stress of the reorganisation (mechanism 9) follows the diversion; see
	// manageCapacity.
	o.divertSize = math.Min(w.p.DiversionMax, w.p.ReorgDiversion*scale)
	o.divertedAt = t
	o.diversion = o.divertSize
	for ti := range w.teams {
		ts := &w.teams[ti]
		if !containsInt32(ts.employers, int32(oi)) {
			continue
		}
		ts.leadership *= 1 - w.p.ReorgLeadershipLoss
		w.upheave(t, ti, w.p.ReorgUpheaval*scale, oi)
	}
}

// upheave gives the working relationships of a team that a shock breaks
// negative experience of perWeek for upheaval_weeks from week t
// (mechanism 4 turns it into lost trust): those of organisation org's staff
// with their colleagues, or, with org < 0, all of them. An upheaval still
// under way widens to cover both.
func (w *World) upheave(t sim.Tick, ti int, perWeek float64, org int) {
	ts := &w.teams[ti]
	if ts.upheavalOrg == nil {
		ts.upheavalOrg = make([]bool, len(w.orgs))
		ts.upheavalSlot = make([]bool, len(ts.slotProf))
	}
	if t >= ts.upheavalUntil {
		ts.upheaval = 0
		clear(ts.upheavalOrg)
		clear(ts.upheavalSlot)
	}
	ts.upheaval = math.Max(ts.upheaval, perWeek)
	ts.upheavalUntil = t + sim.Tick(math.Round(w.p.UpheavalWeeks))
	for oi := range ts.upheavalOrg {
		if org < 0 || oi == org {
			ts.upheavalOrg[oi] = true
		}
	}
	for k, ms := range ts.slotMembers {
		for _, m := range ms {
			if ts.upheavalOrg[w.seat[m].org] {
				ts.upheavalSlot[k] = true
			}
		}
	}
}

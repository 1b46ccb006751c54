package model

import (
	"math"

	"github.com/joinedup/joinedup/sim"
)

// Mechanism 8, service speed and experience (Cameron, 004; Hudson, 000).
//
// Referrals arrive at each team as a Poisson stream. A case needs health,
// social and housing help with its client group's probabilities (at least
// one), and a complexity. It is assessed by a professional meeting its most
// likely need, then needs one contribution per need (two where a draw falls
// below its complexity) from a professional whose profession meets it; a
// need no team member meets goes outside the team (an external handoff,
// done each week with probability external_weekly). Each step takes one unit of a
// professional's weekly capacity, caseload × presence × (1 −
// stress_capacity_loss × stress), none while the post is vacant. A member with any capacity left
// may take a step; going below zero is a debt carried into the next week, so
// part-time and peripheral members work at their rate. A case moves at most
// one step a week.
//
// When a step passes from one professional to another it is a handoff. The
// receiver i judges the sender's profession k: the handoff stalls for a week
// with probability
//
//	stall_base × (1 + seam) × (1 − stall_trust × trust) × (1 − stall_role × roleU) × records × place
//
// (records = records_stall with shared records, place = colocated_stall
// when co-located, 1 otherwise; seam 1
// between employers, single_manager_seam between employers under one line
// manager, who allocates the team's work as within one organisation, and 0
// within an employer), and i
// repeats the assessment with probability
//
//	duplicate_base × (1 − records_duplicate × shared) × (1 − trust) × (1 − roleU) × (1 − acceptance)
//
// (taking a second unit of caseload). Smooth handoffs are good experiences
// for both sides, duplicates bad ones, stalls bad (weighing
// stall_bad_weight) with probability stall_bad_share (mechanism 4). With the mechanism off, handoffs never stall or duplicate.
//
// Outcomes: weeks from referral to first intervention; handoffs and
// duplicates per closed case; user experience at closure or when a user
// gives up (a dropped case, after the wait it had),
// 1 − ux_wait × (weeks waited − 1) − ux_seam × seams − ux_duplicate ×
// duplicates − ux_stall × stalls, in 0..1, where seams sums the seam of each cross-employer handoff
// (1 for a need met outside the team; under one manager the user has one
// point of contact, so a handoff between employers weighs
// single_manager_seam); an emergency admission each week a case with health
// needs is open, with probability emergency_risk × (1 + emergency_complexity
// × complexity), × emergency_waiting while it waits for its first
// intervention;
// admission to residential care at closure with probability
// residential_risk × (1 + complexity) + residential_wait × weeks waited; 7 delayed
// transfer days for each week after the first that a case awaiting hospital
// discharge waits for its first intervention; cost per closed case (staff
// time at weekly cost ÷ caseload, plus admissions). A case waiting more than
// drop_after_weeks for its first intervention is dropped with probability
// drop_weekly a week. Every case is open, closed or dropped.
func (w *World) serviceFlow(t sim.Tick, ti int) {
	ts := &w.teams[ti]
	p := &w.p
	clear(ts.slotCap)
	for _, i := range ts.members {
		st, se := &w.staff[i], w.seat[i]
		// Weekly capacity.
		c := 0.0
		if !se.vacant {
			// A management deficit starves the basics (mechanism 6) and
			// financial pressure cuts hours (money.go).
			pr := &w.cfg.Professions[se.prof]
			org := se.org
			c = pr.Caseload * st.presence * (1 - p.StressCapacityLoss*st.stress) *
				(1 - p.DeficitCapacityLoss*min(1, w.orgs[org].deficit)) *
				(1 - p.FinanceSqueeze*w.money[org].balance())
			w.money[org].spend += pr.WeeklyCost * st.presence
		} else {
			c = w.agencyWeek(i) // an agency worker covering the vacancy (labour.go)
		}
		// Work taken on beyond last week's capacity is carried as a debt,
		// so a member with less than one unit a week still takes cases,
		// at their rate.
		st.capWeek, st.capLeft, st.done, st.jointTotal = c, c+min(0, st.capLeft), 0, 0
		// Each slot's capacity this week, which the workforce weighs
		// against the slot's backlog.
		ts.slotCap[se.slot] += c
	}
	clear(w.exp[:len(ts.members)*w.K]) // the week's experience counters
	w.arrivals(t, ti)
	w.work(t, ti)
}

func (w *World) arrivals(t sim.Tick, ti int) {
	tc := &w.cfg.Teams[ti]
	ts := &w.teams[ti]
	cg := &w.cfg.ClientGroups[tc.ClientGroup]
	mean := tc.Referrals
	if c := w.part.competition; c > 0 && w.teamWait[ti] > w.p.AccessTargetWeeks {
		// Under choice and competition users go elsewhere when waits are long.
		mean *= 1 - c*w.p.ChoiceExit*clamp01((w.teamWait[ti]-w.p.AccessTargetWeeks)/math.Max(w.p.AccessTargetWeeks, 1))
	}
	if mean != ts.demandMean {
		// e^−mean, for drawing the week's referrals, changes only with
		// the mean (under choice and competition).
		ts.demandMean, ts.demandExp = mean, math.Exp(-mean)
	}
	n := poisson(w.rDemand, mean, ts.demandExp)
	// The client group's most likely need (the first of equals).
	best, bestP := 0, -1.0
	for k, p := range cg.Need {
		if p > bestP {
			best, bestP = k, p
		}
	}
	for c := 0; c < n; c++ {
		// One 64-bit draw gives three 21-bit uniforms for the needs, another
		// three for the extra contributions.
		needBits, extraBits := w.rDemand.Uint64(), w.rDemand.Uint64()
		var need [3]bool
		any := false
		for k := 0; k < 3; k++ {
			need[k] = unit21(needBits, k) < cg.Need[k]
			any = any || need[k]
		}
		if !any {
			need[best] = true
		}
		lead := best
		if !need[lead] {
			for k := 0; k < 3; k++ {
				if need[k] {
					lead = k
					break
				}
			}
		}
		cx := clamp01(cg.Complexity + w.p.ComplexitySD*w.rDemand.NormFloat64())
		hosp := w.rDemand.Float64() < cg.FromHospital
		pick := w.rDemand.Uint64()

		var flags caseFlags
		if hosp {
			flags |= fromHospital
		}
		if need[Health] {
			flags |= healthNeeds
		}
		ts.queue = append(ts.queue, caseState{referred: int32(t), last: -1, first: -1, owner: -1, complexity: cx, flags: flags})
		cs := &ts.queue[len(ts.queue)-1]
		if hosp {
			for _, e := range ts.employers {
				w.meas[e].week.hospN++
			}
		}
		cs.steps[0] = w.slotFor(ts, Need(lead), pick)
		cs.nsteps = 1
		for k := 0; k < 3; k++ {
			if !need[k] {
				continue
			}
			reps := 1
			if unit21(extraBits, k) < cx {
				reps = 2
			}
			for r := 0; r < reps && cs.nsteps < uint8(len(cs.steps)); r++ {
				cs.steps[cs.nsteps] = w.slotFor(ts, Need(k), pick>>uint(8*(k+1)))
				cs.nsteps++
			}
		}
		// The activity plan: the contributions the referral needs, planned
		// for the employer of the profession that is to give each.
		for _, s := range cs.steps[:cs.nsteps] {
			if s == external {
				continue
			}
			o := ts.slotOrg[s] // the slot's one employer (teamConditions)
			if o < 0 {
				o = w.seat[ts.slotMembers[s][0]].org
			}
			w.meas[o].week.plan += w.p.ActivityPlan
		}
		w.acc.arrived++
		w.totals.arrived++
	}
}

// slotFor picks a slot whose profession meets the need (external if none).
func (w *World) slotFor(ts *teamState, n Need, pick uint64) uint8 {
	slots := ts.needSlots[n]
	if len(slots) == 0 {
		return external
	}
	return slots[pick%uint64(len(slots))]
}

// work moves the team's open cases, oldest first (cases awaiting hospital
// discharge first when delayed-discharge fines apply), then settles each
// case's week: closure, dropping, admissions, backlog and delayed days.
func (w *World) work(t sim.Tick, ti int) {
	ts := &w.teams[ti]
	fines := w.part.fines
	if fines {
		for qi := range ts.queue {
			if cs := &ts.queue[qi]; cs.is(fromHospital) && cs.cur < cs.nsteps {
				w.advance(t, ti, ts, cs)
			}
		}
	}
	clear(ts.backlog)
	delayed := 0.0
	nhs, council := w.payers[ti][0], w.payers[ti][1]
	// Open cases live in the team's queue, oldest first; closed and dropped
	// ones are removed by compacting it in place.
	kept := 0
	for qi := range ts.queue {
		cs := &ts.queue[qi]
		if !(fines && cs.is(fromHospital)) && cs.cur < cs.nsteps {
			w.advance(t, ti, ts, cs)
		}
		switch {
		case cs.cur >= cs.nsteps:
			w.close(t, ti, ts, cs)
			continue
		case !cs.is(progressed) && cs.first < 0 && float64(t-sim.Tick(cs.referred)) > w.p.DropAfterWeeks && w.rOutcome.Float64() < w.p.DropWeekly:
			// The user who gives up has had the wait they had: their
			// experience counts as a closed case's would (not in what the
			// organisations measure, which surveys the users they served).
			ux := w.experience(cs, float64(t-sim.Tick(cs.referred)))
			w.acc.uxSum += ux
			w.acc.dropped++
			w.totals.dropped++
			ta := &w.teamAcc[ti]
			ta.uxSum += ux
			ta.dropped++
			w.dropMeasure(ts, cs)
			continue
		}
		if cs.is(healthNeeds) {
			risk := w.p.EmergencyRisk * (1 + w.p.EmergencyComplexity*cs.complexity)
			if cs.first < 0 {
				risk *= w.p.EmergencyWaiting
			}
			if w.rOutcome.Float64() < risk {
				w.acc.emergency++
				cs.cost += w.p.EmergencyCost
			}
		}
		if !cs.is(progressed) {
			if s := cs.steps[cs.cur]; s != external {
				ts.backlog[s]++
			}
		}
		if cs.is(fromHospital) && cs.first < 0 && t-sim.Tick(cs.referred) >= 1 {
			w.acc.delayedDays += 7
			delayed += 7
			if fines {
				f := 7 * w.p.DischargeFine
				w.acc.fines += f
				if council >= 0 && nhs >= 0 {
					w.pay(council, f)
					w.money[nhs].income += f
				}
			}
		}
		cs.flags &^= progressed
		if kept != qi {
			ts.queue[kept] = *cs
		}
		kept++
	}
	ts.queue = ts.queue[:kept]
	if delayed > 0 {
		for _, e := range ts.employers {
			w.meas[e].week.delayedDays += delayed
		}
	}
}

func (w *World) advance(t sim.Tick, ti int, ts *teamState, cs *caseState) {
	s := cs.steps[cs.cur]
	if s == external {
		if w.rCases.Float64() >= w.p.ExternalWeekly {
			return
		}
		w.acc.handoffs++
		w.acc.crossOrg++
		cs.handoffs++
		cs.seams++
		cs.last = -1
		w.complete(t, ti, ts, cs)
		return
	}
	// The member of the slot with most capacity left (the first of equals),
	// preferring continuity: the one who did the previous step, if they are
	// in the slot and have capacity left. The case's last professional is
	// always a member of its team.
	who, last := int32(-1), cs.last
	staff := w.staff
	if last >= 0 && int(w.seat[last].slot) == int(s) && staff[last].capLeft > 0 {
		who = last
	} else {
		best := 0.0
		for _, m := range ts.slotMembers[s] {
			if c := staff[m].capLeft; c > best {
				who, best = m, c
			}
		}
	}
	if who < 0 {
		return
	}
	if cs.cur > 0 {
		// What's measured is what matters (mechanism 5), and cost is
		// shifted to the partner (money): a step that does not count for
		// the professional's employer, or a partner's case under financial
		// pressure, may wait while their own measured cases go first.
		o := w.seat[who].org
		d := 0.0
		if !w.counts(cs, o) {
			d = w.orgs[o].alarm
		}
		if cs.owner >= 0 && int32(cs.owner) != o {
			d = max(d, w.shunt(o))
		}
		if d > 0 && w.rCases.Float64() < d {
			return
		}
	}
	if j := cs.last; j >= 0 && j != who {
		i := who
		si, sj := &w.staff[i], &w.staff[j]
		sei, sej := w.seat[i], w.seat[j]
		ki, kj := int(sei.slot), int(sej.slot)
		rij := w.relTo(i, ki, kj) // i's view of j's profession
		first := ts.members[0]    // this week's experiences (World.exp)
		eij, eji := &w.exp[int(i-first)*w.K+kj], &w.exp[int(j-first)*w.K+ki]
		// A handoff between employers is a seam the case crosses; under one
		// line manager the manager allocates across employers as within
		// one, so only single_manager_seam of the seam remains.
		cross := 0.0
		if sei.org != sej.org {
			cross = 1
			if ts.single {
				cross = w.p.SingleManagerSeam
			}
		}
		if w.mech.ServiceFlow {
			rec, place := 1.0, 1.0
			if ts.shared {
				rec = w.p.RecordsStall
			}
			if ts.colocated {
				place = w.p.ColocatedStall
			}
			q := w.p.StallBase * (1 + cross) * (1 - w.p.StallTrust*rij.trust) * (1 - w.p.StallRole*rij.roleU) * rec * place
			if w.rCases.Float64() < q {
				cs.stalls++
				if w.rCases.Float64() < w.p.StallBadShare {
					eij.bad += w.p.StallBadWeight
					eji.bad += w.p.StallBadWeight
				}
				return
			}
		}
		cs.handoffs++
		w.acc.handoffs++
		if sei.org != sej.org {
			w.acc.crossOrg++
			cs.seams += float32(cross)
		}
		if ki != kj {
			eij.joint++
			eji.joint++
			si.jointTotal++
			sj.jointTotal++
		}
		dup := false
		if w.mech.ServiceFlow {
			sh := 0.0
			if ts.shared {
				sh = 1
			}
			d := w.p.DuplicateBase * (1 - w.p.RecordsDuplicate*sh) * (1 - rij.trust) * (1 - rij.roleU) * (1 - si.accept)
			dup = w.rCases.Float64() < d
		}
		if dup {
			cs.dups++
			w.acc.dups++
			eij.bad++
			eji.bad++
			w.spend(i, cs)
		} else {
			eij.good++
			eji.good++
		}
	}
	w.spend(who, cs)
	cs.last = who
	if cs.cur == 0 {
		cs.owner = int16(w.seat[who].org)
	}
	w.complete(t, ti, ts, cs)
}

func (w *World) spend(i int32, cs *caseState) {
	st := &w.staff[i]
	st.capLeft--
	st.done++
	se := w.seat[i]
	w.meas[se.org].week.done++
	cs.cost += w.taskCost[se.prof]
}

func (w *World) complete(t sim.Tick, ti int, ts *teamState, cs *caseState) {
	cs.cur++
	cs.flags |= progressed
	wait := float64(t - sim.Tick(cs.referred))
	if cs.cur == 1 {
		onTime := b2f(wait <= w.p.AssessmentTargetWeeks)
		w.measureCase(ts, cs, func(m *measure) { m.assessN++; m.assessOnTime += onTime })
	}
	if cs.cur == 2 || (cs.cur == 1 && cs.nsteps == 1) {
		onTime := b2f(wait <= w.p.AccessTargetWeeks)
		w.measureCase(ts, cs, func(m *measure) { m.firstN++; m.firstOnTime += onTime })
		w.teamWait[ti] += (wait - w.teamWait[ti]) / w.p.ChoiceMemory
		cs.first = int32(t)
		w.acc.waitSum += float64(t - sim.Tick(cs.referred))
		w.acc.waitN++
		w.acc.seenOnTime += onTime
		ta := &w.teamAcc[ti]
		ta.waitSum += float64(t - sim.Tick(cs.referred))
		ta.waitN++
	}
}

// experience is the user experience of case cs after waiting weeks for
// its first intervention (or, for a case dropped, for none).
func (w *World) experience(cs *caseState, waited float64) float64 {
	p := &w.p
	return clamp01(1 - p.UXWait*max(0, waited-1) - p.UXSeam*float64(cs.seams) - p.UXDuplicate*float64(cs.dups) - p.UXStall*float64(cs.stalls))
}

func (w *World) close(t sim.Tick, ti int, ts *teamState, cs *caseState) {
	waited := float64(cs.first - cs.referred)
	p := &w.p
	ux := w.experience(cs, waited)
	w.acc.uxSum += ux
	resid := 0.0
	if w.rOutcome.Float64() < p.ResidentialRisk*(1+cs.complexity)+p.ResidentialWait*waited {
		w.acc.residential++
		cs.cost += w.p.ResidentialCost
		w.place(w.payers[ti][1])
		resid = 1
	}
	w.measureCase(ts, cs, func(m *measure) { m.uxSum += ux; m.closed++; m.resid += resid })
	w.acc.handoffsClosed += int(cs.handoffs)
	w.acc.dupsClosed += int(cs.dups)
	w.acc.costSum += cs.cost
	w.acc.closed++
	w.totals.closed++
	ta := &w.teamAcc[ti]
	ta.uxSum += ux
	ta.closed++
}

// poisson draws a Poisson variate (inversion for small means, a rounded
// normal approximation above 30); l is e^−mean.
func poisson(r *sim.PCG, mean, l float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		return max(0, int(math.Round(mean+math.Sqrt(mean)*r.NormFloat64())))
	}
	k := 0
	p := r.Float64()
	for p > l {
		k++
		p *= r.Float64()
	}
	return k
}

// unit21 returns the k'th (0..2) 21-bit field of x as a uniform in [0, 1).
func unit21(x uint64, k int) float64 {
	return float64((x>>(21*uint(k)))&(1<<21-1)) / (1 << 21)
}

// dropMeasure counts a case dropped before its first intervention as a
// breach for the organisations it counts for; a case dropped before its
// assessment counts against the employer of the profession that was to
// assess it.
func (w *World) dropMeasure(ts *teamState, cs *caseState) {
	if cs.owner < 0 && !w.part.jointTargets {
		s := cs.steps[0]
		if s == external || ts.slotOrg[s] < 0 {
			return
		}
		m := &w.meas[ts.slotOrg[s]].week
		m.assessN++
		m.firstN++
		return
	}
	assessed := cs.cur > 0
	w.measureCase(ts, cs, func(m *measure) {
		m.firstN++
		if !assessed {
			m.assessN++
		}
	})
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

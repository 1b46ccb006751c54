package model

// Mechanism 2, self-categorisation: identification with the immediate work
// group (Hudson, 000: "reorientation of professional affinity"; Anning et
// al., 001; the common ingroup identity model, Gaertner & Dovidio 2000;
// dual identity and subgroup threat, Hornsey & Hogg 2000).
//
// Daily shared work is shared = presence × place × min(1, shared_work_base
// + shared_work_per_case × shared cases this week), with place 1 when
// co-located and shared_work_distant otherwise; active team management is
// mgmt (section 7.1 of the ODD). Whether the team values each profession's
// distinct contribution is recognition = dual_identity under a leadership
// strategy and 0 otherwise. Where it does not, a team identity pressed
// across large status differences threatens the professional subgroup:
// threat = status_threat × mean |status gap| × (1 − recognition) (only with
// the pessimistic tradition on, which is what makes gaps matter). Then
//
//	affTeam += team_id_gain × shared × mgmt × (1 − threat) × (1 − affTeam) − team_id_decay × (1 − mgmt) × affTeam
//
// Professional affinity moves (at affinity_rate) toward
//
//	P × (1 − identity_displacement × (1 − recognition) × affTeam), raised by threat × (1 − that) toward 1,
//
// plus split_affinity under split line management, with P =
// prof_affinity_base + prof_affinity_socialisation × socialisation. So
// team identification displaces professional identity only where the team
// does not value each contribution (recategorisation); where it does, a
// professional can hold both (dual identity); under threat the professional
// identity is reasserted. Employer affinity moves toward
// employer_affinity_base + split_affinity [split management] +
// employer_alarm_affinity × the employer's pull to measured work −
// employer_displacement × affTeam. With the mechanism off all three stay
// where they started.
// The week's pass over each professional's relations (relations.go)
// applies it after contact has read last week's professional affinity.

// identityWeek holds mechanism 2's conditions in one team for one week.
type identityWeek struct {
	on                           bool
	place, split, displace, mgmt float64
	threatW                      float64 // weight of the mean status gap in the threat, 0 when gaps do not threaten
	cue                          float64 // cue of a common ingroup: the team's common goals (0..1)
}

// identityConditions sets team ti's identityWeek.
func (w *World) identityConditions(ti int) identityWeek {
	ts := &w.teams[ti]
	p := &w.p
	place := p.SharedWorkDistant
	if ts.colocated {
		place = 1
	}
	split := p.SplitAffinity
	if ts.single {
		split = 0
	}
	recognition := 0.0
	if ts.strategy {
		recognition = p.DualIdentity
	}
	threatW := 0.0
	if w.mech.PessimisticTradition {
		threatW = p.StatusThreat * (1 - recognition)
	}
	return identityWeek{
		on: w.mech.SelfCategorisation, place: place, split: split,
		displace: p.IdentityDisplacement * (1 - recognition), mgmt: ts.mgmt, threatW: threatW,
		cue: ts.goals,
	}
}

// threat is a professional's subgroup threat this week, from gapSum, the
// sum of |status gap| over their n relations to the other professions in
// the team as they were before this week's update (mechanism 3); 0 with
// self-categorisation or the pessimistic tradition off.
func (c *identityWeek) threat(gapSum float64, n int) float64 {
	if !c.on || c.threatW <= 0 || n <= 0 {
		return 0
	}
	return min(1, c.threatW*gapSum/float64(n))
}

// selfCategorisation moves professional i's team, professional and
// employer affinities for the week under subgroup threat th.
func (w *World) selfCategorisation(c *identityWeek, i int32, threat float64) {
	p := &w.p
	st := &w.staff[i]
	work := p.SharedWorkBase + p.SharedWorkPerCase*st.jointTotal
	if work > 1 {
		work = 1
	}
	shared := st.presence * c.place * work
	a := st.affTeam
	a += p.TeamIDGain*shared*c.cue*c.mgmt*(1-threat)*(1-a) - p.TeamIDDecay*(1-c.mgmt)*a
	a = clamp01(a)
	st.affTeam = a
	tp := (p.ProfAffinityBase + p.ProfAffinitySocial*st.socialisation) * (1 - c.displace*a)
	tp += threat*(1-tp) + c.split
	st.affProf += p.AffinityRate * (clamp01(tp) - st.affProf)
	to := clamp01(p.EmployerAffinityBase + c.split + p.EmployerAlarm*w.orgs[w.seat[i].org].alarm - p.EmployerDisplacement*a)
	st.affOrg += p.AffinityRate * (to - st.affOrg)
}

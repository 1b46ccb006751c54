package model

import "math"

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
func (w *World) selfCategorisation(ti int) {
	if !w.mech.SelfCategorisation {
		return
	}
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
	displace := p.IdentityDisplacement * (1 - recognition)
	threatW := 0.0
	if w.mech.PessimisticTradition {
		threatW = p.StatusThreat * (1 - recognition)
	}
	nk := len(ts.slotProf)
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		threat := 0.0
		if threatW > 0 {
			own := int(w.slot[i])
			var gsum float64
			n := 0
			for k, r := range w.rel[int(i)*w.K : int(i)*w.K+nk] {
				if k != own {
					gsum += math.Abs(r.gap)
					n++
				}
			}
			if n > 0 {
				threat = threatW * gsum / float64(n)
				if threat > 1 {
					threat = 1
				}
			}
		}
		work := p.SharedWorkBase + p.SharedWorkPerCase*w.jointTotal[i]
		if work > 1 {
			work = 1
		}
		shared := w.presence[i] * place * work
		a := w.affTeam[i]
		a += p.TeamIDGain*shared*ts.mgmt*(1-threat)*(1-a) - p.TeamIDDecay*(1-ts.mgmt)*a
		a = clamp01(a)
		w.affTeam[i] = a
		tp := (p.ProfAffinityBase + p.ProfAffinitySocial*w.socialisation[i]) * (1 - displace*a)
		tp += threat*(1-tp) + split
		w.affProf[i] += p.AffinityRate * (clamp01(tp) - w.affProf[i])
		to := clamp01(p.EmployerAffinityBase + split + p.EmployerAlarm*w.orgs[w.org[i]].alarm - p.EmployerDisplacement*a)
		w.affOrg[i] += p.AffinityRate * (to - w.affOrg[i])
	}
}

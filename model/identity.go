package model

// Mechanism 2, self-categorisation: identification with the immediate work
// group (Hudson, 000: "reorientation of professional affinity"; Anning et
// al., 001).
//
// Active team management is mgmt = leadership × management support (× 0.55
// under split line management, × 0.6 without a leadership strategy). Daily
// shared work is shared = presence × place (1 co-located, 0.35 not) × min(1,
// 0.5 + 0.25 × shared cases this week). Then
//
//	affTeam += team_id_gain × shared × mgmt × (1 − affTeam) − team_id_decay × (1 − mgmt) × affTeam
//
// Professional affinity moves (at affinity_rate) toward (0.45 + 0.45 ×
// socialisation) × (1 − 0.45 × affTeam) + 0.1 under split management;
// employer affinity toward 0.45 + 0.1 under split management + 0.3 × the
// employer's alarm − 0.35 × affTeam. With the mechanism off all three stay
// where they started.
func (w *World) selfCategorisation(ti int) {
	if !w.mech.SelfCategorisation {
		return
	}
	ts := &w.teams[ti]
	p := &w.p
	place := 0.35
	if ts.colocated {
		place = 1
	}
	split := 0.1
	if ts.single {
		split = 0
	}
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		shared := w.presence[i] * place * min(1, 0.5+0.25*w.jointTotal[i])
		a := w.affTeam[i]
		a += p.TeamIDGain*shared*ts.mgmt*(1-a) - p.TeamIDDecay*(1-ts.mgmt)*a
		w.affTeam[i] = clamp01(a)
		tp := (0.45+0.45*w.socialisation[i])*(1-0.45*w.affTeam[i]) + split
		w.affProf[i] += p.AffinityRate * (tp - w.affProf[i])
		to := clamp01(0.45 + split + 0.3*w.orgs[w.org[i]].alarm - 0.35*w.affTeam[i])
		w.affOrg[i] += p.AffinityRate * (to - w.affOrg[i])
	}
}

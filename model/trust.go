package model

// Mechanism 4, trust is slow to build and quick to break (Cameron, 004; the
// IDeA project's "trust before strategy", 002).
//
// Trust in a profession is trust in the members of it one knows. When
// members of profession k leave, what i had built with them goes with them:
// i's trust in k moves toward the trust a stranger of k gets (stranger_trust
// − stranger_stereotype × baseline stereotype, as a newcomer starts) by the
// share of last week's members of k who have left.
//
// Then each week professional i's trust in profession k moves by
//
//   - trust_gain × pos × (1 − stereotype_trust × stereotype) × (1 − trust)
//     − trust_loss × neg × trust
//
// where pos is the week's positive contact (mechanism 1) plus
// handoff_good_weight per smooth handoff (up to handoff_good_cap), and neg
// counts bad handoffs (duplicates, some stalls; up to handoff_bad_cap),
// conflict_distrust × governance conflict toward members employed elsewhere
// (mechanism 7), and the upheaval of a recent shock: for upheaval_weeks
// after a reorganisation, reorg_upheaval a week (× abolition_scale for an
// abolition) between staff whose working relationships it breaks — where i
// or a member of k is employed by the reorganised organisation — and
// upheaval_spillover times that between the other members of the team it
// unsettles; after a change of leader, leader_change_upheaval a week
// between all members.
// With the asymmetry off, losses use the same slow rate as gains
// (trust_gain), so shocks dent trust instead of breaking it.
// The week's pass over each professional's relations (relations.go)
// applies it after contact (mechanism 1).

// trustWeek holds mechanism 4's conditions in one team for one week.
type trustWeek struct {
	gain, loss, conflict, upheaval  float64
	goodW, goodCap, badCap, stereoW float64
	stranger, strangerS, spill      float64
	friction                        float64   // threat_friction
	lost                            []float64 // by slot: share of last week's members who have left
	slotOrg                         []int32
	upheavalSlot                    []bool
	upheavalOrg                     []bool
}

// trustConditions sets team ti's trustWeek, after counting the team's
// leavers since last week.
func (w *World) trustConditions(ti int) trustWeek {
	ts := &w.teams[ti]
	p := &w.p
	loss := p.TrustLoss
	if !w.mech.TrustAsymmetry {
		loss = p.TrustGain
	}
	w.leavers(ts)
	upheaval := 0.0
	if w.week < ts.upheavalUntil {
		upheaval = ts.upheaval
	}
	return trustWeek{
		gain: p.TrustGain, loss: loss, conflict: w.part.conflict * p.ConflictDistrust, upheaval: upheaval,
		goodW: p.HandoffGoodWeight, goodCap: p.HandoffGoodCap, badCap: p.HandoffBadCap, stereoW: p.StereotypeTrust,
		stranger: p.StrangerTrust, strangerS: p.StrangerStereo, spill: p.UpheavalSpillover, friction: p.ThreatFriction,
		lost: ts.lost, slotOrg: ts.slotOrg, upheavalSlot: ts.upheavalSlot, upheavalOrg: ts.upheavalOrg,
	}
}

// upheld reports whether a professional employed by org is in upheaval
// this week: their employer's working relationships are broken.
func (t *trustWeek) upheld(org int32) bool {
	return t.upheaval > 0 && t.upheavalOrg[org]
}

// trustUpdate updates the trust of a professional employed by org in the
// professions of the team (relations rel; own is their own slot), after
// this week's contact; upI says whether the professional is in upheaval
// (upheld).
func (t *trustWeek) trustUpdate(rel []relation, ex []experience, base []relBase, own int, org int32, upI bool, friction float64) {
	nk := len(rel) + 1            // rel leaves out the own slot
	ex, base = ex[:nk], base[:nk] // one length: fewer bounds checks in the loop
	lost, slotOrg := t.lost[:nk], t.slotOrg[:nk]
	for j := range rel {
		k := j // the slot of relation j
		if j >= own {
			k++
		}
		r, e := &rel[j], &ex[k]
		tr := r.trust
		if l := lost[k]; l > 0 {
			tr += l * (clamp01(t.stranger-t.strangerS*base[k].baseStere) - tr)
		}
		if e.joint < 0 {
			r.trust = tr
			continue
		}
		pos := e.joint + t.goodW*min(e.good, t.goodCap)
		neg := min(e.bad, t.badCap) + friction
		if t.upheaval > 0 {
			if upI || t.upheavalSlot[k] {
				neg += t.upheaval
			} else {
				neg += t.upheaval * t.spill
			}
		}
		if t.conflict > 0 && (slotOrg[k] < 0 || slotOrg[k] != org) {
			neg += t.conflict
		}
		tr += t.gain*pos*(1-t.stereoW*r.stereo)*(1-tr) - t.loss*neg*tr
		r.trust = clamp01(tr)
	}
}

// leavers sets, for each slot of the team, the share of last week's members
// in post who have left since (ts.lost), and remembers this week's.
func (w *World) leavers(ts *teamState) {
	nk := len(ts.slotProf)
	first := ts.inPost == nil
	if first {
		ts.inPost = make([]float64, nk)
		ts.lost = make([]float64, nk)
	}
	for k, ms := range ts.slotMembers {
		n := 0.0
		for _, m := range ms {
			if !w.seat[m].vacant {
				n++
			}
		}
		ts.lost[k] = 0
		if !first && n < ts.inPost[k] {
			ts.lost[k] = (ts.inPost[k] - n) / ts.inPost[k]
		}
		ts.inPost[k] = n
	}
}

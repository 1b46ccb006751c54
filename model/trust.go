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
func (w *World) trustUpdate(ti int) {
	ts := &w.teams[ti]
	p := &w.p
	loss := p.TrustLoss
	if !w.mech.TrustAsymmetry {
		loss = p.TrustGain
	}
	w.leavers(ts)
	conflict := w.part.conflict * p.ConflictDistrust
	upheaval := 0.0
	if w.week < ts.upheavalUntil {
		upheaval = ts.upheaval
	}
	gain, slotOrg := p.TrustGain, ts.slotOrg
	goodW, goodCap, badCap, stereoW := p.HandoffGoodWeight, p.HandoffGoodCap, p.HandoffBadCap, p.StereotypeTrust
	stranger, strangerS, spill := p.StrangerTrust, p.StrangerStereo, p.UpheavalSpillover
	lost := ts.lost
	nk := len(ts.slotProf)
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		own := int(w.slot[i])
		org := w.org[i]
		upI := upheaval > 0 && ts.upheavalOrg[org]
		rel := w.rel[int(i)*w.K : int(i)*w.K+nk]
		for k := range rel {
			r := &rel[k]
			if k == own {
				continue
			}
			tr := r.trust
			if lost[k] > 0 {
				tr += lost[k] * (clamp01(stranger-strangerS*r.baseStere) - tr)
			}
			if r.joint < 0 {
				r.trust = tr
				continue
			}
			pos := r.joint + goodW*min(r.good, goodCap)
			neg := min(r.bad, badCap)
			if upheaval > 0 {
				if upI || ts.upheavalSlot[k] {
					neg += upheaval
				} else {
					neg += upheaval * spill
				}
			}
			if conflict > 0 && (slotOrg[k] < 0 || slotOrg[k] != org) {
				neg += conflict
			}
			tr += gain*pos*(1-stereoW*r.stereo)*(1-tr) - loss*neg*tr
			r.trust = clamp01(tr)
		}
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
			if !w.vacant[m] {
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

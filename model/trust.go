package model

// Mechanism 4, trust is slow to build and quick to break (Cameron, 004; the
// IDeA project's "trust before strategy", 002).
//
// Each week professional i's trust in profession k moves by
//
//   - trust_gain × pos × (1 − stereotype/2) × (1 − trust)
//     − trust_loss × 0.3 × neg × trust
//
// where pos is the week's positive contact (mechanism 1) plus 0.3 per smooth
// handoff (up to 3), and neg counts bad handoffs (duplicates, some stalls)
// plus a share of governance conflict across employers (mechanism 7). With
// the mechanism off, losses use the same slow rate as gains (symmetric
// trust). Shocks cut trust at once (see shocks.go).
func (w *World) trustUpdate(ti int) {
	ts := &w.teams[ti]
	p := &w.p
	loss := p.TrustLoss * 0.3
	if !w.mech.TrustAsymmetry {
		loss = p.TrustGain
	}
	conflict := w.part.conflict
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		own := int(w.slot[i])
		for k := range ts.slotProf {
			j := int(i)*w.K + k
			if k == own || w.joint[j] < 0 {
				continue
			}
			pos := w.joint[j] + 0.3*min(w.good[j], 3)
			neg := min(w.bad[j], 4)
			if conflict > 0 && w.crossEmployer(ts, i, k) {
				neg += 0.05 * conflict
			}
			tr := w.trust[j]
			tr += p.TrustGain*pos*(1-w.stereo[j]/2)*(1-tr) - loss*neg*tr
			w.trust[j] = clamp01(tr)
		}
	}
}

// crossEmployer reports whether slot k has members employed elsewhere than i.
func (w *World) crossEmployer(ts *teamState, i int32, k int) bool {
	for _, m := range ts.slotMembers[k] {
		if w.org[m] != w.org[i] {
			return true
		}
	}
	return false
}

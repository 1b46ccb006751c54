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
// handoff (up to 3), and neg counts bad handoffs (duplicates, some stalls),
// a share of governance conflict across employers (mechanism 7) and the
// upheaval of a recent shock (broken relationships: 1.5 a week for four
// weeks after a reorganisation, 0.5 after a leadership change). With the
// mechanism off, losses use the same slow rate as gains (symmetric trust),
// so shocks dent trust instead of breaking it.
func (w *World) trustUpdate(ti int) {
	ts := &w.teams[ti]
	p := &w.p
	loss := p.TrustLoss * 0.3
	if !w.mech.TrustAsymmetry {
		loss = p.TrustGain
	}
	conflict := w.part.conflict
	upheaval := 0.0
	if w.week < ts.upheavalUntil {
		upheaval = ts.upheaval
	}
	gain, slotOrg := p.TrustGain, ts.slotOrg
	nk := len(ts.slotProf)
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		own := int(w.slot[i])
		org := w.org[i]
		rel := w.rel[int(i)*w.K : int(i)*w.K+nk]
		for k := range rel {
			r := &rel[k]
			if k == own || r.joint < 0 {
				continue
			}
			pos := r.joint + 0.3*min(r.good, 3)
			neg := min(r.bad, 4) + upheaval
			if conflict > 0 && (slotOrg[k] < 0 || slotOrg[k] != org) {
				neg += 0.05 * conflict
			}
			tr := r.trust
			tr += gain*pos*(1-r.stereo/2)*(1-tr) - loss*neg*tr
			r.trust = clamp01(tr)
		}
	}
}

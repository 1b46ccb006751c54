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
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		own := int(w.slot[i])
		for k := range ts.slotProf {
			j := int(i)*w.K + k
			if k == own || w.rel[j].joint < 0 {
				continue
			}
			pos := w.rel[j].joint + 0.3*min(w.rel[j].good, 3)
			neg := min(w.rel[j].bad, 4) + upheaval
			if conflict > 0 && (ts.slotOrg[k] < 0 || ts.slotOrg[k] != w.org[i]) {
				neg += 0.05 * conflict
			}
			tr := w.rel[j].trust
			tr += p.TrustGain*pos*(1-w.rel[j].stereo/2)*(1-tr) - loss*neg*tr
			w.rel[j].trust = clamp01(tr)
		}
	}
}

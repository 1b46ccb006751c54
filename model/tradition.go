package model

import "math"

// Mechanism 3, the pessimistic tradition (Hudson 2002, summarised in 000):
// professional identity, status differentials and protected discretion each
// suppress joint working.
//
// Perceived status gaps move (at parity_rate) toward the baseline gap × (1 −
// 0.7 × affTeam × roleU × strategy), with strategy 1 under a leadership
// strategy that values every contribution and 0.5 otherwise: parity of esteem
// comes from identification and understanding, where leadership sees to it.
// Preferred discretion moves toward the profession's norm × (1 − 0.35 ×
// affTeam × mean roleU) ("bending" boundaries). Acceptance of others'
// judgement moves (at 1/20 a week) toward
//
//	(1 − discretion_weight × discretion × affProf) × (1 − status_weight × mean |gap|) × (0.2 + 0.8 × mean trust)
//
// With the mechanism off, gaps stay at baseline but no longer matter:
// acceptance is 0.2 + 0.8 × mean trust, contact is undamped (mechanism 1),
// and stereotypes no longer grow with status differentials (newcomer).
func (w *World) pessimisticTradition(ti int) {
	ts := &w.teams[ti]
	p := &w.p
	strat := 0.5
	if ts.strategy {
		strat = 1
	}
	on, parity := w.mech.PessimisticTradition, p.ParityRate
	nk := len(ts.slotProf)
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		own := int(w.slot[i])
		var gsum, tsum, rsum float64
		n := 0
		affTeam := w.affTeam[i]
		rel := w.rel[int(i)*w.K : int(i)*w.K+nk]
		for k := range rel {
			if k == own {
				continue
			}
			r := &rel[k]
			if on {
				target := r.baseGap * (1 - 0.7*affTeam*r.roleU*strat)
				r.gap += parity * (target - r.gap)
			}
			gsum += math.Abs(r.gap)
			tsum += r.trust
			rsum += r.roleU
			n++
		}
		if n == 0 {
			continue
		}
		fn := float64(n)
		w.discretion[i] += p.AffinityRate * (w.norm[i]*(1-0.35*w.affTeam[i]*rsum/fn) - w.discretion[i])
		target := 0.2 + 0.8*tsum/fn
		if w.mech.PessimisticTradition {
			target *= (1 - p.DiscretionWeight*w.discretion[i]*w.affProf[i]) * (1 - p.StatusWeight*gsum/fn)
		}
		w.accept[i] += (clamp01(target) - w.accept[i]) / 20
	}
}

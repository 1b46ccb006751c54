package model

import "math"

// Mechanism 3, the pessimistic tradition (Hudson 2002, summarised in 000):
// professional identity, status differentials and protected discretion each
// suppress joint working.
//
// Perceived status gaps move (at parity_rate) toward the baseline gap × (1 −
// parity_gain × affTeam × roleU × strategy), with strategy 1 under a
// leadership strategy that values every contribution and
// parity_without_strategy otherwise: parity of esteem comes from
// identification and understanding, where leadership sees to it. Preferred
// discretion moves (at affinity_rate) toward the profession's norm × (1 −
// boundary_bending × affTeam × mean roleU) ("bending" boundaries).
// Acceptance of others' judgement moves (at acceptance_rate) toward
//
//	(1 − discretion_weight × discretion × affProf) × (1 − status_weight × mean |gap|) × (acceptance_floor + (1 − acceptance_floor) × mean trust)
//
// With the mechanism off, gaps stay at baseline but no longer matter:
// acceptance moves toward acceptance_floor + (1 − acceptance_floor) × mean
// trust, contact is undamped and status equality no longer sets its size
// (mechanism 1), gaps no longer threaten professional identity (mechanism
// 2), and stereotypes no longer grow with status differentials (newcomer).
func (w *World) pessimisticTradition(ti int) {
	ts := &w.teams[ti]
	p := &w.p
	strat := p.ParityNoStrategy
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
				target := r.baseGap * (1 - p.ParityGain*affTeam*r.roleU*strat)
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
		w.discretion[i] += p.AffinityRate * (w.norm[i]*(1-p.BoundaryBending*affTeam*rsum/fn) - w.discretion[i])
		target := p.AcceptanceFloor + (1-p.AcceptanceFloor)*tsum/fn
		if w.mech.PessimisticTradition {
			target *= (1 - p.DiscretionWeight*w.discretion[i]*w.affProf[i]) * (1 - p.StatusWeight*gsum/fn)
		}
		w.accept[i] += p.AcceptanceRate * (clamp01(target) - w.accept[i])
	}
}

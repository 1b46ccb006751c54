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
// The week's pass over each professional's relations (relations.go)
// applies it last, after contact, trust and self-categorisation.

// traditionWeek holds mechanism 3's conditions in one team for one week.
type traditionWeek struct {
	on                      bool
	rate, parityGain, strat float64
}

// traditionConditions sets team ti's traditionWeek.
func (w *World) traditionConditions(ti int) traditionWeek {
	strat := w.p.ParityNoStrategy
	if w.teams[ti].strategy {
		strat = 1
	}
	return traditionWeek{on: w.mech.PessimisticTradition, rate: w.p.ParityRate, parityGain: w.p.ParityGain, strat: strat}
}

// parity moves a professional's perceived status gap in relation r toward
// the baseline, lessened by their team identification affTeam and their
// understanding of the other's role, and returns the new |gap|.
func (c *traditionWeek) parity(r *relation, affTeam float64) float64 {
	if c.on {
		target := r.baseGap * (1 - c.parityGain*affTeam*r.roleU*c.strat)
		r.gap += c.rate * (target - r.gap)
	}
	return math.Abs(r.gap)
}

// pessimisticTradition moves professional i's preferred discretion and
// acceptance of others' judgement, from the sums over i's n relations of
// |status gap|, trust and role understanding after this week's updates.
func (w *World) pessimisticTradition(c *traditionWeek, i int32, gapSum, trustSum, roleSum float64, n int) {
	if n == 0 {
		return
	}
	p := &w.p
	affTeam := w.affTeam[i]
	fn := float64(n)
	w.discretion[i] += p.AffinityRate * (w.norm[i]*(1-p.BoundaryBending*affTeam*roleSum/fn) - w.discretion[i])
	target := p.AcceptanceFloor + (1-p.AcceptanceFloor)*trustSum/fn
	if c.on {
		target *= (1 - p.DiscretionWeight*w.discretion[i]*w.affProf[i]) * (1 - p.StatusWeight*gapSum/fn)
	}
	w.accept[i] += p.AcceptanceRate * (clamp01(target) - w.accept[i])
}

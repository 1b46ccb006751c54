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

// pessimisticTradition updates professional i's relations rel (own is
// their own slot), after this week's contact, trust and
// self-categorisation: perceived status gaps move toward the baseline,
// lessened by team identification and understanding of the other's role;
// then i's preferred discretion and acceptance of others' judgement move,
// from the means over the other professions of |gap|, trust and role
// understanding.
func (w *World) pessimisticTradition(c *traditionWeek, i int32, rel []relation, base []relBase, own int) {
	base = base[:len(rel)+1] // rel leaves out the own slot
	st := &w.staff[i]
	affTeam := st.affTeam
	var gapSum, trustSum, roleSum float64
	n := 0
	for j := range rel {
		k := j // the slot of relation j
		if j >= own {
			k++
		}
		r := &rel[j]
		if c.on {
			target := base[k].baseGap * (1 - c.parityGain*affTeam*r.roleU*c.strat)
			r.gap += c.rate * (target - r.gap)
		}
		gapSum += math.Abs(r.gap)
		trustSum += r.trust
		roleSum += r.roleU
		n++
	}
	if n == 0 {
		return
	}
	p := &w.p
	fn := float64(n)
	st.discretion += p.AffinityRate * (st.norm*(1-p.BoundaryBending*affTeam*roleSum/fn) - st.discretion)
	target := p.AcceptanceFloor + (1-p.AcceptanceFloor)*trustSum/fn
	if c.on {
		target *= (1 - p.DiscretionWeight*st.discretion*st.affProf) * (1 - p.StatusWeight*gapSum/fn)
	}
	st.accept += p.AcceptanceRate * (clamp01(target) - st.accept)
}

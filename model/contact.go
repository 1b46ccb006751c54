package model

import "math"

// Mechanism 1, contact under the right conditions (Allport; Anning et al.,
// 001; Hudson, 000).
//
// Professional i's weekly contact with profession k in the team is
//
//	c = presence × (base + contact_meeting × meetings + records) + contact_joint_case × shared cases × place
//
// with base contact_colocated or contact_distant, records contact_records
// with one record system and place 1 when co-located, 0.5 otherwise; it is
// cut by half the employer's alarm (reverting to type, mechanism 5) and by a
// factor (1 − 0.2 × competition) under choice and competition, and capped
// at 1. Contact works only
// under Allport's conditions: its effect size is status equality (1 − |gap|,
// counted only with the pessimistic tradition on)
// × authority support (0.3 + 0.7 × leadership × management support, × 0.6
// without a partnership board), damped by professional identity (1 −
// identity_weight × affinity to profession × socialisation, mechanism 3); its
// speed is the team's common goals (single manager, joint targets, a
// leadership strategy). Then
//
//	stereotype −= stereotype_learn × c × size × goals × stereotype
//	roleU      += role_learn × c × goals × (0.5 + 0.5 size) × (1 − roleU)
//
// and stereotypes relapse toward their professional baseline at
// stereotype_relapse. The positive experience c × size × goals feeds trust
// (mechanism 4).
func (w *World) contact(ti int) {
	ts := &w.teams[ti]
	tc := &w.cfg.Teams[ti]
	p := &w.p
	base := p.ContactDistant
	place := 0.5
	if ts.colocated {
		base, place = p.ContactColocated, 1
	}
	base += p.ContactMeeting * tc.MeetingsPerMonth
	if ts.shared {
		base += p.ContactRecords
	}
	authority := 0.3 + 0.7*ts.leadership*ts.support
	if !w.cfg.Partnership.Leadership {
		authority *= 0.6
	}
	// Loop invariants, held in locals so the inner loop reads no memory it
	// does not need.
	on, tradition := w.mech.Contact, w.mech.PessimisticTradition
	relapse, jointCase, learnS, learnR := p.StereotypeRelapse, p.ContactJointCase, p.StereotypeLearn, p.RoleLearn
	goals, present := ts.goals, ts.present
	competition := 1 - 0.2*w.part.competition
	nk := len(ts.slotProf)
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		own := int(w.slot[i])
		damp := 1.0
		if tradition {
			damp = 1 - p.IdentityWeight*w.affProf[i]*w.socialisation[i]
		}
		cut := (1 - 0.5*w.orgs[w.org[i]].alarm) * competition
		presence := w.presence[i]
		rel := w.rel[int(i)*w.K : int(i)*w.K+nk]
		for k := range rel {
			r := &rel[k]
			if k == own || !present[k] {
				r.joint = -1 // marks "no contact possible" for trust
				continue
			}
			r.stereo += relapse * (r.baseStere - r.stereo)
			if !on {
				r.joint = 0
				continue
			}
			c := (presence*base + jointCase*r.joint*place) * cut
			if c > 1 {
				c = 1
			}
			eq := 1.0
			if tradition {
				eq = 1 - math.Abs(r.gap)
			}
			size := eq * authority * damp
			r.stereo -= learnS * c * size * goals * r.stereo
			r.roleU += learnR * c * goals * (0.5 + 0.5*size) * (1 - r.roleU)
			// Reuse joint as this week's positive contact experience.
			r.joint = c * size * goals
		}
	}
}

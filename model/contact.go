package model

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
	for _, i := range ts.members {
		if w.vacant[i] {
			continue
		}
		own := int(w.slot[i])
		damp := 1.0
		if w.mech.PessimisticTradition {
			damp = 1 - p.IdentityWeight*w.affProf[i]*w.socialisation[i]
		}
		cut := (1 - 0.5*w.orgs[w.org[i]].alarm) * (1 - 0.2*w.part.competition)
		for k := range ts.slotProf {
			j := int(i)*w.K + k
			if k == own || !ts.present[k] {
				w.rel[j].joint = -1 // marks "no contact possible" for trust
				continue
			}
			w.rel[j].stereo += p.StereotypeRelapse * (w.rel[j].baseStere - w.rel[j].stereo)
			if !w.mech.Contact {
				w.rel[j].joint = 0
				continue
			}
			c := (w.presence[i]*base + p.ContactJointCase*w.rel[j].joint*place) * cut
			if c > 1 {
				c = 1
			}
			eq := 1.0
			if w.mech.PessimisticTradition {
				g := w.rel[j].gap
				if g < 0 {
					g = -g
				}
				eq = 1 - g
			}
			size := eq * authority * damp
			w.rel[j].stereo -= p.StereotypeLearn * c * size * ts.goals * w.rel[j].stereo
			w.rel[j].roleU += p.RoleLearn * c * ts.goals * (0.5 + 0.5*size) * (1 - w.rel[j].roleU)
			// Reuse joint as this week's positive contact experience.
			w.rel[j].joint = c * size * ts.goals
		}
	}
}

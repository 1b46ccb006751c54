package model

import "math"

// Mechanism 1, contact under the right conditions (Allport; Pettigrew &
// Tropp 2006; Anning et al., 001; Hudson, 000).
//
// Professional i's weekly contact with profession k in the team is
//
//	c = min(1, (presence × base + contact_joint_case × shared cases × place) × cut)
//
// with base contact_colocated or contact_distant, plus contact_meeting per
// monthly meeting and contact_records with one record system; place is 1
// when co-located and contact_joint_distant otherwise; cut = (1 −
// contact_revert_cut × the employer's pull to measured work, mechanism 5) ×
// (1 − contact_competition_cut × competition).
//
// Allport's conditions are facilitating, not necessary (Pettigrew & Tropp
// 2006). Status equality and authority support set how large contact's
// effect is:
//
//	size = (floor + (1 − floor) × (status_share × (1 − |gap|) + (1 − status_share) × authority)) × damp
//
// with floor contact_effect_floor, status_share contact_status_share,
// authority = leadership × management support (× authority_without_board
// without a partnership board), and damp = 1 − identity_weight × affinity
// to profession × socialisation (mechanism 3). Common goals and
// cooperation set how fast it acts:
//
//	speed = s0 + (1 − s0) × (coop_share × min(1, shared cases / cooperation_cases) + (1 − coop_share) × goals)
//
// with s0 contact_speed_floor and coop_share contact_cooperation_share.
// Size sets where contact leads, speed how fast it gets there:
//
//	stereotype → baseline × (1 − stereotype_reduction × size) at stereotype_learn × c × speed
//	roleU      → role_floor + (1 − role_floor) × size       at role_learn × c × speed
//
// (contact only lowers stereotypes and only raises understanding). Without
// contact both drift back: stereotypes toward their baseline at
// stereotype_relapse × (1 − c), role understanding toward role_floor at
// role_forget × (1 − c). A professional on a common-core course (shock
// common-core-training) has, for training_weeks, training_contact more
// contact with every other profession under the course's conditions:
// status equal, sanctioned and with one task, so size = damp and speed =
// 1. The week's positive experience c × size × speed feeds trust
// (mechanism 4). With the mechanism off nothing here changes and contact
// gives trust no positive experience.
func (w *World) contact(ti int) {
	ts := &w.teams[ti]
	tc := &w.cfg.Teams[ti]
	p := &w.p
	base := p.ContactDistant
	place := p.ContactJointDistant
	if ts.colocated {
		base, place = p.ContactColocated, 1
	}
	base += p.ContactMeeting * tc.MeetingsPerMonth
	if ts.shared {
		base += p.ContactRecords
	}
	authority := ts.leadership * ts.support
	if !w.cfg.Partnership.Leadership {
		authority *= p.AuthorityNoBoard
	}
	// Size and speed split into the parts shared by the whole team and the
	// parts that depend on the relation.
	floor := p.ContactEffectFloor
	statusW := (1 - floor) * p.ContactStatusShare
	sizeTeam := floor + (1-floor)*(1-p.ContactStatusShare)*authority
	s0 := p.ContactSpeedFloor
	coopW := (1 - s0) * p.ContactCoopShare
	speedTeam := s0 + (1-s0)*(1-p.ContactCoopShare)*ts.goals
	perCase := 1 / p.CooperationCases
	// Loop invariants, held in locals so the inner loop reads no memory it
	// does not need.
	on, tradition := w.mech.Contact, w.mech.PessimisticTradition
	relapse, jointCase, learnS, learnR := p.StereotypeRelapse, p.ContactJointCase, p.StereotypeLearn, p.RoleLearn
	reduce, roleFloor, forget := p.StereotypeReduction, p.RoleFloor, p.RoleForget
	present := ts.present
	competition := 1 - p.ContactCompetitionCut*w.part.competition
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
		cut := (1 - p.ContactRevertCut*w.orgs[w.org[i]].alarm) * competition
		presence := w.presence[i]
		course := 0.0
		if w.week < w.trainedUntil[i] {
			course = p.TrainingContact
		}
		rel := w.rel[int(i)*w.K : int(i)*w.K+nk]
		for k := range rel {
			r := &rel[k]
			if k == own || !present[k] {
				r.joint = -1 // marks "no contact possible" for trust
				continue
			}
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
			size := (sizeTeam + statusW*eq) * damp
			coop := r.joint * perCase
			if coop > 1 {
				coop = 1
			}
			speed := speedTeam + coopW*coop
			rate := c * speed
			st, ru := r.stereo, r.roleU
			// Contact only lowers stereotypes and only raises understanding;
			// every term is taken from last week's values.
			dst := relapse * (1 - c) * (r.baseStere - st)
			if d := r.baseStere*(1-reduce*size) - st; d < 0 {
				dst += learnS * rate * d
			}
			var dru float64
			if d := roleFloor + (1-roleFloor)*size - ru; d > 0 {
				dru = learnR * rate * d
			}
			if d := ru - roleFloor; d > 0 {
				dru -= forget * (1 - c) * d
			}
			if course > 0 {
				if d := r.baseStere*(1-reduce*damp) - st; d < 0 {
					dst += learnS * course * d
				}
				if d := roleFloor + (1-roleFloor)*damp - ru; d > 0 {
					dru += learnR * course * d
				}
			}
			st, ru = st+dst, ru+dru
			r.stereo, r.roleU = st, ru
			// Reuse joint as this week's positive contact experience.
			r.joint = c * size * speed
		}
	}
}

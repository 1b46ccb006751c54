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
// gives trust no positive experience. The week's pass over each
// professional's relations (relations.go) applies it with mechanisms 2–4.

// contactWeek holds mechanism 1's conditions in one team for one week: the
// parts of contact, size and speed shared by the whole team, and the
// parameters, held in one place so the pass over relations reads no memory
// it does not need.
type contactWeek struct {
	on, tradition                       bool
	base, place                         float64
	statusW, sizeTeam, coopW, speedTeam float64
	perCase, competition                float64
	relapse, jointCase, learnS, learnR  float64
	reduce, roleFloor, forget           float64
	present                             []bool
}

// contactPerson is what mechanism 1 needs of one professional this week.
type contactPerson struct {
	damp, cut, presence, course float64
}

// contactConditions sets team ti's contactWeek.
func (w *World) contactConditions(ti int) contactWeek {
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
	authority := ts.mgmt
	if !w.cfg.Partnership.Leadership {
		authority *= p.AuthorityNoBoard
	}
	// Size and speed split into the parts shared by the whole team and the
	// parts that depend on the relation.
	floor := p.ContactEffectFloor
	s0 := p.ContactSpeedFloor
	return contactWeek{
		on: w.mech.Contact, tradition: w.mech.PessimisticTradition,
		base: base, place: place,
		statusW:   (1 - floor) * p.ContactStatusShare,
		sizeTeam:  floor + (1-floor)*(1-p.ContactStatusShare)*authority,
		coopW:     (1 - s0) * p.ContactCoopShare,
		speedTeam: s0 + (1-s0)*(1-p.ContactCoopShare)*ts.goals,
		perCase:   1 / p.CooperationCases, competition: 1 - p.ContactCompetitionCut*w.part.competition,
		relapse: p.StereotypeRelapse, jointCase: p.ContactJointCase, learnS: p.StereotypeLearn, learnR: p.RoleLearn,
		reduce: p.StereotypeReduction, roleFloor: p.RoleFloor, forget: p.RoleForget,
		present: ts.present,
	}
}

// contactOf returns professional i's part of the week's contact (org is
// i's employer): damping by professional identity (with the pessimistic
// tradition), the employer's pull to measured work and competition,
// presence, and a common-core course. It reads i's professional affinity as it was before this week's
// self-categorisation.
func (w *World) contactOf(c *contactWeek, i, org int32) contactPerson {
	p := &w.p
	st := &w.staff[i]
	m := contactPerson{damp: 1, presence: st.presence}
	if c.tradition {
		m.damp = 1 - p.IdentityWeight*st.affProf*st.socialisation
	}
	m.cut = (1 - p.ContactRevertCut*w.orgs[org].alarm) * c.competition
	if w.week < st.trainedUntil {
		m.course = p.TrainingContact
	}
	return m
}

// contact updates professional m's relations rel to the professions of
// the team (own is their own slot) for the week: stereotype and role
// understanding, and joint, from the week's shared cases to the week's
// positive contact experience (−1 when no contact was possible). It
// returns the sum of the status gaps' sizes to the other professions,
// which contact reads but does not move, for self-categorisation's threat
// (mechanism 2), summed in the same pass.
func (c *contactWeek) contact(rel []relation, ex []experience, base []relBase, own int, m *contactPerson) (gapSum float64) {
	nk := len(rel) + 1            // rel leaves out the own slot
	ex, base = ex[:nk], base[:nk] // one length: fewer bounds checks in the loop
	present := c.present[:nk]
	roleFloor := c.roleFloor
	ex[own].joint = -1 // marks "no contact possible" for trust
	for j := range rel {
		k := j // the slot of relation j
		if j >= own {
			k++
		}
		r, e := &rel[j], &ex[k]
		gap := math.Abs(r.gap)
		gapSum += gap
		if !present[k] {
			e.joint = -1
			continue
		}
		if !c.on {
			e.joint = 0
			continue
		}
		cn := (m.presence*c.base + c.jointCase*e.joint*c.place) * m.cut
		if cn > 1 {
			cn = 1
		}
		eq := 1.0
		if c.tradition {
			eq = 1 - gap
		}
		size := (c.sizeTeam + c.statusW*eq) * m.damp
		coop := e.joint * c.perCase
		if coop > 1 {
			coop = 1
		}
		speed := c.speedTeam + c.coopW*coop
		rate := cn * speed
		st, ru, baseStere := r.stereo, r.roleU, base[k].baseStere
		// Contact only lowers stereotypes and only raises understanding;
		// every term is taken from last week's values.
		dst := c.relapse * (1 - cn) * (baseStere - st)
		if d := baseStere*(1-c.reduce*size) - st; d < 0 {
			dst += c.learnS * rate * d
		}
		var dru float64
		if d := roleFloor + (1-roleFloor)*size - ru; d > 0 {
			dru = c.learnR * rate * d
		}
		if d := ru - roleFloor; d > 0 {
			dru -= c.forget * (1 - cn) * d
		}
		if m.course > 0 {
			if d := baseStere*(1-c.reduce*m.damp) - st; d < 0 {
				dst += c.learnS * m.course * d
			}
			if d := roleFloor + (1-roleFloor)*m.damp - ru; d > 0 {
				dru += c.learnR * m.course * d
			}
		}
		st, ru = st+dst, ru+dru
		r.stereo, r.roleU = st, ru
		// Reuse joint as this week's positive contact experience.
		e.joint = cn * size * speed
	}
	return gapSum
}

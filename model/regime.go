package model

import (
	"math"

	"github.com/joinedup/joinedup/sim"
)

// Mechanism 5, performance regimes pull partners apart (Wistow &
// Waddington, 003; Hudson, 000; Bevan & Hood 2006, "What's measured is what
// matters", Public Administration 84(3):517–538).
//
// What is measured. Each organisation is measured on indicators of its own
// regime, counted from the case flow of the work its staff do (mechanism 8);
// a case belongs to the organisation whose professional assessed it (under
// joint targets, to every employer of its team: the shared work is measured).
//
//   - national targets (NHS bodies, care trusts): access, the share of its
//     cases with a first intervention within access_target_weeks of referral
//     (a case dropped before one counts as a breach); delayed transfers,
//     1 − min(1, delayed days per case awaiting hospital discharge in the
//     teams it staffs ÷ delay_ceiling_days); activity, min(1, contributions
//     its staff delivered ÷ plan), plan = activity_plan × the contributions
//     of its professions that the referrals to its teams need; financial
//     balance, 1 − financial pressure (money.go).
//   - local accountability (councils): assessments on time, the share of its
//     assessments done within assessment_target_weeks of referral; user
//     experience of its closed cases; admissions to residential care, 1 −
//     min(1, admissions per closed case ÷ residential_ceiling); financial
//     balance.
//   - a voluntary organisation: activity against its contract alone; it is
//     not rated.
//
// The simulated score S is the mean of the regime's indicators that have
// cases behind them. Against a national field of peers whose simulated
// scores are Normal(field_mean, field_sd), S stands at z = (S −
// field_mean)/field_sd; the organisation's rated services outside the
// simulated teams stand at z_o = Φ⁻¹(standing) − other_services_deficit ×
// management deficit (the scenario's baseline is the share of peers it
// outperforms on them; integration that absorbs managerial time starves
// "higher order NHS priorities" too, 003), and the composite is
//
//	z_c = ((1 − other_services_weight) z + other_services_weight z_o) / √((1 − w)² + w²)
//
// Measured performance (performance[org]) is Φ(z_c) over the last quarter
// (counts smoothed with a 13-week mean lifetime): the share of peers it
// outperforms. What users experience is a different quantity.
//
// What is measured is what matters. An organisation under pressure moves
// its staff's effort and its managers' attention to what it is measured on.
// Its pull (alarm) is
//
//	pressure × max(target_pull [separate targets], clamp((revert_threshold − Φ(z_c)) / revert_threshold))
//
// (× local_pull_share under local accountability): under separate targets it
// pulls toward measured work even when it is doing well, and any
// organisation falling below revert_threshold in the field "reverts to type".
// Its staff then defer, with probability alarm, a step of a case that does
// not count for their employer (a partner's case past its assessment; under
// national targets a case awaiting hospital discharge always counts), keeping
// their time for their own measured cases (service.go); its managers
// withdraw support from the teams it staffs and its staff's contact across
// the team falls (team conditions, contact). Under joint targets every case
// of the team counts for all its employers, so nothing is deferred for the
// targets' sake.
func (w *World) performance(t sim.Tick) {
	for oi := range w.orgs {
		o := &w.orgs[oi]
		oc := &w.cfg.Organisations[oi]
		ms := &w.meas[oi]
		ms.smooth.decay(1 / w.p.MeasureWeeks)
		ms.smooth.add(&ms.week)
		ms.year.add(&ms.week)
		ms.week = measure{}
		ms.z = w.standingZ(oi, w.score(oi, &ms.smooth))
		o.perf = phi(ms.z)
		o.alarm = 0
		if !w.mech.PerformanceRegime || oc.Kind == Voluntary {
			continue
		}
		a := o.pressure * clamp01((w.p.RevertThreshold-o.perf)/math.Max(w.p.RevertThreshold, 1e-9))
		if !w.part.jointTargets {
			a = math.Max(a, w.p.TargetPull*o.pressure)
		}
		if oc.Regime == LocalAccountability {
			a *= w.p.LocalPullShare
		}
		o.alarm = clamp01(a)
	}
}

// measure holds the counts an organisation is measured on.
type measure struct {
	firstN, firstOnTime   float64 // its cases reaching a first intervention or dropped before one; within target
	assessN, assessOnTime float64 // its assessments, or cases dropped before one; within target
	hospN, delayedDays    float64 // cases awaiting discharge referred to its teams; delayed-transfer days in its teams
	done, plan            float64 // contributions delivered by its staff; planned
	uxSum, closed, resid  float64 // its closed cases: user experience, count, admissions to residential care
}

func (m *measure) add(x *measure) {
	m.firstN += x.firstN
	m.firstOnTime += x.firstOnTime
	m.assessN += x.assessN
	m.assessOnTime += x.assessOnTime
	m.hospN += x.hospN
	m.delayedDays += x.delayedDays
	m.done += x.done
	m.plan += x.plan
	m.uxSum += x.uxSum
	m.closed += x.closed
	m.resid += x.resid
}

func (m *measure) decay(f float64) {
	k := 1 - f
	m.firstN *= k
	m.firstOnTime *= k
	m.assessN *= k
	m.assessOnTime *= k
	m.hospN *= k
	m.delayedDays *= k
	m.done *= k
	m.plan *= k
	m.uxSum *= k
	m.closed *= k
	m.resid *= k
}

// orgMeasure is an organisation's measured work: this week's counts, the
// last quarter's (exponentially smoothed) and the rating year's.
type orgMeasure struct {
	week, smooth, year measure
	z                  float64 // standing of the smoothed composite in the field, z-score
}

// score is the simulated score S of an organisation on the counts m, 0..1,
// or NaN when no indicator has cases behind it.
func (w *World) score(oi int, m *measure) float64 {
	oc := &w.cfg.Organisations[oi]
	p := &w.p
	var sum, n float64
	add := func(v float64) { sum += v; n++ }
	activity := func() {
		if m.plan > 0 {
			add(math.Min(1, m.done/m.plan))
		}
	}
	if oc.Kind == Voluntary {
		activity()
		return ratio(sum, n)
	}
	if oc.Regime == NationalTargets {
		if m.firstN > 0 {
			add(m.firstOnTime / m.firstN)
		}
		if m.hospN > 0 {
			add(1 - math.Min(1, m.delayedDays/m.hospN/p.DelayCeilingDays))
		}
		activity()
	} else {
		if m.assessN > 0 {
			add(m.assessOnTime / m.assessN)
		}
		if m.closed > 0 {
			add(m.uxSum / m.closed)
			add(1 - math.Min(1, m.resid/m.closed/p.ResidentialCeiling))
		}
	}
	add(1 - w.money[oi].pressure)
	return ratio(sum, n)
}

// standingZ places an organisation's simulated score s, with its standing on
// the services outside the model, in the national field (a z-score).
func (w *World) standingZ(oi int, s float64) float64 {
	oc := &w.cfg.Organisations[oi]
	p := &w.p
	mean := p.FieldMeanLocal
	if oc.Regime == NationalTargets {
		mean = p.FieldMeanNational
	}
	zs := 0.0
	if !math.IsNaN(s) {
		zs = (s - mean) / p.FieldSD
	}
	wo := p.OtherServicesWeight
	// The basics the model does not simulate are starved by a management
	// deficit as the simulated work is (mechanism 6).
	zo := phiInv(oc.Standing) - p.OtherServicesDeficit*w.orgs[oi].deficit
	return ((1-wo)*zs + wo*zo) / math.Hypot(1-wo, wo)
}

// counts reports whether a step of case cs, done by a professional employed
// by org, counts for that employer's measured performance.
func (w *World) counts(cs *caseState, org int32) bool {
	if w.part.jointTargets || cs.owner < 0 || int32(cs.owner) == org {
		return true
	}
	return cs.is(fromHospital) && w.cfg.Organisations[org].Regime == NationalTargets
}

// measureCase adds f(m) to the measures of the organisations case cs
// counts for: its owner or, under joint targets, every employer of its team ts.
func (w *World) measureCase(ts *teamState, cs *caseState, f func(m *measure)) {
	if w.part.jointTargets {
		for _, e := range ts.employers {
			f(&w.meas[e].week)
		}
		return
	}
	if cs.owner >= 0 {
		f(&w.meas[cs.owner].week)
	}
}

// Ratings are published yearly (the rating year runs from one rating month
// to the next). The composite of the year's counts, with the rating
// process's measurement error rating_error × N(0,1) on the z scale, is
// placed in the field: the share of peers below it, against the cut shares
// of the 2003 PCT star ratings (Commission for Health Improvement 2003: of
// 304 PCTs, 22 zero stars, 98 one, 139 two, 45 three), gives the stars. A
// rating is therefore a probability, not a certainty.
//
// Intervention from above and the end of a joint arrangement. A rating below
// intervention_stars of an organisation under national targets brings the
// regulator (the strategic health authority) in with force
//
//	F = regulator_stance × (intervention_stars − stars) / intervention_stars
//
// Its target pressure rises by F × (1 − pressure). The local partners defend
// the widest standing executive joint post it shares with
//
//	D = commitment × (1 − conflict) × (1 − junior_weight × (1 − ownership)) × support
//
// (the partners' political commitment, governance conflict from mechanism 7,
// the NHS body seen as the junior partner, and the management support the
// organisation can still give, which its front line reads as attention to
// its own agenda); the post ends when F > D. Each integrated team it staffs
// keeps its arrangement while its active team management exceeds F, and
// otherwise returns to split management, separate records and no leadership
// strategy (co-location stays). Other joint posts stay (003).
func (w *World) ratings(t sim.Tick) {
	d := w.date(t)
	prev := w.date(t - 1)
	for oi := range w.orgs {
		o := &w.orgs[oi]
		oc := &w.cfg.Organisations[oi]
		if d.Month() != oc.RatingMonth || prev.Month() == oc.RatingMonth {
			continue
		}
		ms := &w.meas[oi]
		year := ms.year
		ms.year = measure{}
		if w.burning || t-w.off < oc.FirstRating || float64(t-w.off) < w.p.RatingMinWeeks || oc.Kind == Voluntary {
			continue
		}
		z := w.standingZ(oi, w.score(oi, &year)) + w.p.RatingError*w.rPerf.NormFloat64()
		o.rating = w.stars(phi(z))
		w.fundByRating(oi)
		if w.mech.PerformanceRegime && oc.Regime == NationalTargets {
			w.intervene(oi)
		}
	}
}

// stars turns a standing in the field (share of peers below) into stars.
func (w *World) stars(q float64) float64 {
	p := &w.p
	switch {
	case q < p.FieldZeroStars:
		return 0
	case q < p.FieldZeroStars+p.FieldOneStar:
		return 1
	case q < p.FieldZeroStars+p.FieldOneStar+p.FieldTwoStars:
		return 2
	}
	return 3
}

// intervene applies intervention from above after a rating.
func (w *World) intervene(oi int) {
	o := &w.orgs[oi]
	p := &w.p
	below := p.InterventionStars - o.rating
	if below <= 0 || p.InterventionStars <= 0 {
		return
	}
	force := w.cfg.Organisations[oi].RegulatorStance * below / p.InterventionStars
	o.pressure += force * (1 - o.pressure)
	pt := &w.cfg.Partnership
	top, scope := -1, -1.0
	for pi, jp := range pt.JointPosts {
		if w.posts[pi].standing && jp.Executive && containsInt(jp.Organisations, oi) && jp.Scope > scope {
			top, scope = pi, jp.Scope
		}
	}
	if top >= 0 {
		defence := pt.Commitment * (1 - w.part.conflict) * (1 - p.JuniorWeight*(1-pt.Ownership)) * o.support
		if force > defence {
			w.posts[top].standing = false
		}
	}
	for ti := range w.teams {
		ts := &w.teams[ti]
		if ts.hasIntegrated && ts.integrated && !ts.dissolved && containsInt32(ts.employers, int32(oi)) && force > ts.mgmt {
			ts.dissolved = true
			w.applyStructure(ti)
		}
	}
}

// phi is the standard normal distribution function.
func phi(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// phiInv is the standard normal quantile function, for p in (0, 1).
func phiInv(p float64) float64 {
	p = math.Min(math.Max(p, 1e-9), 1-1e-9)
	return -math.Sqrt2 * math.Erfcinv(2*p)
}

// initRegime sets up the measures and money once the world is built.
func (w *World) initRegime() {
	w.meas = make([]orgMeasure, len(w.orgs))
	w.teamWait = make([]float64, len(w.teams))
	w.initMoney()
	for oi := range w.orgs {
		w.meas[oi].z = w.standingZ(oi, math.NaN())
		w.orgs[oi].perf = phi(w.meas[oi].z)
	}
}

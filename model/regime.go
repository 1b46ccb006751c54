package model

import (
	"math"

	"github.com/joinedup/joinedup/sim"
)

// Mechanism 5, performance regimes pull partners apart (003, 000).
//
// Each week an organisation's measured performance is
//
//	m = baseline − no_stars_penalty × attention   (separate targets)
//	m = baseline + 0.05 × attention               (joint targets)
//	    − deficit_penalty × deficit + N(0, performance_noise)
//
// clamped to 0..1.
// where attention is the share of its management attention spent on the
// partnership (mechanism 6): "no stars for integration". An organisation
// under local accountability is also judged on meeting local needs, adding
// 0.2 × (user experience − 0.6). An organisation moves its staff's effort
// and its managers' attention to what it is measured on: its pull is
// target_pull × pressure under separate targets, and when smoothed
// performance falls below revert_threshold it "reverts to type" with pull
// pressure × (threshold − m)/0.15 (the larger of the two, at 0.3 of that
// under local accountability). Pull raises its staff's affinity to the
// employer, cuts their contact across the team (mechanism 1) and withdraws
// (0.3 × pull) of its support from the teams it staffs. Yearly,
// in its rating month (from its first rating date, and not in the first 26
// weeks), the mean since the last rating month becomes a star rating (below
// 0.4: none; 0.55: one; 0.7: two; else three). Zero stars under national
// targets brings intervention from above with probability
// intervention_prob: the widest executive joint post the organisation
// shares is split eight weeks later (other joint posts stay, 003), each
// integrated team it staffs is dissolved with probability one half (split
// management, separate records, no leadership strategy, leadership at half
// its target; co-location stays), and its target pressure rises by 0.1.
func (w *World) performance(t sim.Tick) {
	ux := w.recentUX()
	for oi := range w.orgs {
		o := &w.orgs[oi]
		oc := &w.cfg.Organisations[oi]
		m := oc.Baseline
		if w.mech.PerformanceRegime {
			if w.part.jointTargets {
				m += 0.05 * o.attention
			} else {
				m -= w.p.NoStarsPenalty * o.attention
			}
			if oc.Regime == LocalAccountability {
				m += 0.2 * (ux - 0.6)
			}
		}
		m -= w.p.DeficitPenalty * o.deficit
		m += w.p.PerformanceNoise * w.rPerf.NormFloat64()
		o.perf = clamp01(m)
		o.perfSmooth += (o.perf - o.perfSmooth) / 13
		o.yearSum += o.perf
		o.yearN++
		o.alarm = 0
		if w.mech.PerformanceRegime {
			a := o.pressure * clamp01((w.p.RevertThreshold-o.perfSmooth)/0.15)
			if !w.part.jointTargets {
				// Judged apart, the organisation pulls effort to what it is measured on.
				a = math.Max(a, w.p.TargetPull*o.pressure)
			}
			if oc.Regime == LocalAccountability {
				a *= 0.3
			}
			o.alarm = a
		}
	}
}

// recentUX is the smoothed user experience used by local accountability.
func (w *World) recentUX() float64 {
	if w.uxN == 0 {
		return 0.6
	}
	return w.uxSmooth
}

// ratings publishes yearly ratings and applies intervention from above.
func (w *World) ratings(t sim.Tick) {
	d := w.cfg.Date(t)
	prev := w.cfg.Date(t - 1)
	for oi := range w.orgs {
		o := &w.orgs[oi]
		oc := &w.cfg.Organisations[oi]
		if d.Month() != oc.RatingMonth || prev.Month() == oc.RatingMonth {
			continue
		}
		// The rating year runs from one rating month to the next.
		mean := o.yearSum / math.Max(1, float64(o.yearN))
		o.yearSum, o.yearN = 0, 0
		if t < oc.FirstRating || t < 26 {
			continue
		}
		switch {
		case mean < 0.4:
			o.rating = 0
		case mean < 0.55:
			o.rating = 1
		case mean < 0.7:
			o.rating = 2
		default:
			o.rating = 3
		}
		if !w.mech.PerformanceRegime || o.rating > 0 || oc.Regime != NationalTargets {
			continue
		}
		if w.rEvents.Float64() >= w.p.InterventionProb {
			continue
		}
		top, scope := -1, -1.0
		for pi, jp := range w.cfg.Partnership.JointPosts {
			if w.posts[pi].standing && jp.Executive && containsInt(jp.Organisations, oi) && jp.Scope > scope {
				top, scope = pi, jp.Scope
			}
		}
		if top >= 0 {
			w.dissolvePost(t+8, top)
		}
		for ti := range w.teams {
			ts := &w.teams[ti]
			if ts.hasIntegrated && ts.integrated && !ts.dissolved && containsInt32(ts.employers, int32(oi)) && w.rEvents.Float64() < 0.5 {
				ts.dissolved = true
				w.applyStructure(ti)
			}
		}
		o.pressure = math.Min(1, o.pressure+0.1)
	}
}

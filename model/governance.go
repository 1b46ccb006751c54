package model

import (
	"math"

	"github.com/joinedup/joinedup/sim"
)

// Mechanism 7, mismatched governance (Wistow & Waddington, 003; Engeström's
// activity theory in Anning et al., 001).
//
// Where the partners answer to different regimes (national targets and local
// accountability), each reads the other's behaviour through its own regime.
// Conflict C (0..1) grows with the exposure X of the arrangement (its
// structural scope: the form's weight, scaled by the widest standing joint
// post's scope where the partnership has joint posts) and
// with inequality of ownership, unless it is surfaced and managed (the
// partnership board, design team and logistics processes):
//
//	dC = conflict_growth × X × (1 − surfacing) × (2 − ownership) × (1 − C)
//	     − conflict_decay × surfacing × C − conflict_fade × C
//
// Partners under the same regime see half the exposure. Conflict adds to
// management demand (mechanism 6), to stress and to negative experiences
// across employers (mechanism 4), and brings a weekly hazard
// conflict_split_hazard × C² that the partners themselves end an executive
// joint post.
func (w *World) governance(t sim.Tick) {
	if !w.mech.Governance {
		w.part.conflict = 0
		return
	}
	pt := &w.cfg.Partnership
	p := &w.p
	x := p.formWeight(pt.Form)
	if len(pt.JointPosts) > 0 {
		// Structure at the top: exposure is the widest standing post.
		widest := 0.0
		for pi, jp := range pt.JointPosts {
			if w.posts[pi].standing {
				s := jp.Scope
				if !jp.Executive {
					s *= p.OperationalExposure
				}
				widest = math.Max(widest, s)
			}
		}
		x = math.Max(p.formWeight(FormNetwork), x*widest)
	}
	if !w.part.mixed {
		x *= p.SameRegimeExposure
	}
	surf := 0.0
	if pt.Leadership {
		surf += p.SurfaceBoard
	}
	if pt.Design {
		surf += p.SurfaceDesign
	}
	if pt.Logistics {
		surf += p.SurfaceLogistics
	}
	c := w.part.conflict
	c += w.p.ConflictGrowth*x*(1-surf)*(2-pt.Ownership)*(1-c) - w.p.ConflictDecay*surf*c - p.ConflictFade*c
	w.part.conflict = clamp01(c)
	h := w.p.ConflictSplitHazard * c * c
	for pi, jp := range pt.JointPosts {
		if w.posts[pi].standing && jp.Executive && w.rGov.Float64() < h {
			w.posts[pi].standing = false
		}
	}
}

package model

// OutcomeState returns every outcome state variable of the world, in a
// fixed order (for the behavioural test of the rule that no shock writes
// an outcome): identification and affinities, discretion and acceptance,
// each relation's trust, stereotype, role understanding and status gap,
// user experience (with ux), each organisation's measured performance and rating,
// and, with posts, each joint post's standing.
func (w *World) OutcomeState(ux, posts bool) []float64 {
	var s []float64
	s = append(s, w.affTeam...)
	s = append(s, w.affProf...)
	s = append(s, w.affOrg...)
	s = append(s, w.discretion...)
	s = append(s, w.accept...)
	for _, r := range w.rel {
		s = append(s, r.trust, r.stereo, r.roleU, r.gap)
	}
	if ux {
		s = append(s, w.uxSmooth)
	}
	for _, o := range w.orgs {
		s = append(s, o.perf, o.perfSmooth, o.rating)
	}
	if posts {
		for _, p := range w.posts {
			v := 0.0
			if p.standing {
				v = 1
			}
			s = append(s, v)
		}
	}
	return s
}

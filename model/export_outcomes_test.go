package model

import "fmt"

// OutcomeState returns every outcome state variable of the world, with its
// name, in a fixed order (for the behavioural test of the rule that no
// shock writes an outcome): identification and affinities, discretion and
// acceptance, each relation's trust, stereotype, role understanding and
// status gap; with flow, this week's user experience of closed cases and
// each organisation's measured performance and rating; with posts, each
// joint post's standing.
func (w *World) OutcomeState(flow, posts bool) ([]float64, []string) {
	var s []float64
	var names []string
	add := func(name string, v float64) {
		s = append(s, v)
		names = append(names, name)
	}
	for _, f := range []struct {
		name string
		v    func(*professional) float64
	}{
		{"affTeam", func(m *professional) float64 { return m.affTeam }},
		{"affProf", func(m *professional) float64 { return m.affProf }},
		{"affOrg", func(m *professional) float64 { return m.affOrg }},
		{"discretion", func(m *professional) float64 { return m.discretion }},
		{"accept", func(m *professional) float64 { return m.accept }},
	} {
		for i := range w.staff {
			add(fmt.Sprintf("%s[%d]", f.name, i), f.v(&w.staff[i]))
		}
	}
	for j, r := range w.rel {
		i, k := j/w.R, j%w.R
		if k >= int(w.seat[i].slot) {
			k++ // the slot of relation k
		}
		add(fmt.Sprintf("trust[%d,%d]", i, k), r.trust)
		add(fmt.Sprintf("stereo[%d,%d]", i, k), r.stereo)
		add(fmt.Sprintf("roleU[%d,%d]", i, k), r.roleU)
		add(fmt.Sprintf("gap[%d,%d]", i, k), r.gap)
	}
	if flow {
		add("uxSum", w.acc.uxSum)
		for ti, ta := range w.teamAcc {
			add(fmt.Sprintf("uxSum[team %d]", ti), ta.uxSum)
		}
		for oi, o := range w.orgs {
			add(fmt.Sprintf("perf[%d]", oi), o.perf)
			add(fmt.Sprintf("rating[%d]", oi), o.rating)
		}
	}
	if posts {
		for pi, p := range w.posts {
			v := 0.0
			if p.standing {
				v = 1
			}
			add(fmt.Sprintf("standing[%d]", pi), v)
		}
	}
	return s, names
}

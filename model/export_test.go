package model

// MembersInPost counts team ti's members whose posts are filled (for tests
// of the per-team metrics).
func (w *World) MembersInPost(ti int) int {
	n := 0
	for _, i := range w.teams[ti].members {
		if !w.seat[i].vacant {
			n++
		}
	}
	return n
}

// PersonState returns professional i's state as the World holds it (for
// checking snapshots against the World).
func (w *World) PersonState(i int) Person {
	return Person{ID: i, Profession: int(w.seat[i].prof), Employer: int(w.seat[i].org), Vacant: w.seat[i].vacant,
		ProfessionalID: w.staff[i].affProf, TeamID: w.staff[i].affTeam, EmployerID: w.staff[i].affOrg,
		Discretion: w.staff[i].discretion, Acceptance: w.staff[i].accept, Stress: w.staff[i].stress, Intent: w.intent[i], Tenure: w.staff[i].tenure}
}

// TrustOf returns professional i's trust in professional j's profession
// and i's perceived status gap to it, as the World holds them.
func (w *World) TrustOf(i, j int) (trust, gap float64) {
	r := w.relTo(int32(i), int(w.seat[i].slot), int(w.seat[j].slot))
	return r.trust, r.gap
}

// LeaderTarget returns the quality of team ti's current leader, toward
// which its leadership moves (for tests of leaders' careers).
func (w *World) LeaderTarget(ti int) float64 { return w.teams[ti].leadTarget }

// NumTeams returns the number of teams.
func (w *World) NumTeams() int { return len(w.teams) }

// StrategyHold returns the hold of the joint workforce strategy in each
// area, with the readiness terms of the week before: the mean trust across
// employers and the least engagement of the area's employers.
func (w *World) StrategyHold() (hold, trust, ready []float64) {
	trust = make([]float64, len(w.hold))
	for a := range trust {
		if w.stratPairs[a] > 0 {
			trust[a] = w.stratTrust[a] / float64(w.stratPairs[a])
		}
	}
	return append([]float64(nil), w.hold...), trust, append([]float64(nil), w.stratReady...)
}

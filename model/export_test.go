package model

// MembersInPost counts team ti's members whose posts are filled (for tests
// of the per-team metrics).
func (w *World) MembersInPost(ti int) int {
	n := 0
	for _, i := range w.teams[ti].members {
		if !w.vacant[i] {
			n++
		}
	}
	return n
}

// PersonState returns professional i's state as the World holds it (for
// checking snapshots against the World).
func (w *World) PersonState(i int) Person {
	return Person{ID: i, Profession: int(w.prof[i]), Employer: int(w.org[i]), Vacant: w.vacant[i],
		ProfessionalID: w.affProf[i], TeamID: w.affTeam[i], EmployerID: w.affOrg[i],
		Discretion: w.discretion[i], Acceptance: w.accept[i], Stress: w.stress[i], Intent: w.intent[i], Tenure: w.tenure[i]}
}

// TrustOf returns professional i's trust in professional j's profession
// and i's perceived status gap to it, as the World holds them.
func (w *World) TrustOf(i, j int) (trust, gap float64) {
	r := w.rel[i*w.K+int(w.slot[j])]
	return r.trust, r.gap
}

package model

import "math"

// TeamSnapshot is a copy of one team's people at one week, for display
// and inspection: who they are, how they identify, and how far they trust
// one another. It is read from a World by Snapshot and holds no reference
// into the World's state, so the World may go on stepping.
type TeamSnapshot struct {
	Week int    // the run's week the World last stepped to (0 at the start, after the burn-in)
	Team int    // the team's index in Config.Teams
	Name string // the team's name
	// Professions and Employers are the names of the world's professions
	// and organisations, indexed as Person.Profession and Person.Employer.
	Professions []string
	Employers   []string
	// Colocated, Single and Shared say whether the team works in one place,
	// under one manager and on one record system this week.
	Colocated, Single, Shared bool
	// People are the team's posts, in the order of the team's members in
	// the configuration.
	People []Person
	// Trust holds, at a*len(People)+b, how far person a trusts person b,
	// 0 to 1. The model keeps trust by profession (a professional trusts
	// the members of another profession in the team alike, and their own
	// profession at a fixed level), so Trust[a][b] is a's trust in b's
	// profession. It is not symmetric. The diagonal is 1. A vacant post
	// neither trusts nor is trusted: its row and column are 0.
	Trust []float64
}

// Person is one post of a team at one week. A vacant post keeps its
// profession and employer; its other fields are zero.
type Person struct {
	ID         int  // the professional's index in the World
	Profession int  // index into TeamSnapshot.Professions
	Employer   int  // index into TeamSnapshot.Employers
	Vacant     bool // no one is in post
	// Status is the profession's status, 0 to 1 (Profession.Status).
	Status float64
	// StatusGap is the mean status gap this person perceives to the other
	// professions in the team, −1 to 1: positive where the others are seen
	// as above, negative where below (mechanism 3).
	StatusGap float64
	// ProfessionalID, TeamID and EmployerID are the person's affinity to
	// their profession, identification with the team and affinity to
	// their employer, each 0 to 1 (mechanism 2).
	ProfessionalID, TeamID, EmployerID float64
	Discretion                         float64 // the autonomy the person claims, 0 to 1 (mechanism 3)
	Acceptance                         float64 // acceptance of other professions' judgement, 0 to 1
	Stress                             float64 // 0 to 1
	Intent                             float64 // intention to leave, 0 to 1 (mechanism 9)
	Tenure                             float64 // weeks in post
}

// Snapshot copies team's people into dst, reusing dst's slices: once dst
// has held a snapshot of the team, taking another allocates nothing. It
// only reads the World. It panics if team is not a team of the World.
func (w *World) Snapshot(team int, dst *TeamSnapshot) {
	ts := &w.teams[team]
	dst.Week = int(w.week - w.off)
	dst.Team = team
	dst.Name = w.cfg.Teams[team].Name
	dst.Colocated, dst.Single, dst.Shared = ts.colocated, ts.single, ts.shared
	dst.Professions = dst.Professions[:0]
	for i := range w.cfg.Professions {
		dst.Professions = append(dst.Professions, w.cfg.Professions[i].Name)
	}
	dst.Employers = dst.Employers[:0]
	for i := range w.cfg.Organisations {
		dst.Employers = append(dst.Employers, w.cfg.Organisations[i].Name)
	}
	n := len(ts.members)
	if cap(dst.People) < n {
		dst.People = make([]Person, n)
	}
	dst.People = dst.People[:n]
	if cap(dst.Trust) < n*n {
		dst.Trust = make([]float64, n*n)
	}
	dst.Trust = dst.Trust[:n*n]
	nk := len(ts.slotProf)
	for a, i := range ts.members {
		p := Person{ID: int(i), Profession: int(w.seat[i].prof), Employer: int(w.seat[i].org), Vacant: w.seat[i].vacant,
			Status: w.cfg.Professions[w.seat[i].prof].Status}
		if !p.Vacant {
			var gap float64
			others := 0
			for _, r := range w.rels(i, nk) { // to the other slots
				gap += r.gap
				others++
			}
			if others > 0 {
				p.StatusGap = gap / float64(others)
			}
			p.ProfessionalID, p.TeamID, p.EmployerID = w.staff[i].affProf, w.staff[i].affTeam, w.staff[i].affOrg
			p.Discretion, p.Acceptance = w.staff[i].discretion, w.staff[i].accept
			p.Stress, p.Intent, p.Tenure = w.staff[i].stress, w.intent[i], w.staff[i].tenure
		}
		dst.People[a] = p
		row := dst.Trust[a*n : (a+1)*n]
		for b, j := range ts.members {
			switch {
			case p.Vacant || w.seat[j].vacant:
				row[b] = 0
			case a == b:
				row[b] = 1
			default:
				row[b] = w.relTo(i, int(w.seat[i].slot), int(w.seat[j].slot)).trust
			}
		}
	}
}

// MeanTeamID is the mean identification with the team over the people in
// post, NaN if there are none; it is the team_identification[TEAM]
// metric of the week.
func (s *TeamSnapshot) MeanTeamID() float64 {
	var sum float64
	n := 0
	for _, p := range s.People {
		if !p.Vacant {
			sum += p.TeamID
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

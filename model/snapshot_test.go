package model_test

import (
	"math"
	"slices"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/sim"
)

// step advances w to week t as sim.Simulate does: due events, then Step.
func step(t *testing.T, w *model.World, week sim.Tick) {
	t.Helper()
	if err := w.Schedule().ApplyDue(week, w.EventRand()); err != nil {
		t.Fatal(err)
	}
	if err := w.Step(week); err != nil {
		t.Fatal(err)
	}
}

// metricIndex finds a metric's column.
func metricIndex(t *testing.T, cfg *model.Config, name string) int {
	t.Helper()
	for i, m := range cfg.Metrics() {
		if m.Name == name {
			return i
		}
	}
	t.Fatalf("no metric %s", name)
	return -1
}

// TestSnapshotMatchesWorld checks a team's snapshot against the world it
// is taken from, every quarter of two years of the sedgefield-threats
// scenario (with an abolition, so people leave and arrive): people in post
// and identification as the per-team metrics count them, each person's
// profession, employer and status from the configuration, trust the same
// toward every member of a profession, in 0..1, 1 on the diagonal and 0
// for a vacant post.
func TestSnapshotMatchesWorld(t *testing.T) {
	cfg := withTeams(t, "sedgefield-threats")
	w, err := model.New(cfg, sim.Replicate{Master: 7, Index: 3})
	if err != nil {
		t.Fatal(err)
	}
	var s model.TeamSnapshot
	var row []float64
	vacancies := 0
	for week := sim.Tick(1); week <= 156; week++ {
		step(t, w, week)
		if week%13 != 0 {
			continue
		}
		for team := range cfg.Teams {
			w.Snapshot(team, &s)
			name := cfg.Teams[team].Name
			row = w.Observe(week, row[:0])
			if s.Week != int(week) || s.Team != team || s.Name != name {
				t.Fatalf("snapshot of week %d team %d says week %d team %d %q", week, team, s.Week, s.Team, s.Name)
			}
			if got, want := s.MeanTeamID(), row[metricIndex(t, cfg, "team_identification["+name+"]")]; got != want {
				t.Errorf("week %d %s: mean identification %v from the snapshot, %v observed", week, name, got, want)
			}
			inPost := 0
			for _, p := range s.People {
				if !p.Vacant {
					inPost++
				}
			}
			if inPost != w.MembersInPost(team) {
				t.Errorf("week %d %s: %d in post in the snapshot, %d in the world", week, name, inPost, w.MembersInPost(team))
			}
			vacancies += len(s.People) - inPost
			checkPeople(t, cfg, &s)
			checkAgainstWorld(t, w, &s)
		}
	}
	if vacancies == 0 {
		t.Errorf("no vacancy in any snapshot: the test does not cover vacant posts")
	}
}

func checkPeople(t *testing.T, cfg *model.Config, s *model.TeamSnapshot) {
	t.Helper()
	n := len(s.People)
	if len(s.Trust) != n*n {
		t.Fatalf("%d people, %d trust values", n, len(s.Trust))
	}
	var members []model.Member
	for _, m := range cfg.Teams[s.Team].Members {
		for range max(m.Count, 1) {
			members = append(members, m)
		}
	}
	if len(members) != n {
		t.Fatalf("%s: %d people, %d posts configured", s.Name, n, len(members))
	}
	if !slices.Equal(s.Professions[:len(cfg.Professions)], names(cfg.Professions)) {
		t.Errorf("professions %v", s.Professions)
	}
	towards := map[[2]int]float64{} // (person, profession) -> trust
	for a, p := range s.People {
		m := members[a]
		if p.Profession != m.Profession || p.Employer != m.Employer || p.Status != cfg.Professions[m.Profession].Status {
			t.Errorf("%s person %d: profession %d employer %d status %v; configured %d, %d, %v",
				s.Name, a, p.Profession, p.Employer, p.Status, m.Profession, m.Employer, cfg.Professions[m.Profession].Status)
		}
		for _, v := range []float64{p.TeamID, p.ProfessionalID, p.EmployerID, p.Discretion, p.Acceptance, p.Stress, p.Intent} {
			if v < 0 || v > 1 || math.IsNaN(v) {
				t.Errorf("%s person %d: a value %v outside 0..1: %+v", s.Name, a, v, p)
			}
		}
		if p.StatusGap < -1 || p.StatusGap > 1 {
			t.Errorf("%s person %d: status gap %v", s.Name, a, p.StatusGap)
		}
		for b, q := range s.People {
			tr := s.Trust[a*n+b]
			switch {
			case p.Vacant || q.Vacant:
				if tr != 0 {
					t.Errorf("%s: trust %v between %d and %d, one of them a vacant post", s.Name, tr, a, b)
				}
			case a == b:
				if tr != 1 {
					t.Errorf("%s: trust %v of %d in themselves", s.Name, tr, a)
				}
			default:
				if tr < 0 || tr > 1 {
					t.Errorf("%s: trust %v of %d in %d", s.Name, tr, a, b)
				}
				k := [2]int{a, q.Profession}
				if prev, ok := towards[k]; ok && prev != tr {
					t.Errorf("%s: %d trusts two members of profession %d differently (%v, %v)", s.Name, a, q.Profession, prev, tr)
				}
				towards[k] = tr
			}
		}
	}
}

func names(ps []model.Profession) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// TestSnapshotReadOnly checks that taking snapshots every week leaves a
// replicate exactly as it would have been without them.
func TestSnapshotReadOnly(t *testing.T) {
	cfg := build(t, "sedgefield", nil)
	rep := sim.Replicate{Master: 11, Index: 1}
	a, _ := model.New(cfg, rep)
	b, _ := model.New(cfg, rep)
	var s model.TeamSnapshot
	for week := sim.Tick(1); week <= 104; week++ {
		step(t, a, week)
		step(t, b, week)
		for team := range cfg.Teams {
			b.Snapshot(team, &s)
		}
	}
	ra, rb := a.Observe(104, nil), b.Observe(104, nil)
	for i := range ra {
		if ra[i] != rb[i] && !(math.IsNaN(ra[i]) && math.IsNaN(rb[i])) {
			t.Errorf("metric %s: %v without snapshots, %v with", cfg.Metrics()[i].Name, ra[i], rb[i])
		}
	}
}

// TestSnapshotAllocations checks that a snapshot taken into a reused
// TeamSnapshot allocates nothing.
func TestSnapshotAllocations(t *testing.T) {
	cfg := build(t, "sedgefield", nil)
	w, _ := model.New(cfg, sim.Replicate{Master: 1})
	step(t, w, 1)
	var s model.TeamSnapshot
	w.Snapshot(0, &s)
	if n := testing.AllocsPerRun(100, func() { w.Snapshot(0, &s) }); n != 0 {
		t.Errorf("Snapshot allocates %v times a call into a reused snapshot, want 0", n)
	}
}

// checkAgainstWorld compares each person of a snapshot, field by field,
// with the World's own state, and each trust with the World's relation.
func checkAgainstWorld(t *testing.T, w *model.World, s *model.TeamSnapshot) {
	t.Helper()
	n := len(s.People)
	for a, p := range s.People {
		want := w.PersonState(p.ID)
		if want.Vacant {
			want = model.Person{ID: p.ID, Profession: want.Profession, Employer: want.Employer, Vacant: true}
		}
		want.Status = p.Status
		if !want.Vacant {
			var gap float64
			k := 0
			seen := map[int]bool{p.Profession: true}
			for _, q := range s.People {
				if !seen[q.Profession] {
					seen[q.Profession] = true
					_, g := w.TrustOf(p.ID, q.ID)
					gap += g
					k++
				}
			}
			want.StatusGap = gap / float64(k)
		}
		if math.Abs(p.StatusGap-want.StatusGap) > 1e-12 {
			t.Errorf("%s week %d person %d: status gap %v, the world's %v", s.Name, s.Week, a, p.StatusGap, want.StatusGap)
		}
		want.StatusGap = p.StatusGap
		if p != want {
			t.Errorf("%s week %d person %d: snapshot %+v, world %+v", s.Name, s.Week, a, p, want)
		}
		for b, q := range s.People {
			if p.Vacant || q.Vacant || a == b {
				continue
			}
			if tr, _ := w.TrustOf(p.ID, q.ID); s.Trust[a*n+b] != tr {
				t.Errorf("%s week %d: trust of %d in %d %v, the world's %v", s.Name, s.Week, a, b, s.Trust[a*n+b], tr)
			}
		}
	}
}

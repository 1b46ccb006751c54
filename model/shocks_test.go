package model_test

import (
	"testing"

	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// TestShocks applies each kind of reform shock on a date to a scenario and
// checks its effect against the same scenario without it, on paired
// replicates: the difference's 95% interval must lie on the expected side
// of zero.
func TestShocks(t *testing.T) {
	const n = 40
	at := scenarios.NewDate(2006, 4, 3) // week 157 of Sedgefield, 261 of Barking and Dagenham
	cases := []struct {
		name     string
		scenario string
		shock    scenarios.Shock
		metric   string
		week     int
		sign     int // +1: the shock raises the metric; -1: lowers it
		n        int // replicates per arm; 0 means n
	}{
		{"reorganisation breaks trust at once", "sedgefield",
			scenarios.Shock{Kind: "reorganisation", Date: at, Organisation: "Sedgefield PCT"}, "trust", 158, -1, 0},
		{"reorganisation drains management", "sedgefield",
			scenarios.Shock{Kind: "reorganisation", Date: at, Organisation: "Sedgefield PCT"}, "nhs_performance", 170, -1, 0},
		{"abolition ends integrated cohesion gains", "sedgefield",
			scenarios.Shock{Kind: "abolition", Date: at, Organisation: "Sedgefield PCT"}, "cohesion", 170, -1, 0},
		{"separate targets pull staff to their employer", "sedgefield",
			scenarios.Shock{Kind: "separate-targets", Date: at, Size: 0.1}, "employer_affinity", 230, 1, 0},
		{"leadership change unsettles trust", "sedgefield",
			scenarios.Shock{Kind: "leadership-change", Date: at}, "trust", 158, -1, 0},
		{"common-core training builds role understanding", "usual-care",
			scenarios.Shock{Kind: "common-core-training", Date: at, Size: 0.5}, "role_understanding", 210, 1, 0},
		{"budget cut starves management", "sedgefield",
			scenarios.Shock{Kind: "budget-cut", Date: at, Organisation: "Durham County Council", Size: 0.8}, "management_deficit", 170, 1, 0},
		{"choice and competition lower trust", "sedgefield",
			scenarios.Shock{Kind: "choice-competition", Date: at, Size: 0.8}, "trust", 260, -1, 0},
		{"a manager who stops leading loses the team's identification", "sedgefield",
			scenarios.Shock{Kind: "leadership-effort", Date: at, Size: 0}, "team_identification", 230, -1, 0},
		{"departures leave posts vacant", "sedgefield",
			scenarios.Shock{Kind: "departure", Date: at, Team: "pathway team", Size: 0.5}, "vacancy_rate", 158, 1, 0},
		{"discharge fines cut delayed transfers", "usual-care",
			scenarios.Shock{Kind: "discharge-fines", Date: at}, "delayed_transfer_days", 200, -1, 150},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			reps := n
			if c.n > 0 {
				reps = c.n
			}
			base := simulate(t, build(t, c.scenario, nil), reps, 21)
			shocked := simulate(t, build(t, c.scenario, func(sc *scenarios.Scenario) {
				sc.Shocks = append(sc.Shocks, c.shock)
			}), reps, 21)
			diffs, err := results.Compare(base, shocked)
			if err != nil {
				t.Fatal(err)
			}
			d := diffAt(t, diffs, c.metric, c.week)
			if (c.sign > 0 && !(d.Lo > 0)) || (c.sign < 0 && !(d.Hi < 0)) {
				t.Errorf("%s at week %d: shocked minus base %.4f [%.4f, %.4f], want sign %+d", c.metric, c.week, d.Diff, d.Lo, d.Hi, c.sign)
			}
		})
	}
}

// TestJointPostSplit checks that a dated split ends the named post.
func TestJointPostSplit(t *testing.T) {
	cfg := build(t, "barking-dagenham", func(sc *scenarios.Scenario) {
		sc.Shocks = append(sc.Shocks, scenarios.Shock{Kind: "joint-post-split", Date: scenarios.NewDate(2002, 1, 7), Post: "joint director of public health"})
	})
	set := simulate(t, cfg, 10, 2)
	mi, ok := set.MetricIndex("standing[joint director of public health]")
	if !ok {
		t.Fatal("no standing metric")
	}
	before, _ := set.WeekIndex(38)
	after, _ := set.WeekIndex(41)
	for r := 0; r < set.Replicates(); r++ {
		if set.Value(r, before, mi) != 1 || set.Value(r, after, mi) != 0 {
			t.Errorf("replicate %d: standing %v before and %v after the split, want 1 and 0", r, set.Value(r, before, mi), set.Value(r, after, mi))
		}
	}
}

package patterns_test

import (
	"context"
	"testing"

	"github.com/joinedup/joinedup/patterns"
)

// replicates per arm in the Go tests: enough for the intervals, small enough
// for CI. `joinedup validate-model` runs the full size (100 or more).
const testReplicates = 40

// TestPatternsHold runs every pattern check on the embedded scenarios with
// every mechanism on: each must pass.
func TestPatternsHold(t *testing.T) {
	for _, c := range patterns.Checks {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			r, err := c.Run(context.Background(), patterns.Options{Replicates: testReplicates, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range r.Lines {
				if !l.Pass {
					t.Errorf("%s: %s at week %d = %.4f [%.4f, %.4f], expected %s", l.Claim, l.Metric, l.Week, l.Effect, l.Lo, l.Hi, l.Expected)
				}
			}
		})
	}
}

// TestPatternsNeedTheirMechanisms switches off, one at a time, each
// mechanism a check says it depends on: the check must then fail, so each
// check is sensitive to what it claims to test.
func TestPatternsNeedTheirMechanisms(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every check once per mechanism it depends on")
	}
	for _, c := range patterns.Checks {
		for _, m := range c.Mechanisms {
			t.Run(c.Name+"/without "+m, func(t *testing.T) {
				t.Parallel()
				r, err := c.Run(context.Background(), patterns.Options{Replicates: 20, Workers: 1, Off: []string{m}})
				if err != nil {
					t.Fatal(err)
				}
				if r.Pass() {
					t.Errorf("check %d (%s) still passes with %s off", c.ID, c.Name, m)
				}
			})
		}
	}
}

// TestEveryMechanismIsTested keeps the dependency table honest: every
// mechanism that some check names exists, and the checks cover the
// mechanisms the patterns rest on.
func TestEveryMechanismIsTested(t *testing.T) {
	named := map[string]bool{}
	for _, c := range patterns.Checks {
		for _, m := range c.Mechanisms {
			named[m] = true
		}
	}
	for _, m := range []string{"contact", "self_categorisation", "pessimistic_tradition", "trust_asymmetry", "performance_regime", "management_capacity", "service_flow"} {
		if !named[m] {
			t.Errorf("no pattern check depends on %s", m)
		}
	}
}

func TestUnknownMechanism(t *testing.T) {
	_, err := patterns.Checks[0].Run(context.Background(), patterns.Options{Replicates: 2, Off: []string{"contacts"}})
	if err == nil {
		t.Fatal("unknown mechanism accepted")
	}
}

func TestFind(t *testing.T) {
	cs, err := patterns.Find(2, 7)
	if err != nil || len(cs) != 2 || cs[0].ID != 2 || cs[1].ID != 7 {
		t.Fatalf("Find(2, 7) = %v, %v", cs, err)
	}
	if _, err := patterns.Find(10); err == nil {
		t.Error("Find(10) found a check")
	}
}

package patterns_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/patterns"
	"github.com/joinedup/joinedup/scenarios"
)

// testReplicates is the replicates per arm in the Go tests, chosen by
// power. A line passes when its 95% interval clears its bound, so with an
// effect d (its distance from the bound) and a replicate-to-replicate sd of
// the paired difference, it passes with power 1 − β when
// n ≥ ((1.96 + z_β) sd/d)²; for power 0.95, n ≥ 13 (sd/d)². Measured at 200
// replicates (seed 1), the weakest lines of the checks are:
//
//	check 11 with the pessimistic tradition off (a mechanism it does not
//	name, which weakens it by a third):                      d/sd = 0.40 → n ≥ 81
//	check 10, joint posts standing at year 5:                d/sd = 0.43 → n ≥ 70
//	check 11, vacancies in the year after a reorganisation:  d/sd = 0.50 → n ≥ 52
//	check 4, joint chief executive gone by year 3 (> 0.5):   d/sd = 0.85 → n ≥ 18
//	check 1, time to intervention a tenth shorter:           d/sd = 1.39 → n ≥ 7
//
// every other line has d/sd above 1.7, except check 12's: a joint workforce
// strategy takes hold only as far as the partners trust each other, and in
// workforce-strategy they trust each other little, so its effect on
// turnover over years 1-5 has d/sd = 0.33 (0.28 with contact off, which
// lowers the partners' trust), n ≥ 166. Its contrast therefore runs three
// times the replicates (Contrast.Scale), 360 here, with power
// Φ(0.28 √360 − 1.96) > 0.99. At 120 replicates the weakest of the other
// lines passes with power Φ(0.40 √120 − 1.96) = 0.99, so a check that names
// every mechanism it depends on does not fail by chance with another one
// off.
// Switching a named mechanism off must make a check fail by the effect's
// absence, not by low power: the test below also requires a failing line
// whose effect without the mechanism has lost at least 90% of its distance
// from the bound (or crossed it), which no sampling error at this size
// produces by chance.
const testReplicates = 120

var (
	verdictsOnce sync.Once
	verdicts     []*patterns.Verdict
	verdictsErr  error
)

// allVerdicts runs every check once with the model as it is and once
// without the mechanisms it names, shared by the tests below.
func allVerdicts(t *testing.T) []*patterns.Verdict {
	t.Helper()
	verdictsOnce.Do(func() {
		verdicts, verdictsErr = patterns.Validate(context.Background(), patterns.Checks, patterns.Options{Replicates: testReplicates, Workers: 1})
	})
	if verdictsErr != nil {
		t.Fatal(verdictsErr)
	}
	return verdicts
}

func describe(r *patterns.Result) string {
	var b strings.Builder
	for _, l := range r.Lines {
		fmt.Fprintf(&b, "\n\t%v %s at week %d = %.4f [%.4f, %.4f], expected %s", l.Pass, l.Claim, l.Week, l.Effect, l.Lo, l.Hi, l.Expected)
	}
	return b.String()
}

// TestPatternsHold: every check documented as reproduced passes with every
// mechanism on and fails with all the mechanisms it names off.
func TestPatternsHold(t *testing.T) {
	for i, v := range allVerdicts(t) {
		c := patterns.Checks[i]
		if c.NotReproduced != "" {
			continue
		}
		if !v.Full.Pass() {
			t.Errorf("check %d (%s) fails:%s", c.ID, c.Name, describe(v.Full))
		}
		if v.Without == nil {
			t.Errorf("check %d (%s) names no mechanism", c.ID, c.Name)
		} else if v.Without.Pass() {
			t.Errorf("check %d (%s) still passes with all its mechanisms (%v) off:%s", c.ID, c.Name, c.Mechanisms, describe(v.Without))
		}
	}
}

// notReproduced is the documented list of checks the model does not
// reproduce with a clean contrast (each check's NotReproduced says why). A
// model change that reproduces one makes TestNotReproducedIsDocumented fail
// until the list, and the check's NotReproduced, are updated.
var notReproduced []int

// TestNotReproducedIsDocumented: the checks that fail, or pass without
// their mechanisms, are exactly the documented ones.
func TestNotReproducedIsDocumented(t *testing.T) {
	var got, documented []int
	for i, v := range allVerdicts(t) {
		c := patterns.Checks[i]
		if !v.Reproduced() {
			got = append(got, c.ID)
		}
		if c.NotReproduced != "" {
			documented = append(documented, c.ID)
		}
	}
	if !slices.Equal(got, notReproduced) {
		t.Errorf("checks not reproduced: %v; documented in this test: %v", got, notReproduced)
	}
	if !slices.Equal(documented, notReproduced) {
		t.Errorf("checks with a NotReproduced note: %v; documented in this test: %v", documented, notReproduced)
	}
}

// TestPatternsNeedTheirMechanisms switches off, one at a time, each
// mechanism a reproduced check names: the check must then fail, by the
// effect's absence (see testReplicates), so each check depends on every
// mechanism it names.
func TestPatternsNeedTheirMechanisms(t *testing.T) {
	vs := allVerdicts(t)
	for i, c := range patterns.Checks {
		if c.NotReproduced != "" {
			continue
		}
		full := vs[i].Full
		for _, m := range c.Mechanisms {
			t.Run(fmt.Sprintf("%d %s/without %s", c.ID, c.Name, m), func(t *testing.T) {
				t.Parallel()
				r, err := c.Run(context.Background(), patterns.Options{Replicates: testReplicates, Workers: 1, Off: []string{m}})
				if err != nil {
					t.Fatal(err)
				}
				if r.Pass() {
					t.Fatalf("check %d (%s) still passes with %s off:%s", c.ID, c.Name, m, describe(r))
				}
				for j, l := range r.Lines {
					if !l.Pass && absent(full.Lines[j], l) {
						return
					}
				}
				t.Errorf("check %d (%s) fails with %s off only by a line whose effect is still there (low power):%s", c.ID, c.Name, m, describe(r))
			})
		}
	}
}

// absent reports whether a line's effect without a mechanism (off) has
// lost at least 90% of the full model's distance from the bound, or
// crossed it.
func absent(full, off patterns.Line) bool {
	var op string
	var bound float64
	if _, err := fmt.Sscanf(full.Expected, "%s %g", &op, &bound); err != nil {
		return false
	}
	dFull, dOff := full.Effect-bound, off.Effect-bound
	if op == "<" {
		dFull, dOff = -dFull, -dOff
	}
	return dOff <= 0.1*dFull || math.IsNaN(dOff)
}

// TestEveryMechanismIsTested: every mechanism of the model is named by at
// least one reproduced check.
func TestEveryMechanismIsTested(t *testing.T) {
	named := map[string]bool{}
	for _, c := range patterns.Checks {
		if c.NotReproduced != "" {
			continue
		}
		for _, m := range c.Mechanisms {
			named[m] = true
		}
	}
	for _, m := range model.MechanismNames() {
		if !named[m] {
			t.Errorf("no reproduced pattern check depends on %s", m)
		}
	}
}

// TestContrastsAreClean: every check but the spread check runs contrasts,
// and each contrast's arms differ, field by field, in its factor and in
// nothing else (Diff refuses any other difference).
func TestContrastsAreClean(t *testing.T) {
	for i, v := range allVerdicts(t) {
		c := patterns.Checks[i]
		if len(v.Full.Contrasts) == 0 {
			t.Errorf("check %d (%s) runs no contrast", c.ID, c.Name)
		}
		for _, a := range v.Full.Contrasts {
			diff := a.Contrast.Diff
			if a.Single {
				diff = a.Contrast.HeldDiff
			}
			d, err := diff()
			if err != nil {
				t.Errorf("check %d (%s): %v", c.ID, c.Name, err)
				continue
			}
			if !slices.Equal(d, a.Diff) || len(d) == 0 {
				t.Errorf("check %d (%s), contrast %s: diff %v, reported %v", c.ID, c.Name, a.Contrast.Name, d, a.Diff)
			}
		}
	}
}

// TestUsualCareIsSedgefieldWithoutIntegration: the usual-care scenario is
// sedgefield with only the integrated arrangement removed (pattern 1's
// package), as checks 1 and 3 hold it; every other field (leadership,
// meetings, demand, staff, organisations, partnership processes) is the same.
func TestUsualCareIsSedgefieldWithoutIntegration(t *testing.T) {
	uc, err := scenarios.Embedded("usual-care")
	if err != nil {
		t.Fatal(err)
	}
	sf, err := scenarios.Embedded("sedgefield")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"name": true, "description": true, "source": true, "extends": true, "partnership.form": true}
	fields := []string{"colocated", "management", "shared_records", "leadership_strategy"}
	for i := range sf.Teams {
		for _, f := range fields {
			want[fmt.Sprintf("team[%d].%s", i, f)] = true
		}
	}
	got := map[string]bool{}
	for _, d := range patterns.DiffScenarios(sf, uc) {
		got[d.Path] = true
		if !want[d.Path] {
			t.Errorf("usual-care differs from sedgefield outside the integrated arrangement: %s", d)
		}
	}
	for p := range want {
		if !got[p] && strings.HasPrefix(p, "team") {
			t.Errorf("usual-care keeps sedgefield's %s", p)
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
	if _, err := patterns.Find(len(patterns.Checks) + 1); err == nil {
		t.Errorf("Find(%d) found a check", len(patterns.Checks)+1)
	}
}

// TestPatternsNameEveryMechanism: each reproduced check still passes with
// any one mechanism it does not name switched off, so it names every
// mechanism it depends on (in the sense TestPatternsNeedTheirMechanisms
// tests: one switched off at a time).
func TestPatternsNameEveryMechanism(t *testing.T) {
	for _, c := range patterns.Checks {
		if c.NotReproduced != "" {
			continue
		}
		for _, m := range model.MechanismNames() {
			if slices.Contains(c.Mechanisms, m) {
				continue
			}
			t.Run(fmt.Sprintf("%d %s/without %s", c.ID, c.Name, m), func(t *testing.T) {
				t.Parallel()
				r, err := c.Run(context.Background(), patterns.Options{Replicates: testReplicates, Workers: 1, Off: []string{m}})
				if err != nil {
					t.Fatal(err)
				}
				if !r.Pass() {
					t.Errorf("check %d (%s) fails with %s off, which it does not name:%s", c.ID, c.Name, m, describe(r))
				}
			})
		}
	}
}

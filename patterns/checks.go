package patterns

import (
	"context"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"

	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// Weeks of the Sedgefield scenario (start 2003-04-01) used by the checks.
const (
	year1     = 52
	year3     = 156
	shockWeek = 157 // 2006-04-03, the first Monday of the fourth year
	end       = 260
)

var shockDate = scenarios.NewDate(2006, 4, 3)

// silo runs every team as separate services: apart, line-managed by each
// employer, separate records, no leadership strategy, weak leadership.
func silo(sc *scenarios.Scenario) {
	for i := range sc.Teams {
		t := &sc.Teams[i]
		t.Colocated, t.Management, t.SharedRecords, t.LeadershipStrategy, t.Leadership = false, "split", false, false, 0.3
	}
}

// colocatedOnly is silo with the members sharing a base.
func colocatedOnly(sc *scenarios.Scenario) {
	silo(sc)
	for i := range sc.Teams {
		sc.Teams[i].Colocated = true
	}
}

// noActiveManagement keeps the integrated structure but without active team
// management: weak leadership and no leadership strategy.
func noActiveManagement(sc *scenarios.Scenario) {
	for i := range sc.Teams {
		sc.Teams[i].Leadership, sc.Teams[i].LeadershipStrategy = 0.1, false
	}
}

func withShock(s scenarios.Shock) edit {
	return func(sc *scenarios.Scenario) { sc.Shocks = append(sc.Shocks, s) }
}

// noTopIntegration removes integration at the top: no joint posts.
func noTopIntegration(sc *scenarios.Scenario) {
	sc.Partnership.JointPosts = nil
	sc.Partnership.Form = "none"
}

// spreadStatus widens the status differentials between the professions.
func spreadStatus(sc *scenarios.Scenario) {
	spread := map[string]float64{"social worker": 0.55, "district nurse": 0.95, "housing support officer": 0.25, "support worker": 0.05}
	for i := range sc.Professions {
		if v, ok := spread[sc.Professions[i].Name]; ok {
			sc.Professions[i].Status = v
		}
	}
}

// Checks lists the pattern checks in DOMAIN.md's order.
var Checks = []*Check{
	{
		ID: 1, Name: "integrated teams",
		Pattern:    "Co-location + single manager + shared records + active leadership: team identification rises and overtakes professional and employer affinity within one to three years; parity of esteem and role understanding rise; time from referral to intervention falls; user experience improves.",
		Mechanisms: []string{"self_categorisation", "contact", "pessimistic_tradition", "service_flow"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			base, err := r.arm(ctx, "sedgefield as silos", "sedgefield", 0, silo)
			if err != nil {
				return nil, err
			}
			integ, err := r.arm(ctx, "sedgefield", "sedgefield", 0)
			if err != nil {
				return nil, err
			}
			var lines []Line
			for _, c := range []struct{ metric, claim, exp string }{
				{"team_identification", "integrated minus silo: team identification higher", "> 0"},
				{"parity_of_esteem", "integrated minus silo: parity of esteem higher", "> 0"},
				{"role_understanding", "integrated minus silo: role understanding higher", "> 0"},
				{"weeks_to_intervention", "integrated minus silo: time to intervention shorter", "< 0"},
				{"user_experience", "integrated minus silo: user experience better", "> 0"},
			} {
				l, err := paired(base, integ, c.metric, year3, c.claim, c.exp)
				if err != nil {
					return nil, err
				}
				lines = append(lines, l)
			}
			for _, other := range []string{"professional_affinity", "employer_affinity"} {
				t, err := column(integ, "team_identification", year3)
				if err != nil {
					return nil, err
				}
				o, err := column(integ, other, year3)
				if err != nil {
					return nil, err
				}
				d := make([]float64, len(t))
				for i := range t {
					d[i] = t[i] - o[i]
				}
				lines = append(lines, line("integrated, year 3: team identification minus "+other+" (overtaken within three years)", "team_identification", year3, "> 0", d))
			}
			return lines, nil
		},
	},
	{
		ID: 2, Name: "active team management",
		Pattern:    "Without active team management, those gains do not appear, or decay.",
		Mechanisms: []string{"self_categorisation"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			return contrast(ctx, r, sedgefield, variant{"sedgefield without active management", "sedgefield", []edit{noActiveManagement}},
				year3, "no active management minus active: %s lower", "< 0", "team_identification", "cohesion")
		},
	},
	{
		ID: 3, Name: "co-location alone",
		Pattern:    "Co-location alone, without a leadership strategy, gives little.",
		Mechanisms: []string{"self_categorisation"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			s, err := r.arm(ctx, "sedgefield as silos", "sedgefield", 0, silo)
			if err != nil {
				return nil, err
			}
			c, err := r.arm(ctx, "sedgefield co-located only", "sedgefield", 0, colocatedOnly)
			if err != nil {
				return nil, err
			}
			full, err := r.arm(ctx, "sedgefield", "sedgefield", 0)
			if err != nil {
				return nil, err
			}
			var lines []Line
			for _, m := range []string{"cohesion", "team_identification"} {
				cs, _ := column(s, m, year3)
				cc, _ := column(c, m, year3)
				cf, err := column(full, m, year3)
				if err != nil {
					return nil, err
				}
				d := make([]float64, len(cs))
				for i := range cs {
					// co-location's gain minus a quarter of the full package's gain
					d[i] = (cc[i] - cs[i]) - 0.25*(cf[i]-cs[i])
				}
				lines = append(lines, line("co-location alone gains less than a quarter of the full package's gain in "+m, m, year3, "< 0", d))
			}
			return lines, nil
		},
	},
	{
		ID: 4, Name: "integration at the top",
		Pattern:    "Integration only at the top (joint chief executive) moves front-line cohesion little, consumes management capacity, and under separate national targets lowers the NHS partner's measured performance; a bad rating makes the joint arrangement likely to be dissolved.",
		Mechanisms: []string{"management_capacity", "performance_regime"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			none, err := r.arm(ctx, "barking-dagenham without joint posts", "barking-dagenham", 0, noTopIntegration)
			if err != nil {
				return nil, err
			}
			top, err := r.arm(ctx, "barking-dagenham", "barking-dagenham", 0)
			if err != nil {
				return nil, err
			}
			var lines []Line
			for _, c := range []struct {
				metric   string
				week     int
				claim    string
				expected string
			}{
				{"cohesion", year3, "joint posts minus none: front-line cohesion moves little (above -0.05)", "> -0.05"},
				{"cohesion", year3, "joint posts minus none: front-line cohesion moves little (below 0.05)", "< 0.05"},
				{"management_deficit", year1, "joint posts minus none: management deficit higher", "> 0"},
				{"nhs_performance", year1, "joint posts minus none: NHS measured performance lower", "< 0"},
			} {
				l, err := paired(none, top, c.metric, c.week, c.claim, c.expected)
				if err != nil {
					return nil, err
				}
				lines = append(lines, l)
			}
			st, err := column(top, "standing[joint chief executive]", year3)
			if err != nil {
				return nil, err
			}
			gone := make([]float64, len(st))
			for i, v := range st {
				gone[i] = 1 - v
			}
			lines = append(lines, line("share of replicates whose joint chief executive post is dissolved by year 3 (most)", "standing[joint chief executive]", year3, "> 0.5", gone))
			return lines, nil
		},
	},
	{
		ID: 5, Name: "reorganisation shock",
		Pattern: "A reorganisation shock drops trust and cohesion at once; recovery takes years, not weeks.",
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			base, shocked, err := reorganised(ctx, r)
			if err != nil {
				return nil, err
			}
			var lines []Line
			for _, c := range []struct {
				metric string
				week   int
				claim  string
			}{
				{"trust", shockWeek + 4, "four weeks after: trust lower"},
				{"cohesion", shockWeek + 4, "four weeks after: cohesion lower"},
				{"trust", end, "two years after: trust still lower"},
				{"cohesion", end, "two years after: cohesion still lower"},
			} {
				l, err := paired(base, shocked, c.metric, c.week, "reorganised minus not, "+c.claim, "< 0")
				if err != nil {
					return nil, err
				}
				lines = append(lines, l)
			}
			return lines, nil
		},
	},
	{
		ID: 6, Name: "trust asymmetry",
		Pattern:    "Trust builds over years and can fall in weeks.",
		Mechanisms: []string{"trust_asymmetry"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			base, shocked, err := reorganised(ctx, r)
			if err != nil {
				return nil, err
			}
			t52, err := column(base, "trust", year1)
			if err != nil {
				return nil, err
			}
			t156, _ := column(base, "trust", year3)
			before, _ := column(shocked, "trust", shockWeek-1)
			after, _ := column(shocked, "trust", shockWeek+4)
			d := make([]float64, len(t52))
			for i := range d {
				yearGain := (t156[i] - t52[i]) / 2 // trust built in a year of integrated work
				fall := after[i] - before[i]       // trust lost in the four weeks after a shock
				d[i] = fall + yearGain
			}
			return []Line{line("trust lost in four weeks after a reorganisation exceeds trust built in a year (fall + year's gain)", "trust", shockWeek+4, "< 0", d)}, nil
		},
	},
	{
		ID: 7, Name: "status differentials",
		Pattern:    "Large status differentials inside a team keep cohesion and acceptance of others' judgement low.",
		Mechanisms: []string{"pessimistic_tradition"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			return contrast(ctx, r, sedgefield, variant{"sedgefield with wide status gaps", "sedgefield", []edit{spreadStatus}},
				year3, "wide status gaps minus as is: %s lower", "< 0", "acceptance", "cohesion")
		},
	},
	{
		ID: 8, Name: "separate targets",
		Pattern:    "Separate national targets introduced into a working integrated team erode its gains over the following years.",
		Mechanisms: []string{"performance_regime", "self_categorisation"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			sep := withShock(scenarios.Shock{Kind: "separate-targets", Date: shockDate, Size: 0.1})
			return contrast(ctx, r, sedgefield, variant{"sedgefield with separate targets", "sedgefield", []edit{sep}},
				end, "separate targets from year 4 minus joint: %s lower two years on", "< 0", "team_identification", "cohesion")
		},
	},
	{
		ID: 9, Name: "distributions",
		Pattern:    "The same policy gives different trajectories at different sites and seeds: outcomes are distributions, not single lines.",
		Mechanisms: []string{"self_categorisation"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			s, err := r.arm(ctx, "sedgefield", "sedgefield", 0)
			if err != nil {
				return nil, err
			}
			var lines []Line
			for _, c := range []struct {
				metric string
				bound  float64
			}{{"cohesion", 0.03}, {"user_experience", 0.03}} {
				col, err := column(s, c.metric, year3)
				if err != nil {
					return nil, err
				}
				lines = append(lines, spreadLine(c.metric, year3, c.bound, col))
			}
			return lines, nil
		},
	},
}

// variant names an arm: a library scenario with edits applied.
type variant struct {
	name, scenario string
	edits          []edit
}

// sedgefield is the embedded Sedgefield scenario as it is.
var sedgefield = variant{"sedgefield", "sedgefield", nil}

// contrast runs two arms and asserts, for each metric at week, the paired
// difference other − base against expected; claim is a format with one %s
// for the metric.
func contrast(ctx context.Context, r *runner, base, other variant, week int, claim, expected string, metrics ...string) ([]Line, error) {
	a, err := r.arm(ctx, base.name, base.scenario, 0, base.edits...)
	if err != nil {
		return nil, err
	}
	b, err := r.arm(ctx, other.name, other.scenario, 0, other.edits...)
	if err != nil {
		return nil, err
	}
	var lines []Line
	for _, m := range metrics {
		l, err := paired(a, b, m, week, fmt.Sprintf(claim, m), expected)
		if err != nil {
			return nil, err
		}
		lines = append(lines, l)
	}
	return lines, nil
}

// reorganised runs Sedgefield with and without a reorganisation of its PCT
// at the start of year 4.
func reorganised(ctx context.Context, r *runner) (base, shocked *results.Set, err error) {
	base, err = r.arm(ctx, "sedgefield", "sedgefield", 0)
	if err != nil {
		return nil, nil, err
	}
	shocked, err = r.arm(ctx, "sedgefield reorganised in year 4", "sedgefield", 0,
		withShock(scenarios.Shock{Kind: "reorganisation", Date: shockDate, Organisation: "Sedgefield PCT"}))
	return base, shocked, err
}

// spreadLine checks that the middle 95% of replicates spans more than bound.
func spreadLine(metric string, week int, bound float64, col []float64) Line {
	x := make([]float64, 0, len(col))
	for _, v := range col {
		if !math.IsNaN(v) {
			x = append(x, v)
		}
	}
	sort.Float64s(x)
	l := Line{Claim: "replicates differ: width of the middle 95% of " + metric, Metric: metric, Week: week, Expected: fmt.Sprintf("> %g", bound), N: len(x)}
	if len(x) < 2 {
		return l
	}
	lo := stat.Quantile(0.025, stat.Empirical, x, nil)
	hi := stat.Quantile(0.975, stat.Empirical, x, nil)
	// A width has no interval here: Lo and Hi repeat it, and the claim
	// names the percentiles it spans.
	l.Claim += fmt.Sprintf(" (%.3g to %.3g)", lo, hi)
	l.Effect, l.Lo, l.Hi = hi-lo, hi-lo, hi-lo
	l.Pass = hi-lo > bound
	return l
}

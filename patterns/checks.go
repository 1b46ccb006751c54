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

// The factors the checks vary, as data. Each is applied to every team
// ("[*]") unless it names an entry.
var (
	// integratedArrangement is pattern 1's package: co-location, a single
	// manager, shared records and active leadership (the leader's explicit
	// strategy for valuing every member's contribution; Anning et al., 001),
	// with the partnership's form naming the arrangement its teams have.
	// Leadership quality, meetings, demand and staff are not part of it.
	integratedArrangement = Factor{
		Name: "the integrated arrangement",
		Note: "pattern 1 names a package: co-location + single manager + shared records + active leadership (a leadership strategy); the partnership's form names the arrangement",
		Set: []Setting{
			{"team[*].colocated", "true"}, {"team[*].management", `"single"`}, {"team[*].shared_records", "true"},
			{"team[*].leadership_strategy", "true"}, {"partnership.form", `"integrated-teams"`},
		},
	}
	// silo is the integrated arrangement's absence: services based apart,
	// line-managed by their own employers, separate records, no leadership
	// strategy, no partnership form. Everything else keeps the scenario's
	// values: it is the `usual-care` scenario.
	silo = Factor{
		Name: "no integrated arrangement",
		Set: []Setting{
			{"team[*].colocated", "false"}, {"team[*].management", `"split"`}, {"team[*].shared_records", "false"},
			{"team[*].leadership_strategy", "false"}, {"partnership.form", `"none"`},
		},
	}
	// colocation is co-location alone, the form naming it.
	colocation = Factor{
		Name: "co-location",
		Note: "the members share a base; the partnership's form names the arrangement",
		Set:  []Setting{{"team[*].colocated", "true"}, {"partnership.form", `"co-location"`}},
	}
	// weakManagement withdraws active team management: the leader's
	// quality falls from Sedgefield's 0.8 to 0.1.
	weakManagement = Factor{
		Name: "weak team management",
		Set:  []Setting{{"team[*].leadership", "0.1"}},
	}
	// statusGaps widens the status differentials between the professions.
	statusGaps = Factor{
		Name: "wide status gaps",
		Set: []Setting{
			{`profession["social worker"].status`, "0.55"}, {`profession["district nurse"].status`, "0.95"},
			{`profession["housing support officer"].status`, "0.25"}, {`profession["support worker"].status`, "0.05"},
		},
	}
	// reorganisation reorganises Sedgefield's PCT at the start of year 4.
	reorganisation = Factor{
		Name:   "a reorganisation of the PCT in year 4",
		Shocks: []scenarios.Shock{{Kind: "reorganisation", Date: shockDate, Organisation: "Sedgefield PCT"}},
	}
	// separateTargets judges the partners apart from the start of year 4,
	// with no added target pressure (Size 0): only the targets change.
	separateTargets = Factor{
		Name:   "separate targets from year 4",
		Shocks: []scenarios.Shock{{Kind: "separate-targets", Date: shockDate}},
	}
	// noJointPosts removes integration at the top: no joint posts, and
	// the partnership's form, which names them, "none".
	noJointPosts = Factor{
		Name: "no joint posts",
		Note: "the joint posts are the arrangement; the partnership's form names it",
		Set:  []Setting{{"partnership.joint_post", "[]"}, {"partnership.form", `"none"`}},
	}
	// designTeam adds a cross-agency design team of middle managers, one
	// of the processes that surface and manage the partners' different
	// readings of each other (003; the partnership board stays as it is).
	// jointWorkforce joins up the partners' workforce strategies (002).
	jointWorkforce = Factor{
		Name: "a joint workforce strategy",
		Set:  []Setting{{"partnership.workforce_strategy", "true"}},
	}
	// sameStart makes sites start alike: every team's leader has the
	// scenario's configured quality, with no site variation.
	sameStart = Factor{
		Name: "sites that start alike",
		Note: "no site variation in the quality of the teams' leaders",
		Set:  []Setting{{"parameters.site_variation", "0"}},
	}
	designTeam = Factor{
		Name: "a design team",
		Set:  []Setting{{"partnership.change.design", "true"}},
	}
)

// The contrasts, each the base scenario with only its factor changed.
var (
	// integration: Sedgefield as silos, and as it is.
	integration = &Contrast{Name: "the integrated arrangement", Scenario: "sedgefield", Held: []Factor{silo}, Factor: integratedArrangement, Weeks: year3}
	// colocationAlone: Sedgefield as silos, and with its members co-located.
	colocationAlone = &Contrast{Name: "co-location alone", Scenario: "sedgefield", Held: []Factor{silo}, Factor: colocation, Weeks: year3}
	management      = &Contrast{Name: "active team management", Scenario: "sedgefield", Factor: weakManagement}
	status          = &Contrast{Name: "status differentials", Scenario: "sedgefield", Factor: statusGaps, Weeks: year3}
	reorganised     = &Contrast{Name: "reorganisation", Scenario: "sedgefield", Factor: reorganisation}
	targets         = &Contrast{Name: "separate targets", Scenario: "sedgefield", Factor: separateTargets}
	top             = &Contrast{Name: "integration at the top", Scenario: "barking-dagenham", Factor: noJointPosts, Weeks: year3}
	surfacing       = &Contrast{Name: "surfacing conflict", Scenario: "barking-dagenham", Factor: designTeam}
	// alike: Sedgefield with sites that start alike; only its arm
	// without a factor is run (pattern 9 compares replicates, not arms).
	alike = &Contrast{Name: "sites that start alike", Scenario: "sedgefield", Held: []Factor{sameStart}, Factor: Factor{Name: "nothing"}}
	// workforceJoint runs three times the replicates: a strategy takes
	// hold only as far as the partners trust each other, and in this
	// scenario's area they trust each other little, so its effect on
	// turnover is small against the noise (see patterns_test.go).
	workforceJoint = &Contrast{Name: "joined-up workforce strategies", Scenario: "workforce-strategy", Factor: jointWorkforce, Scale: 3}
)

// Checks lists the pattern checks: DOMAIN.md's nine patterns in its order,
// then patterns of the mechanisms those nine do not rest on.
var Checks = []*Check{
	{
		ID: 1, Name: "integrated teams",
		Pattern: "Co-location + single manager + shared records + active leadership: team identification rises and overtakes professional and employer affinity within one to three years; parity of esteem and role understanding rise; time from referral to intervention falls; user experience improves.",
		// Joint targets are one of the arrangement's common goals only where
		// targets steer behaviour (mechanism 5): without it team
		// identification has not overtaken professional affinity by year 3.
		Mechanisms: []string{"self_categorisation", "contact", "pessimistic_tradition", "service_flow", "performance_regime"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			base, integ, _, err := r.pair(ctx, integration)
			if err != nil {
				return nil, err
			}
			lines, err := effects(base, integ, year3, "integrated minus silo: %s", []effect{
				{"team_identification", "team identification higher", "> 0"},
				// A rise that matters: without the pessimistic tradition
				// status gaps do not move, and only who is in post (the
				// arms' vacancies differ) moves the mean gap, by a few
				// ten-thousandths either way.
				{"parity_of_esteem", "parity of esteem higher by more than 0.005", "> 0.005"},
				{"role_understanding", "role understanding higher", "> 0"},
				{"user_experience", "user experience better", "> 0"},
			})
			if err != nil {
				return nil, err
			}
			// "Falls" means a fall that matters: at least a tenth of the
			// silos' time. A smaller effect passes through paths other than
			// the case flow (stress cuts capacity), which a large enough
			// run would show as significant.
			ws, err := column(base, "weeks_to_intervention", year3)
			if err != nil {
				return nil, err
			}
			wi, _ := column(integ, "weeks_to_intervention", year3)
			d := make([]float64, len(ws))
			for i := range ws {
				d[i] = (wi[i] - ws[i]) + 0.1*ws[i]
			}
			lines = append(lines, line("integrated minus silo: time to intervention shorter by more than a tenth (difference + 0.1 × silo time)", "weeks_to_intervention", year3, "< 0", d))
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
			active, weak, _, err := r.pair(ctx, management)
			if err != nil {
				return nil, err
			}
			a, err := effects(active, weak, year3, "weak minus active management: %s", []effect{
				{"team_identification", "team identification lower", "< 0"},
				{"cohesion", "cohesion lower", "< 0"},
			})
			if err != nil {
				return nil, err
			}
			b, err := effects(active, weak, end, "weak minus active management, year 5: %s", []effect{
				{"team_identification", "team identification still lower", "< 0"},
			})
			if err != nil {
				return nil, err
			}
			// "Those gains do not appear": measured against the silos of
			// pattern 1's contrast (same leadership), the arrangement under
			// weak management keeps less than half its gain.
			silos, _, _, err := r.pair(ctx, integration)
			if err != nil {
				return nil, err
			}
			cs, err := column(silos, "team_identification", year3)
			if err != nil {
				return nil, err
			}
			ca, _ := column(active, "team_identification", year3)
			cw, _ := column(weak, "team_identification", year3)
			d := make([]float64, len(cs))
			for i := range cs {
				d[i] = (cw[i] - cs[i]) - 0.5*(ca[i]-cs[i])
			}
			l := line("under weak management the integrated arrangement keeps less than half its gain over silos in team identification (gain - 0.5 × gain under active management)", "team_identification", year3, "< 0", d)
			return append(append(a, b...), l), nil
		},
	},
	{
		ID: 3, Name: "co-location alone",
		Pattern: "Co-location alone, without a leadership strategy, gives little.",
		// Co-location brings contact, and contact works without Allport's
		// conditions (Pettigrew & Tropp 2006), so the gain is not nil. It
		// stays small because a common ingroup identity needs common goals
		// as its cue (the common ingroup identity model) and, where no
		// leadership strategy values each contribution, the team's pull
		// threatens the professions' identities across their status gaps
		// (Hornsey & Hogg 2000): daily contact under threat goes badly
		// (threat_friction) as often as the threat is strong (000: tensions
		// "that even co-location in itself will not overcome").
		Mechanisms: []string{"self_categorisation", "pessimistic_tradition"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			s, c, _, err := r.pair(ctx, colocationAlone)
			if err != nil {
				return nil, err
			}
			_, full, _, err := r.pair(ctx, integration)
			if err != nil {
				return nil, err
			}
			var lines []Line
			for _, m := range []string{"cohesion", "team_identification"} {
				cs, err := column(s, m, year3)
				if err != nil {
					return nil, err
				}
				cc, _ := column(c, m, year3)
				cf, _ := column(full, m, year3)
				d := make([]float64, len(cs))
				for i := range cs {
					// co-location's gain minus a quarter of the full package's gain
					d[i] = (cc[i] - cs[i]) - 0.25*(cf[i]-cs[i])
				}
				lines = append(lines, line("co-location alone gains less than a quarter of the integrated arrangement's gain in "+m+" (gain - 0.25 × full gain)", m, year3, "< 0", d))
			}
			return lines, nil
		},
	},
	{
		ID: 4, Name: "integration at the top",
		Pattern:    "Integration only at the top (joint chief executive) moves front-line cohesion little, consumes management capacity, and under separate national targets lowers the NHS partner's measured performance; a bad rating makes the joint arrangement likely to be dissolved.",
		Mechanisms: []string{"management_capacity", "performance_regime"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			posts, none, _, err := r.pair(ctx, top)
			if err != nil {
				return nil, err
			}
			lines, err := effects(posts, none, year3, "no joint posts minus joint posts: %s", []effect{
				{"cohesion", "front-line cohesion moves little (above -0.05)", "> -0.05"},
				{"cohesion", "front-line cohesion moves little (below 0.05)", "< 0.05"},
			})
			if err != nil {
				return nil, err
			}
			more, err := effects(posts, none, year1, "no joint posts minus joint posts: %s", []effect{
				{"management_deficit", "management deficit lower", "< 0"},
				{"nhs_performance", "NHS measured performance higher", "> 0"},
			})
			if err != nil {
				return nil, err
			}
			lines = append(lines, more...)
			st, err := column(posts, "standing[joint chief executive]", year3)
			if err != nil {
				return nil, err
			}
			gone := make([]float64, len(st))
			for i, v := range st {
				gone[i] = 1 - v
			}
			return append(lines, line("with joint posts: share of replicates whose joint chief executive post is dissolved by year 3 (most)", "standing[joint chief executive]", year3, "> 0.5", gone)), nil
		},
	},
	{
		ID: 5, Name: "reorganisation shock",
		Pattern: "A reorganisation shock drops trust and cohesion at once; recovery takes years, not weeks.",
		// The reorganisation writes no outcome: it breaks working
		// relationships (negative experience to the trust submodel),
		// removes managers and diverts attention. "At once" is the
		// asymmetry of trust: with it off, trust still dents, slowly.
		Mechanisms: []string{"trust_asymmetry"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			base, shocked, _, err := r.pair(ctx, reorganised)
			if err != nil {
				return nil, err
			}
			a, err := effects(base, shocked, shockWeek+4, "reorganised minus not, four weeks after: %s", []effect{
				{"trust", "trust lower", "< 0"}, {"cohesion", "cohesion lower", "< 0"},
			})
			if err != nil {
				return nil, err
			}
			// At once: more trust goes in the four weeks after the shock
			// than the team built in the year before it.
			before, err := column(base, "trust", year3-52)
			if err != nil {
				return nil, err
			}
			at, _ := column(base, "trust", year3)
			t0, _ := column(shocked, "trust", year3)
			t4, _ := column(shocked, "trust", shockWeek+4)
			d := make([]float64, len(at))
			for i := range d {
				d[i] = (t4[i] - t0[i]) + (at[i] - before[i])
			}
			a = append(a, line("at once: trust lost in the four weeks after exceeds trust built in the year before (fall + the year's gain)", "trust", shockWeek+4, "< 0", d))
			b, err := effects(base, shocked, end, "reorganised minus not, two years after: %s", []effect{
				{"trust", "trust still lower", "< 0"}, {"cohesion", "cohesion still lower", "< 0"},
			})
			return append(a, b...), err
		},
	},
	{
		ID: 6, Name: "trust asymmetry",
		Pattern:    "Trust builds over years and can fall in weeks.",
		Mechanisms: []string{"trust_asymmetry"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			base, shocked, _, err := r.pair(ctx, reorganised)
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
			base, wide, _, err := r.pair(ctx, status)
			if err != nil {
				return nil, err
			}
			return effects(base, wide, year3, "wide status gaps minus as is: %s", []effect{
				{"acceptance", "acceptance lower", "< 0"}, {"cohesion", "cohesion lower", "< 0"},
			})
		},
	},
	{
		ID: 8, Name: "separate targets",
		Pattern:    "Separate national targets introduced into a working integrated team erode its gains over the following years.",
		Mechanisms: []string{"performance_regime", "self_categorisation"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			joint, sep, _, err := r.pair(ctx, targets)
			if err != nil {
				return nil, err
			}
			return effects(joint, sep, end, "separate targets from year 4 minus joint, two years on: %s", []effect{
				{"team_identification", "team identification lower", "< 0"}, {"cohesion", "cohesion lower", "< 0"},
			})
		},
	},
	{
		ID: 9, Name: "distributions",
		Pattern: "The same policy gives different trajectories at different sites and seeds: outcomes are distributions, not single lines.",
		// Sites that start alike (no site variation in their leaders'
		// quality) end apart through what happens to them: staff leave and
		// are replaced (mechanism 9), so relationships built by contact
		// (mechanism 1) are lost and rebuilt at different times in
		// different replicates; the spread grows over the years.
		Mechanisms: []string{"workforce", "contact"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			s, err := r.held(ctx, alike)
			if err != nil {
				return nil, err
			}
			c1, err := column(s, "cohesion", year1)
			if err != nil {
				return nil, err
			}
			c5, _ := column(s, "cohesion", end)
			// Trajectories fan out: each replicate's distance from the
			// median grows from year 1 to year 5 (a paired comparison of
			// absolute deviations, as in the Brown-Forsythe test).
			m1, m5 := median(c1), median(c5)
			d := make([]float64, len(c1))
			for i := range d {
				d[i] = math.Abs(c5[i]-m5) - math.Abs(c1[i]-m1)
			}
			return []Line{
				spreadLine("cohesion", end, 0.03, c5),
				line("trajectories fan out: distance from the median cohesion grows from year 1 to year 5", "cohesion", end, "> 0", d),
			}, nil
		},
	},
	{
		ID: 10, Name: "surfacing conflict",
		Pattern:    "Partners under mismatched regimes (national targets and local accountability) read each other through their own regime: without processes that surface and manage it (a partnership board, a design team), conflict grows and executive joint posts end more often (003).",
		Mechanisms: []string{"governance"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			without, with, _, err := r.pair(ctx, surfacing)
			if err != nil {
				return nil, err
			}
			a, err := effects(without, with, year3, "design team minus none: %s", []effect{{"conflict", "conflict lower", "< 0"}})
			if err != nil {
				return nil, err
			}
			b, err := effects(without, with, end, "design team minus none, year 5: %s", []effect{{"joint_posts_standing", "more joint posts standing", "> 0"}})
			return append(a, b...), err
		},
	},
	{
		ID: 11, Name: "reorganisation and turnover",
		Pattern:    "A reorganisation drives staff out: its stress raises turnover, and more posts stand vacant in the year after (DOMAIN.md, mechanism 9 and reform shocks: managers and staff leave).",
		Mechanisms: []string{"workforce"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			base, shocked, _, err := r.pair(ctx, reorganised)
			if err != nil {
				return nil, err
			}
			l, err := window(base, shocked, "vacancy_rate", shockWeek, shockWeek+52, "reorganised minus not, mean over the year after: more posts vacant", "> 0")
			return []Line{l}, err
		},
	},
	{
		ID: 12, Name: "competing for staff",
		Pattern:    "Partners that recruit the same professions from one local labour pool compete for each other's staff; by joining up their workforce strategies they can avoid such competition (002), so fewer of their staff leave, as far as the strategy takes hold (trust before strategy).",
		Mechanisms: []string{"labour_market", "workforce"},
		run: func(ctx context.Context, r *runner) ([]Line, error) {
			competing, joint, _, err := r.pair(ctx, workforceJoint)
			if err != nil {
				return nil, err
			}
			l, err := window(competing, joint, "turnover", 1, end, "joint strategy minus competing, mean over years 1-5: turnover lower", "< 0")
			return []Line{l}, err
		},
	},
}

// window returns the line for with − without of a metric's mean over weeks
// from to to (inclusive), per replicate; Week reports the last week.
func window(without, with *results.Set, metric string, from, to int, claim, expected string) (Line, error) {
	var d []float64
	for w := from; w <= to; w++ {
		a, err := column(without, metric, w)
		if err != nil {
			return Line{}, err
		}
		b, err := column(with, metric, w)
		if err != nil {
			return Line{}, err
		}
		if d == nil {
			d = make([]float64, len(a))
		}
		for i := range a {
			d[i] += (b[i] - a[i]) / float64(to-from+1)
		}
	}
	return line(claim, metric, to, expected, d), nil
}

// effect is one metric's expected effect in a contrast.
type effect struct{ metric, claim, expected string }

// effects returns the lines for with − without of each effect's metric at
// week; claim is a format with one %s for the effect's claim.
func effects(without, with *results.Set, week int, claim string, es []effect) ([]Line, error) {
	var lines []Line
	for _, e := range es {
		l, err := paired(without, with, e.metric, week, fmt.Sprintf(claim, e.claim), e.expected)
		if err != nil {
			return nil, err
		}
		lines = append(lines, l)
	}
	return lines, nil
}

// median returns the median of x (NaNs last).
func median(x []float64) float64 {
	y := append([]float64(nil), x...)
	sort.Float64s(y)
	return stat.Quantile(0.5, stat.Empirical, y, nil)
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

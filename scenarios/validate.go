package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/joinedup/joinedup/model"
)

// FieldError is one problem with one field of a scenario. Path names the
// field in the file's own words, with zero-based indexes into lists:
// "team[2].member[0].profession", "run.start", "shock[0].date".
type FieldError struct {
	File string // the scenario file, or "" for a scenario built in code
	Line int    // the line of the field (or its table) in File, or 0 if unknown
	Path string
	Msg  string
}

// Error formats the error as "file:line: path: msg", leaving out the line
// when unknown and the file when empty.
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// KnownParameters, when set (by the model package's wiring), lists the
// behavioural parameters a scenario's [parameters] table may override.
// When nil, parameter names are not checked.
var KnownParameters = model.ParamNames

// The allowed words of each enumeration, in the order the schema gives them.
var (
	careModels = []string{"medical", "social", "mixed"}
	needKinds  = []string{"health", "social", "housing", "support"}
	orgKinds   = []string{"nhs", "council", "voluntary"}
	regimes    = []string{"national-targets", "local-accountability"}
	forms      = []string{"none", "network", "placement", "co-location", "integrated-teams", "joint-posts", "pooled-budget", "care-trust"}
	targets    = []string{"joint", "separate"}
	budgets    = []string{"separate", "aligned", "pooled"}
	levels     = []string{"executive", "operational"}
	managers   = []string{"single", "split"}
	contracts  = []string{"full-time", "part-time", "peripheral"}
	shockKinds = []string{"reorganisation", "abolition", "separate-targets", "joint-targets", "joint-post-split", "leadership-change", "common-core-training", "budget-cut", "choice-competition", "performance-funding", "discharge-fines", "departure", "leadership-effort"}
)

// Limits on run settings and sizes. They keep every value a file may hold
// within what the model can represent and a workstation can hold; the
// estimate before a run (experiment.Estimate) judges what fits this machine.
const (
	maxWeeks      = 5200
	maxReplicates = 100000

	// MaxWeeks and MaxReplicates are the largest run.weeks and
	// run.replicates, which the command line's -weeks and -n obey too.
	MaxWeeks      = maxWeeks
	MaxReplicates = maxReplicates

	maxWeeklyCost = 100000 // pounds a full-time week
	maxCaseload   = 1000   // case contributions a full-time week
	maxCapacity   = 100    // management capacity, 1 the basic business
	maxReferrals  = 10000  // referrals a week to one team
	maxMeetings   = 100    // team meetings a month
	maxCount      = 10000  // members of one kind in one team
)

// Validate checks the scenario's values and the names linking its parts,
// returning nil or the errors.Join of every problem found, each a
// *FieldError (get them with errors.As, or by unwrapping the join).
func (s *Scenario) Validate() error {
	return errors.Join(s.check()...)
}

// checker collects field errors. When rules is not nil, each check also
// records the rule it applies to its field (see fieldRules), so the JSON
// schema and the scenario reference show the very ranges and words that
// Validate enforces.
type checker struct {
	file  string
	errs  []error
	rules map[string]*fieldRule
}

func (c *checker) add(path, format string, args ...any) {
	if strings.HasPrefix(format, "required") {
		c.rule(path).setRequired()
	}
	c.errs = append(c.errs, &FieldError{File: c.file, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// unit checks that v is within [0, 1].
func (c *checker) unit(path string, v float64) {
	c.rule(path).setRange(0, 1)
	if v < 0 || v > 1 {
		c.add(path, "%v is out of range: must be between 0 and 1", v)
	}
}

// upTo checks that 0 ≤ v ≤ hi; what says what hi stands for, in the
// message when v exceeds it.
func (c *checker) upTo(path string, v, hi float64, what string) {
	c.rule(path).setRange(0, hi)
	switch {
	case v < 0:
		c.add(path, "%v is negative: must be between 0 and %v", v, hi)
	case v > hi:
		c.add(path, "%v is too large: must be at most %v (%s)", v, hi, what)
	}
}

// oneOf checks that v is one of the allowed words, or empty when optional.
func (c *checker) oneOf(path, what, v string, allowed []string, optional bool) {
	c.rule(path).setWords(allowed)
	if v == "" {
		if !optional {
			c.add(path, "required: one of %s", quoted(allowed))
		}
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.add(path, "unknown %s %q; allowed: %s%s", what, v, quoted(allowed), didYouMean(v, allowed))
}

// ref checks that v names one of the known entries; empty is an error unless optional.
func (c *checker) ref(path, what, v string, known []string, optional bool) {
	if v == "" {
		switch {
		case optional:
		case len(known) == 0:
			c.add(path, "required: the name of a %s; none are defined", what)
		default:
			c.add(path, "required: the name of a %s (known: %s)", what, quoted(known))
		}
		return
	}
	for _, k := range known {
		if v == k {
			return
		}
	}
	if len(known) == 0 {
		c.add(path, "unknown %s %q; none are defined", what, v)
		return
	}
	c.add(path, "unknown %s %q; known: %s%s", what, v, quoted(known), didYouMean(v, known))
}

// names checks that a list is not empty (unless optional) and that each
// entry has a name not used by an earlier one. It returns the distinct
// names, in order, for checking references.
func (c *checker) names(list, what string, items any, optional bool) []string {
	names := nameList(items)
	if !optional {
		c.rule(list).setMinItems(1)
	}
	if len(names) == 0 && !optional {
		c.add(list, "at least one %s is required ([[%s]])", what, list)
	}
	var unique []string
	first := map[string]int{}
	for i, n := range names {
		p := indexPath(list, i) + ".name"
		if n == "" {
			c.add(p, "required: give each %s a name, unique among them, by which the rest of the file refers to it", what)
			continue
		}
		if j, dup := first[n]; dup {
			c.add(p, "duplicate %s name %q (first used by %s[%d])", what, n, list, j)
			continue
		}
		first[n] = i
		unique = append(unique, n)
	}
	return unique
}

// within checks that the whole number v is within [lo, hi] (hi may be
// math.MaxInt), reporting the message format with v and args when not.
func (c *checker) within(path string, v, lo, hi int, format string, args ...any) {
	c.rule(path).setRange(float64(lo), float64(hi))
	if v < lo || v > hi {
		c.add(path, format, append([]any{v}, args...)...)
	}
}

// atLeast checks that the list at path, of n entries, has at least least,
// reporting msg when not.
func (c *checker) atLeast(path string, n, least int, msg string) {
	c.rule(path).setMinItems(least)
	if n < least {
		c.add(path, "%s", msg)
	}
}

// notBefore checks that date d, when given, is not before the start.
func (c *checker) notBefore(path string, d, start Date) {
	if !d.IsZero() && !start.IsZero() && d.Time.Before(start.Time) {
		c.add(path, "%s is before run.start %s", d, start)
	}
}

// check returns every problem with s, in file order where it can.
func (s *Scenario) check() []error {
	if s == nil {
		return []error{errors.New("scenarios: nil scenario")}
	}
	return s.checkWith(&checker{file: s.file})
}

// checkWith runs every check of s with c and returns c's errors.
func (s *Scenario) checkWith(c *checker) []error {

	if s.Name == "" {
		c.add("name", "required: the scenario's short name")
	}
	r := s.Run
	if r.Start.IsZero() {
		c.add("run.start", "required: the calendar date of week 0, such as 2003-04-01")
	}
	c.within("run.weeks", r.Weeks, 0, maxWeeks, "%d is out of range: must be between 0 (the default, 260) and %d", maxWeeks)
	c.within("run.replicates", r.Replicates, 0, maxReplicates, "%d is out of range: must be between 0 (the default, 200) and %d", maxReplicates)

	profs := c.names("profession", "profession", s.Professions, false)
	for i, p := range s.Professions {
		path := indexPath("profession", i)
		c.unit(path+".status", p.Status)
		c.unit(path+".discretion", p.Discretion)
		c.unit(path+".socialisation", p.Socialisation)
		c.oneOf(path+".care_model", "care model", p.CareModel, careModels, false)
		c.oneOf(path+".meets", "kind of need", p.Meets, needKinds, false)
		c.upTo(path+".weekly_cost", p.WeeklyCost, maxWeeklyCost, "pounds a full-time week")
		c.upTo(path+".caseload", p.Caseload, maxCaseload, "case contributions a full-time week")
	}

	orgs := c.names("organisation", "organisation", s.Organisations, false)
	for i, o := range s.Organisations {
		path := indexPath("organisation", i)
		c.oneOf(path+".kind", "organisation kind", o.Kind, orgKinds, false)
		c.oneOf(path+".regime", "regime", o.Regime, regimes, false)
		c.unit(path+".target_pressure", o.TargetPressure)
		c.upTo(path+".management_capacity", o.ManagementCapacity, maxCapacity, "where 1 runs the basic business")
		c.unit(path+".maturity", o.Maturity)
		c.notBefore(path+".first_rating", o.FirstRating, s.Run.Start)
		c.within(path+".rating_month", o.RatingMonth, 0, 12, "%d is out of range: must be a month 1-12 (0 means 7, July)")
		c.unit(path+".baseline", o.Baseline)
		c.unit(path+".regulator_stance", o.RegulatorStance)
		c.rule(path+".funding").setRange(0, 2)
		if o.Funding < 0 || o.Funding > 2 {
			c.add(path+".funding", "%v is out of range: must be between 0 (the default, 1) and 2", o.Funding)
		}
	}

	pt := s.Partnership
	c.oneOf("partnership.form", "form", pt.Form, forms, true)
	c.oneOf("partnership.targets", "targets", pt.Targets, targets, true)
	c.unit("partnership.pace", pt.Pace)
	c.unit("partnership.ownership", pt.Ownership)
	c.unit("partnership.commitment", pt.Commitment)
	c.oneOf("partnership.budgets", "budgets", pt.Budgets, budgets, true)
	if pt.Form == "pooled-budget" && pt.Budgets != "" && pt.Budgets != "pooled" {
		c.add("partnership.budgets", "%q contradicts form \"pooled-budget\": leave budgets out or say \"pooled\"", pt.Budgets)
	}
	posts := c.names("partnership.joint_post", "joint post", pt.JointPosts, true)
	for i, jp := range pt.JointPosts {
		path := indexPath("partnership.joint_post", i)
		c.oneOf(path+".level", "level", jp.Level, levels, true)
		c.atLeast(path+".organisations", len(jp.Organisations), 2,
			fmt.Sprintf("a joint post needs at least two organisations, found %d", len(jp.Organisations)))
		seen := map[string]bool{}
		for j, o := range jp.Organisations {
			op := indexPath(path+".organisations", j)
			if seen[o] {
				c.add(op, "organisation %q is named twice", o)
				continue
			}
			seen[o] = true
			c.ref(op, "organisation", o, orgs, false)
		}
		c.unit(path+".scope", jp.Scope)
	}

	groups := c.names("client_group", "client group", s.ClientGroups, false)
	for i, g := range s.ClientGroups {
		path := indexPath("client_group", i)
		c.unit(path+".health", g.Health)
		c.unit(path+".social", g.Social)
		c.unit(path+".housing", g.Housing)
		c.unit(path+".complexity", g.Complexity)
		c.unit(path+".from_hospital", g.FromHospital)
	}

	teams := c.names("team", "team", s.Teams, false)
	for i, t := range s.Teams {
		path := indexPath("team", i)
		c.ref(path+".client_group", "client group", t.ClientGroup, groups, false)
		c.upTo(path+".referrals", t.Referrals, maxReferrals, "referrals a week to one team")
		c.oneOf(path+".management", "management", t.Management, managers, false)
		c.upTo(path+".meetings_per_month", t.MeetingsPerMonth, maxMeetings, "meetings a month")
		c.unit(path+".leadership", t.Leadership)
		c.notBefore(path+".integrates", t.Integrates, r.Start)
		c.atLeast(path+".member", len(t.Members), 1, "a team needs at least one member ([[team.member]])")
		total := 0
		for j, m := range t.Members {
			mp := indexPath(path+".member", j)
			c.ref(mp+".profession", "profession", m.Profession, profs, false)
			c.ref(mp+".employer", "organisation", m.Employer, orgs, false)
			c.within(mp+".count", m.Count, 0, maxCount, "%d is out of range: must be between 0 (meaning 1) and %d members of one kind; split a larger team into several", maxCount)
			switch {
			case m.Count == 0:
				total++
			case m.Count > 0:
				total += m.Count
			}
			c.oneOf(mp+".contract", "contract", m.Contract, contracts, true)
		}
		if len(t.Members) > 0 && total < 1 {
			c.add(path+".member", "the team's members number %d in all: at least one is needed", total)
		}
	}

	for i, sh := range s.Shocks {
		path := indexPath("shock", i)
		c.oneOf(path+".kind", "shock kind", sh.Kind, shockKinds, false)
		switch {
		case sh.Date.IsZero() && sh.Hazard == 0:
			c.add(path+".date", "required: a date, or else a yearly hazard")
		case !sh.Date.IsZero() && sh.Hazard != 0:
			c.add(path+".hazard", "give a date or a hazard, not both")
		}
		c.notBefore(path+".date", sh.Date, r.Start)
		c.unit(path+".hazard", sh.Hazard)
		switch sh.Kind {
		case "reorganisation", "abolition", "budget-cut":
			c.ref(path+".organisation", "organisation", sh.Organisation, orgs, false)
		default:
			c.ref(path+".organisation", "organisation", sh.Organisation, orgs, true)
		}
		c.ref(path+".team", "team", sh.Team, teams, sh.Kind != "departure")
		c.ref(path+".post", "joint post", sh.Post, posts, sh.Kind != "joint-post-split")
		c.unit(path+".size", sh.Size)
	}

	if KnownParameters != nil && len(s.Parameters) > 0 {
		known := KnownParameters()
		isKnown := make(map[string]bool, len(known))
		for _, k := range known {
			isKnown[k] = true
		}
		keys := make([]string, 0, len(s.Parameters))
		for k := range s.Parameters {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if isKnown[k] {
				c.param(k, s.Parameters[k])
				continue
			}
			if hint := didYouMean(k, known); hint != "" {
				c.add(joinPath("parameters", k), "unknown parameter %q%s", k, hint)
			} else {
				c.add(joinPath("parameters", k), "unknown parameter %q; the %d known parameters, with their units and ranges, are in the parameter table of docs/ODD.md", k, len(known))
			}
		}
	}
	return c.errs
}

// param checks that the known parameter name takes the value v, with the
// range the model gives it.
func (c *checker) param(name string, v float64) {
	for _, ps := range model.ParamSpecs {
		if ps.Name == name && !(v >= ps.Min && v <= ps.Max) {
			c.add(joinPath("parameters", name), "%v is out of range: must be between %v and %v %s (default %v; see the parameter table of docs/ODD.md)",
				v, ps.Min, ps.Max, ps.Unit, ps.Default)
		}
	}
}

// nameList returns the Name field of each entry of a slice of schema structs.
func nameList(items any) []string {
	v := reflect.ValueOf(items)
	names := make([]string, v.Len())
	for i := range names {
		names[i] = v.Index(i).FieldByName("Name").String()
	}
	return names
}

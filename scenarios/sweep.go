package scenarios

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// A Sweep is a sweep file: a base scenario, the factors to vary, the design
// that picks their values, and the outcomes to analyse. It is plain data,
// decoded strictly by ParseSweep (see docs/SWEEPS.md for the format); the
// experiment package turns it into design points.
type Sweep struct {
	// Name labels the sweep in tables and plots; empty means the file's
	// base name without ".toml".
	Name string `toml:"name"`
	// Base is the scenario every design point starts from: the name of an
	// embedded scenario ("sedgefield") or a path ending in ".toml",
	// relative to the sweep file's folder.
	Base string `toml:"base"`
	// Weeks is how long each run lasts; 0 means the base scenario's weeks.
	Weeks int `toml:"weeks"`
	// Replicates is the number of replicates per design point; 0 means
	// the base scenario's.
	Replicates int `toml:"replicates"`
	// Seed is the master seed; 0 means the base scenario's. Replicate r of
	// design point p draws from (Seed, p, r) alone.
	Seed uint64 `toml:"seed"`
	// Independent gives each design point its own random numbers. By
	// default every point runs on common random numbers: replicate r of
	// each point draws the same random numbers, so differences between
	// points are the factors' doing, not seed noise.
	Independent bool `toml:"independent_streams"`
	// Design picks the points.
	Design SweepDesign `toml:"design"`
	// Factors are the inputs varied, in order: one [[factor]] table each.
	Factors []SweepFactor `toml:"factor"`
	// Outcomes are what the analysis reads from each run: one [[outcome]]
	// table each.
	Outcomes []SweepOutcome `toml:"outcome"`

	file  string
	data  []byte
	lines lineIndex
}

// SweepDesign chooses the design points.
type SweepDesign struct {
	// Kind is "grid" (every combination of levels), "latin-hypercube",
	// "sobol" (Saltelli's scheme for Sobol indices) or "morris"
	// (elementary-effects trajectories).
	Kind string `toml:"kind"`
	// Size is the number of points of a Latin hypercube, the base sample
	// of a Sobol design (which runs Size × (factors + 2) points), or the
	// number of Morris trajectories (Size × (factors + 1) points). A grid
	// takes no size.
	Size int `toml:"size"`
	// Levels is the number of levels a grid gives each factor written as a
	// range (a factor written with levels = [...] uses those), or the
	// number of levels of a Morris grid (even; 0 means 4).
	Levels int `toml:"levels"`
	// Seed draws the design (Latin hypercube, Sobol, Morris); 0 means the
	// sweep's seed. The simulations do not share its random numbers.
	Seed uint64 `toml:"seed"`
}

// SweepFactor is one input the sweep varies.
type SweepFactor struct {
	// Name heads the factor's column in tables; empty means Path or Param.
	Name string `toml:"name"`
	// Path is a scenario field, as --set takes it: "partnership.pace",
	// "team[0].leadership", `team["pathway team"].colocated`.
	Path string `toml:"path"`
	// Param is a model parameter of the [parameters] table, such as
	// "trust_gain". Exactly one of Path and Param is given.
	Param string `toml:"param"`
	// Role is "lever" (a choice the programme makes) or "uncertainty" (a
	// condition it does not control).
	Role string `toml:"role"`
	// Min and Max bound a continuous factor. A range is given as both, or
	// Levels instead.
	Min *float64 `toml:"min"`
	Max *float64 `toml:"max"`
	// Levels lists the values a discrete factor takes: numbers, words in
	// quotes, true/false or dates. Designs pick among them in equal shares.
	Levels []any `toml:"levels"`
	// Distribution shapes a continuous factor: "uniform" (the default),
	// "log-uniform" (Min > 0), "triangular" (with Mode) or "normal" (with
	// Mean and SD, truncated to [Min, Max]).
	Distribution string   `toml:"distribution"`
	Mode         *float64 `toml:"mode"`
	Mean         *float64 `toml:"mean"`
	SD           *float64 `toml:"sd"`
	// Integer rounds a continuous factor's values to whole numbers (a
	// count of posts, a week).
	Integer bool `toml:"integer"`
}

// Label returns the factor's column name: Name, else Path, else Param.
func (f *SweepFactor) Label() string {
	switch {
	case f.Name != "":
		return f.Name
	case f.Path != "":
		return f.Path
	}
	return f.Param
}

// Discrete reports whether the factor takes listed levels.
func (f *SweepFactor) Discrete() bool { return len(f.Levels) > 0 }

// LevelText returns level i of a discrete factor as TOML text, as an
// override takes it: 0.5, true, "separate", 2005-04-01.
func (f *SweepFactor) LevelText(i int) string { return tomlText(f.Levels[i]) }

// SweepOutcome is one quantity the analysis reads from every run.
type SweepOutcome struct {
	// Name labels the outcome; empty means "METRIC@WEEK" or
	// "METRIC@FROM-TO".
	Name string `toml:"name"`
	// Metric is a metric the model records, such as "joint_posts_standing"
	// or "performance[Sedgefield PCT]".
	Metric string `toml:"metric"`
	// Week reads the metric at that week. Window [FROM, TO] instead
	// averages it over the weeks FROM..TO (recorded weeks only). One of
	// the two is given.
	Week   int   `toml:"week"`
	Window []int `toml:"window"`
	// Statistic summarises a design point's replicates: "mean" (the
	// default), "median", "sd", "p10" or "p90". Per-replicate values are
	// kept too.
	Statistic string `toml:"statistic"`
}

// Label returns the outcome's name: Name, else METRIC@WEEK or
// METRIC@FROM-TO.
func (o *SweepOutcome) Label() string {
	switch {
	case o.Name != "":
		return o.Name
	case len(o.Window) == 2:
		return fmt.Sprintf("%s@%d-%d", o.Metric, o.Window[0], o.Window[1])
	}
	return fmt.Sprintf("%s@%d", o.Metric, o.Week)
}

// Weeks returns the first and last week the outcome reads.
func (o *SweepOutcome) Weeks() (from, to int) {
	if len(o.Window) == 2 {
		return o.Window[0], o.Window[1]
	}
	return o.Week, o.Week
}

// The allowed words of the sweep file's enumerations.
var (
	SweepDesigns       = []string{"grid", "latin-hypercube", "sobol", "morris"}
	SweepRoles         = []string{"lever", "uncertainty"}
	SweepDistributions = []string{"uniform", "log-uniform", "triangular", "normal"}
	SweepStatistics    = []string{"mean", "median", "sd", "p10", "p90"}
)

// Limits of a sweep file.
const (
	maxSweepFactors = 256 // every model parameter, for a Morris screening
	// maxSobolFactors is the most factors a Sobol design takes: Saltelli's
	// scheme draws 2 × factors dimensions of a Sobol sequence, which has
	// sensitivity.MaxSobolDim (128).
	maxSobolFactors = 64
	maxSweepSize    = 1 << 20
)

var sweepType = reflect.TypeFor[Sweep]()

// File returns the sweep file's name as given to ParseSweep.
func (s *Sweep) File() string { return s.file }

// TOML returns the sweep file's bytes.
func (s *Sweep) TOML() []byte { return s.data }

// Hash returns the hex SHA-256 of the sweep file's bytes.
func (s *Sweep) Hash() string { return Hash(s.data) }

// Problem returns a *FieldError for the field at path ("factor[1].path"),
// placed at its line in the sweep file, for checks made after decoding.
func (s *Sweep) Problem(path, msg string) *FieldError {
	return &FieldError{File: s.file, Line: s.lines.line(path), Path: path, Msg: msg}
}

// BaseSource returns what Resolve takes for the base scenario: a path
// (made relative to the sweep file's folder) for a base ending in ".toml",
// else the embedded name.
func (s *Sweep) BaseSource() string {
	if !strings.HasSuffix(s.Base, ".toml") || filepath.IsAbs(s.Base) || s.file == "" {
		return s.Base
	}
	return filepath.Join(filepath.Dir(s.file), filepath.FromSlash(s.Base))
}

// LoadSweep reads and decodes the sweep file at path, as ParseSweep does.
func LoadSweep(path string) (*Sweep, error) {
	data, err := readKind(path, "sweep")
	if err != nil {
		return nil, err
	}
	return ParseSweep(path, data)
}

// ParseSweep decodes a sweep file strictly and checks it. Like Parse, it
// returns one *SyntaxError or the errors.Join of every problem found, each
// a *FieldError with the file, line and field path ("factor[1].max") and,
// for an unknown key, a did-you-mean. It does not resolve the base
// scenario or check factor paths against it; the experiment package does
// that, placing its errors with Problem.
func ParseSweep(file string, data []byte) (*Sweep, error) {
	if err := guard(file, data); err != nil {
		return nil, err
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, syntaxError(file, data, pe, true)
		}
		return nil, fmt.Errorf("scenarios: %s: %w", file, err)
	}
	lines := indexLines(data)
	place := func(fes []*FieldError) error {
		errs := make([]error, len(fes))
		for i, fe := range fes {
			fe.File, fe.Line = file, lines.line(fe.Path)
			errs[i] = fe
		}
		sort.SliceStable(errs, func(i, j int) bool {
			return errs[i].(*FieldError).Line < errs[j].(*FieldError).Line
		})
		return errors.Join(errs...)
	}

	// Levels hold values of any type; check them here and keep them out
	// of the schema walk.
	var fes []*FieldError
	if fs, ok := raw["factor"].([]map[string]any); ok {
		for i, f := range fs {
			if lv, ok := f["levels"]; ok {
				fes = checkLevels(indexPath("factor", i)+".levels", lv, fes)
				delete(f, "levels")
			}
		}
	}
	fes = checkTable("", raw, sweepType, fes)
	if len(fes) > 0 {
		return nil, place(fes)
	}
	s := new(Sweep)
	if _, err := toml.Decode(string(data), s); err != nil {
		return nil, fmt.Errorf("scenarios: %s: %w", file, err)
	}
	s.file, s.data, s.lines = file, data, lines
	if fes := s.check(); len(fes) > 0 {
		return nil, place(fes)
	}
	return s, nil
}

// checkLevels checks a factor's list of levels: an array of plain values
// of one type.
func checkLevels(path string, v any, fes []*FieldError) []*FieldError {
	items, ok := v.([]any)
	if !ok {
		return append(fes, &FieldError{Path: path, Msg: "expected an array of values, found " + describeValue(v)})
	}
	kind := ""
	for i, it := range items {
		var k string
		switch it := it.(type) {
		case int64, float64:
			k = "number"
			if f, ok := it.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				fes = append(fes, &FieldError{Path: indexPath(path, i), Msg: "expected a finite number"})
			}
		case string:
			k = "string"
		case bool:
			k = "boolean"
		case time.Time:
			k = "date"
		default:
			fes = append(fes, &FieldError{Path: indexPath(path, i), Msg: "expected a number, a string in quotes, true/false or a date, found " + describeValue(it)})
			continue
		}
		if kind == "" {
			kind = k
		} else if k != kind {
			fes = append(fes, &FieldError{Path: indexPath(path, i), Msg: fmt.Sprintf("levels mix types: a %s after a %s; give every level the same type", k, kind)})
		}
	}
	return fes
}

// check makes the semantic checks of a decoded sweep.
func (s *Sweep) check() []*FieldError {
	var fes []*FieldError
	add := func(path, format string, a ...any) {
		fes = append(fes, &FieldError{Path: path, Msg: fmt.Sprintf(format, a...)})
	}
	oneOf := func(path, what, v string, allowed []string) {
		for _, a := range allowed {
			if v == a {
				return
			}
		}
		add(path, "unknown %s %q; known: %s%s", what, v, quoted(allowed), didYouMean(v, allowed))
	}
	if s.Base == "" {
		add("base", `missing: name the scenario to sweep, such as base = "sedgefield" or base = "my-scenario.toml"`)
	}
	if s.Weeks < 0 || s.Weeks > maxWeeks {
		add("weeks", "%d weeks; must be between 1 and %d (or left out for the base scenario's)", s.Weeks, maxWeeks)
	}
	if s.Replicates < 0 || s.Replicates > maxReplicates {
		add("replicates", "%d replicates; must be between 1 and %d (or left out for the base scenario's)", s.Replicates, maxReplicates)
	}

	d := s.Design
	switch d.Kind {
	case "":
		add("design.kind", "missing: choose one of %s", quoted(SweepDesigns))
	default:
		oneOf("design.kind", "design", d.Kind, SweepDesigns)
	}
	switch d.Kind {
	case "grid":
		if d.Size != 0 {
			add("design.size", "a grid has no size: it runs every combination of levels; set design.levels or each factor's levels")
		}
		if d.Levels < 0 || d.Levels == 1 {
			add("design.levels", "%d levels; a grid needs at least 2 levels per ranged factor", d.Levels)
		}
	case "latin-hypercube", "sobol", "morris":
		if d.Size < 1 || d.Size > maxSweepSize {
			what := map[string]string{"latin-hypercube": "the number of points", "sobol": "the base sample size (the design runs size × (factors + 2) points)", "morris": "the number of trajectories"}[d.Kind]
			add("design.size", "%d; must be between 1 and %d: %s", d.Size, maxSweepSize, what)
		}
		if d.Kind == "morris" && (d.Levels < 0 || d.Levels == 1 || d.Levels%2 != 0) {
			add("design.levels", "%d levels; a Morris grid needs an even number of levels, at least 2 (or left out for 4)", d.Levels)
		}
		if d.Kind != "morris" && d.Levels != 0 {
			add("design.levels", "only a grid or a Morris design takes levels")
		}
	}

	if len(s.Factors) == 0 {
		add("factor", "no factors: add a [[factor]] table with a path or param, a role and a range")
	}
	if len(s.Factors) > maxSweepFactors {
		add("factor", "%d factors; at most %d", len(s.Factors), maxSweepFactors)
	}
	if d.Kind == "sobol" && len(s.Factors) < 2 {
		add("factor", "a Sobol design needs at least 2 factors")
	}
	if d.Kind == "sobol" && len(s.Factors) > maxSobolFactors {
		add("factor", "%d factors; a Sobol design takes at most %d (screen them first with a morris design)", len(s.Factors), maxSobolFactors)
	}
	seen := map[string]int{}
	for i := range s.Factors {
		f := &s.Factors[i]
		p := indexPath("factor", i)
		switch {
		case f.Path == "" && f.Param == "":
			add(p, `give path = "partnership.pace" (a scenario field) or param = "trust_gain" (a model parameter)`)
		case f.Path != "" && f.Param != "":
			add(p, "give path or param, not both")
		case f.Param != "" && KnownParameters != nil:
			known := KnownParameters()
			ok := false
			for _, k := range known {
				ok = ok || k == f.Param
			}
			if !ok {
				add(p+".param", "unknown model parameter %q%s (joinedup list -params lists them)", f.Param, didYouMean(f.Param, known))
			}
		case f.Path != "":
			if _, err := parsePath(f.Path); err != nil {
				add(p+".path", "%v", err)
			}
		}
		if l := f.Label(); l != "" {
			if j, dup := seen[l]; dup {
				add(p, "a second factor named %q (factor[%d]); give one a name", l, j)
			} else {
				seen[l] = i
			}
		}
		switch f.Role {
		case "":
			add(p+".role", `missing: "lever" (a choice the programme makes) or "uncertainty" (a condition it does not control)`)
		default:
			oneOf(p+".role", "role", f.Role, SweepRoles)
		}
		s.checkRange(p, f, add, oneOf)
	}

	if len(s.Outcomes) == 0 {
		add("outcome", `no outcomes: add an [[outcome]] table, such as metric = "joint_posts_standing" and week = 156`)
	}
	weeks := s.Weeks
	names := map[string]int{}
	for i := range s.Outcomes {
		o := &s.Outcomes[i]
		p := indexPath("outcome", i)
		if o.Metric == "" {
			add(p+".metric", `missing: name a recorded metric, such as "cohesion" (joinedup list -metrics lists them)`)
		}
		switch {
		case o.Week != 0 && o.Window != nil:
			add(p, "give week or window, not both")
		case o.Window != nil:
			if len(o.Window) != 2 || o.Window[0] < 0 || o.Window[1] < o.Window[0] {
				add(p+".window", "%v; write [FROM, TO] with 0 <= FROM <= TO", o.Window)
			} else if weeks > 0 && o.Window[1] > weeks {
				add(p+".window", "ends at week %d, after the sweep's %d weeks", o.Window[1], weeks)
			}
		case o.Week < 0:
			add(p+".week", "%d; must not be negative", o.Week)
		case o.Week == 0:
			add(p, "give week = N (read at week N) or window = [FROM, TO] (averaged over those weeks)")
		case weeks > 0 && o.Week > weeks:
			add(p+".week", "week %d is after the sweep's %d weeks", o.Week, weeks)
		}
		if o.Statistic != "" {
			oneOf(p+".statistic", "statistic", o.Statistic, SweepStatistics)
		}
		if l := o.Label(); o.Metric != "" {
			if j, dup := names[l]; dup {
				add(p, "a second outcome labelled %q (outcome[%d]); give one a name", l, j)
			} else {
				names[l] = i
			}
		}
	}
	return fes
}

// checkRange checks a factor's range or levels and its distribution.
func (s *Sweep) checkRange(p string, f *SweepFactor, add func(string, string, ...any), oneOf func(string, string, string, []string)) {
	if f.Discrete() {
		if f.Min != nil || f.Max != nil {
			add(p, "give levels or min and max, not both")
		}
		if f.Distribution != "" || f.Mode != nil || f.Mean != nil || f.SD != nil {
			add(p+".distribution", "a factor with levels takes each in equal shares; a distribution needs min and max")
		}
		if f.Integer {
			add(p+".integer", "only a factor with min and max is rounded")
		}
		if len(f.Levels) < 2 {
			add(p+".levels", "%d level; a factor needs at least 2", len(f.Levels))
		}
		seen := map[string]bool{}
		for i := range f.Levels {
			t := f.LevelText(i)
			if seen[t] {
				add(indexPath(p+".levels", i), "level %s appears twice", t)
			}
			seen[t] = true
		}
		return
	}
	if f.Min == nil || f.Max == nil {
		add(p, "give min and max (a range) or levels = [...] (a list)")
		return
	}
	lo, hi := *f.Min, *f.Max
	if !(lo < hi) {
		add(p+".max", "max %g is not above min %g", hi, lo)
		return
	}
	dist := f.Distribution
	if dist == "" {
		dist = "uniform"
	} else {
		oneOf(p+".distribution", "distribution", dist, SweepDistributions)
	}
	need := func(key string, v *float64, want bool) {
		switch {
		case want && v == nil:
			add(p+"."+key, "missing: a %s distribution needs %s", dist, key)
		case !want && v != nil:
			add(p+"."+key, "only a %s distribution takes %s", map[string]string{"mode": "triangular", "mean": "normal", "sd": "normal"}[key], key)
		}
	}
	need("mode", f.Mode, dist == "triangular")
	need("mean", f.Mean, dist == "normal")
	need("sd", f.SD, dist == "normal")
	switch dist {
	case "log-uniform":
		if lo <= 0 {
			add(p+".min", "min %g; a log-uniform range must be above 0", lo)
		}
	case "triangular":
		if f.Mode != nil && (*f.Mode < lo || *f.Mode > hi) {
			add(p+".mode", "mode %g is outside [%g, %g]", *f.Mode, lo, hi)
		}
	case "normal":
		if f.SD != nil && !(*f.SD > 0) {
			add(p+".sd", "sd %g; must be above 0", *f.SD)
		}
	}
	if f.Integer && math.Floor(hi) < math.Ceil(lo) {
		add(p, "no whole number in [%g, %g]", lo, hi)
	}
}

// tomlText writes a decoded TOML value back as TOML text.
func tomlText(v any) string {
	switch v := v.(type) {
	case string:
		var b strings.Builder
		b.WriteByte('"')
		for _, r := range v {
			switch {
			case r == '"' || r == '\\':
				b.WriteByte('\\')
				b.WriteRune(r)
			case r < 0x20 || r == 0x7f:
				fmt.Fprintf(&b, "\\u%04X", r)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('"')
		return b.String()
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return s
	case time.Time:
		return v.Format("2006-01-02")
	}
	return fmt.Sprint(v)
}

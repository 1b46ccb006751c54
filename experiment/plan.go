package experiment

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
)

// An Arm is one scenario to simulate: what the user named, the overrides
// applied to it, and the resolved result. Arms of a plan run on common
// random numbers.
type Arm struct {
	// Name labels the arm in tables, files and plots, such as "sedgefield"
	// or "sedgefield + partnership.targets=separate". Arms are told apart
	// by their index, so two arms may share a name (tables then add "#i").
	Name string
	// Source is the embedded scenario name or file path the arm starts
	// from; "" for a scenario built or edited in code.
	Source string
	// Overrides are applied to Source, in order, after any extends.
	Overrides []scenarios.Override
	// Scenario is the resolved scenario: Source with Overrides applied.
	Scenario *scenarios.Scenario
	// Config, if not nil, is a world configuration built in code (such as
	// model.England's generated national world) run instead of building
	// Scenario, which may then be nil. Such an arm cannot take scenario
	// settings at design points, and a Folder cannot record it.
	Config *model.Config
	// Origin is where the scenario first came from, for records (runs.csv,
	// manifest.json) when Source is a copy, as when a run is re-made from
	// an output folder's arms/; "" means Source.
	Origin string
}

// origin is what records name as the arm's source.
func (a Arm) origin() string {
	if a.Origin != "" {
		return a.Origin
	}
	if a.Scenario != nil {
		return a.Scenario.File()
	}
	return a.Source
}

// hash is the arm's scenario hash, "" for a configuration built in code.
func (a Arm) hash() string {
	if a.Scenario == nil {
		return ""
	}
	return a.Scenario.Hash()
}

// NewArm resolves source (an embedded name or a .toml path) with the
// overrides and names the arm: the scenario's name (or the file's base
// name) followed, when there are overrides, by " + " and their Label, as
// "sedgefield + partnership.targets=separate; team[0].colocated=false".
func NewArm(source string, overrides ...scenarios.Override) (Arm, error) {
	s, err := scenarios.ResolveWith(source, overrides)
	if err != nil {
		return Arm{}, err
	}
	a := Arm{Source: source, Overrides: append([]scenarios.Override(nil), overrides...), Scenario: s}
	a.Name = ScenarioName(s)
	if len(overrides) > 0 {
		a.Name += " + " + Label(overrides)
	}
	return a, nil
}

// ScenarioName is the name a scenario goes by: its name field, or its
// file's base name without ".toml".
func ScenarioName(s *scenarios.Scenario) string {
	if s.Name != "" {
		return s.Name
	}
	return strings.TrimSuffix(filepath.Base(s.File()), ".toml")
}

// ArmSeparator separates the settings of one arm in an arm specification:
// "partnership.targets=separate; team[0].colocated=false". A semicolon
// inside a quoted TOML string or inside brackets does not separate, and
// TOML values keep their commas (arrays, inline tables).
const ArmSeparator = ';'

// ParseArmSpec splits an arm specification into its overrides, each
// PATH=VALUE as --set takes it, separated by ArmSeparator. flag names the
// option for messages (such as "-vs").
func ParseArmSpec(spec, flag string) ([]scenarios.Override, error) {
	var out []scenarios.Override
	for _, part := range splitOutside(spec, ArmSeparator) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		o, err := scenarios.ParseOverride(part)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", flag, spec, err)
		}
		o.Flag = flag
		out = append(out, o)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s %q: no PATH=VALUE settings; write them as 'a.b=1; c=2'", flag, spec)
	}
	return out, nil
}

// JoinOverrides writes overrides as an arm specification that
// ParseArmSpec reads back: "path=value; path=value".
func JoinOverrides(os []scenarios.Override) string {
	parts := make([]string, len(os))
	for i, o := range os {
		parts[i] = o.String()
	}
	return strings.Join(parts, "; ")
}

// splitOutside splits s at sep where it is outside double or single quotes
// and outside brackets and braces.
func splitOutside(s string, sep byte) []string {
	var parts []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == sep && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// A Setting is one factor's value at a design point.
type Setting struct {
	// Factor names what is set: a scenario path as --set takes it
	// ("partnership.pace", "team[0].colocated"), or, with Param, a model
	// parameter ("trust_gain"). It heads the factor's column in
	// per-replicate tables.
	Factor string `json:"factor"`
	// Param applies Value to the model parameter Factor on the built
	// configuration (fast: no scenario is resolved again). Otherwise the
	// setting is a scenario override, applied to every arm after the arm's
	// own overrides, and checked as a file is.
	Param bool `json:"param,omitempty"`
	// Value is the value as TOML text: 0.7, false, "separate", 2005-04-01.
	// A parameter's value must be a number.
	Value string `json:"value"`
}

// Override returns the setting as a scenario override.
func (s Setting) Override() scenarios.Override {
	return scenarios.Override{Path: s.Factor, Value: s.Value, Flag: "design"}
}

// Number returns the value as a number, and false if it is not one.
func (s Setting) Number() (float64, bool) {
	v, err := strconv.ParseFloat(s.Value, 64)
	return v, err == nil
}

// A Point is one design point: settings applied to every arm. The zero
// Point changes nothing.
type Point struct {
	Settings []Setting `json:"settings"`
}

// Shard selects part of a plan. The zero Shard is the whole plan.
type Shard struct {
	Index int // 0 <= Index < Count
	Count int // number of shards; 0 or 1 means the whole plan
}

// String returns "i/n" (1-based i, as command lines write it), or "" for
// the whole plan.
func (s Shard) String() string {
	if s.Count <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index+1, s.Count)
}

// Has reports whether unit k (point×replicates + replicate) is in the
// shard.
func (s Shard) Has(k int) bool { return s.Count <= 1 || k%s.Count == s.Index }

// ParseShard reads "i/n" with 1 <= i <= n, as command lines write it.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("experiment: shard %q: want i/n with 1 <= i <= n, such as 2/4", s)
	}
	return Shard{Index: i - 1, Count: n}, nil
}

// A Plan is an experiment: every arm at every design point, each over
// Replicates replicates. See the package documentation for what it
// guarantees.
type Plan struct {
	Arms       []Arm   // at least one; arm 0 is the base of paired differences
	Points     []Point // design points; nil or empty means one point that changes nothing
	Replicates int     // replicates per point; must be positive
	Weeks      int     // weeks simulated; must be positive
	Every      int     // record every Every weeks and the last; 0 means 1
	Seed       uint64  // master seed
	Workers    int     // parallel simulations; 0 means runtime.GOMAXPROCS(0). Results do not depend on it
	Shard      Shard   // the part to run; the zero Shard is the whole plan
	// SharedStreams gives every design point the random streams of point 0
	// (common random numbers across points, as elementary-effects
	// screening wants); by default point p uses stream p.
	SharedStreams bool
	// TeamMetrics also records each team's outcomes (model.Config.TeamMetrics).
	TeamMetrics bool
	// Only, if not nil, further selects the units to run: unit k (point ×
	// Replicates + replicate) runs when it is in Shard and Only(k) is true,
	// as a resumed sweep runs only the units not yet recorded. Seeds do not
	// change. A plan with Only is never cached.
	Only func(unit int) bool
	// Ensemble, if not nil, gives each replicate its model parameters:
	// replicate r of point p draws one set, by weight, from its own stream,
	// and every arm of the unit runs with it (see Ensemble for what a draw
	// sets). Nil runs every replicate on the parameter table's values and
	// the scenarios' own.
	Ensemble *Ensemble
	// Cache, if not nil, is consulted first: a run it holds is read back
	// instead of simulated, and a run it lacks is stored when complete.
	Cache *Cache
}

// points returns the design points, one empty point when none are given.
func (p *Plan) points() []Point {
	if len(p.Points) == 0 {
		return []Point{{}}
	}
	return p.Points
}

// NumPoints is the number of design points (1 when none are given).
func (p *Plan) NumPoints() int { return len(p.points()) }

// Factors lists the factors the design points set, in order of first
// appearance; none for a plan without settings.
func (p *Plan) Factors() []string {
	var names []string
	for _, pt := range p.Points {
		for _, s := range pt.Settings {
			if !slices.Contains(names, s.Factor) {
				names = append(names, s.Factor)
			}
		}
	}
	return names
}

// Units is the number of (point, replicate) units in the plan's shard;
// each runs every arm.
func (p *Plan) Units() int {
	n := 0
	for k := range p.NumPoints() * p.Replicates {
		if p.has(k) {
			n++
		}
	}
	return n
}

// has reports whether unit k runs: it is in the shard and selected by Only.
func (p *Plan) has(k int) bool {
	return p.Shard.Has(k) && (p.Only == nil || p.Only(k))
}

// Stream is the sim stream id of design point point.
func (p *Plan) Stream(point int) uint64 {
	if p.SharedStreams {
		return 0
	}
	return uint64(point)
}

// ObservedWeeks lists the weeks a run of the plan records: 0, Every,
// 2×Every, ... and the last week.
func (p *Plan) ObservedWeeks() []int {
	every := max(p.Every, 1)
	ws := []int{0}
	for t := 1; t <= p.Weeks; t++ {
		if t%every == 0 || t == p.Weeks {
			ws = append(ws, t)
		}
	}
	return ws
}

// Check reports every problem with the plan at once.
func (p *Plan) Check() error {
	var errs []error
	if len(p.Arms) == 0 {
		errs = append(errs, errors.New("experiment: plan has no arms"))
	}
	for i, a := range p.Arms {
		if a.Scenario == nil && a.Config == nil {
			errs = append(errs, fmt.Errorf("experiment: arm %d (%q) has no scenario", i, a.Name))
		}
		if a.Name == "" {
			errs = append(errs, fmt.Errorf("experiment: arm %d has no name", i))
		}
	}
	if p.Replicates <= 0 {
		errs = append(errs, fmt.Errorf("experiment: %d replicates; must be positive", p.Replicates))
	}
	if p.Weeks <= 0 {
		errs = append(errs, fmt.Errorf("experiment: %d weeks; must be positive", p.Weeks))
	}
	if p.Every < 0 {
		errs = append(errs, fmt.Errorf("experiment: recording interval %d; must not be negative", p.Every))
	}
	if p.Workers < 0 {
		errs = append(errs, fmt.Errorf("experiment: %d workers; must not be negative", p.Workers))
	}
	if p.Shard.Count > 1 && (p.Shard.Index < 0 || p.Shard.Index >= p.Shard.Count) {
		errs = append(errs, fmt.Errorf("experiment: shard index %d outside 0..%d", p.Shard.Index, p.Shard.Count-1))
	}
	if p.Ensemble != nil {
		if err := p.Ensemble.Check(); err != nil {
			errs = append(errs, err)
		}
	}
	for i, pt := range p.Points {
		for _, s := range pt.Settings {
			if s.Param {
				if _, ok := s.Number(); !ok {
					errs = append(errs, fmt.Errorf("experiment: point %d: parameter %s = %q is not a number", i, s.Factor, s.Value))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// Label writes overrides for people, as arm names show them: "path=value"
// joined by "; ", with a quoted string shown without its quotes
// ("partnership.targets=separate").
func Label(os []scenarios.Override) string {
	parts := make([]string, len(os))
	for i, o := range os {
		v := o.Value
		if u, err := strconv.Unquote(v); err == nil {
			v = u
		} else if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = v[1 : len(v)-1]
		}
		parts[i] = o.Path + "=" + v
	}
	return strings.Join(parts, "; ")
}

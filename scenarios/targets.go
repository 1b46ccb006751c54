package scenarios

import (
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// TargetsFile is a file of empirical targets for calibration: figures from
// published statistics and studies, each tied to the model output it is
// compared with, and the figures the model cannot speak to, each with the
// reason. The format is described in docs/CALIBRATION.md.
type TargetsFile struct {
	Description string       `toml:"description"`
	Targets     []TargetSpec `toml:"target"`
	Unmatched   []Unmatched  `toml:"unmatched"`

	file, hash string
}

// TargetSpec is one target as written in a targets file.
type TargetSpec struct {
	ID          string `toml:"id"`          // unique, lower-case words joined by hyphens
	Description string `toml:"description"` // what the figure is, in words
	// Value is the observed figure, in the metric's units (a share as 0.159,
	// not 15.9). A "first-week-below" target gives the observed date of the
	// event as Date instead.
	Value *float64 `toml:"value"`
	// Tolerance is the standard scale of a discrepancy: the figure's own
	// uncertainty combined with the gap allowed between model and world.
	// Interval, instead, gives the range [low, high] the simulated value
	// should fall in, read as value ± 2 scales. A fit target needs one of
	// the two; a check target may leave both out.
	Tolerance float64   `toml:"tolerance"`
	Interval  []float64 `toml:"interval"`
	// Use is "fit" (the calibration fits it) or "check" (held out, and only
	// compared with the calibrated ensemble's predictions).
	Use string `toml:"use"`
	// Scenario names an embedded scenario (joinedup list).
	Scenario string `toml:"scenario"`
	// Metric is one of the scenario's observed metrics, including per
	// organisation and per joint post metrics such as "rating[NAME]".
	Metric string `toml:"metric"`
	// Statistic is what is taken from each replicate: "mean" (of the metric
	// over the weeks from From to To), "value" (at Date), or
	// "first-week-below" (the first week from From to To in which the metric
	// is below Threshold; a replicate where that never happens counts as
	// never; the observed value is the week of Date). The fit compares the
	// mean of the statistic over replicates with the value; checks place the
	// value among the replicates' statistics.
	Statistic string   `toml:"statistic"`
	Date      *Date    `toml:"date"`
	From      *Date    `toml:"from"`
	To        *Date    `toml:"to"`
	Threshold *float64 `toml:"threshold"`
	Source    Source   `toml:"source"`
	// Caveat says in what ways the figure and the model output differ (a
	// different year, staff group or definition), which the tolerance is
	// meant to cover.
	Caveat string `toml:"caveat"`
}

// Source cites where a figure comes from.
type Source struct {
	Author string `toml:"author"`
	Year   int    `toml:"year"`
	Title  string `toml:"title"`
	Table  string `toml:"table"` // table, figure, page or section
	Link   string `toml:"link"`
	// Checked says how the figure was verified, or that it could not be.
	Checked string `toml:"checked"`
}

// Unmatched is a figure the model cannot (yet) be compared with.
type Unmatched struct {
	ID     string `toml:"id"`
	Figure string `toml:"figure"` // the figure, in words and numbers
	Reason string `toml:"reason"` // why the model cannot speak to it
	Source Source `toml:"source"`
}

// Target is a target resolved against its scenario: dates made weeks.
type Target struct {
	TargetSpec
	Value    float64 // the observed value (for "first-week-below", the week of Date)
	Scale    float64 // the standard scale: Tolerance, or a quarter of Interval's width
	Week     int     // for "value": the first observed week on or after Date
	FromWeek int     // for "mean" and "first-week-below": the window, inclusive
	ToWeek   int
}

// The words a targets file may use.
var (
	targetUses       = []string{"fit", "check"}
	targetStatistics = []string{"mean", "value", "first-week-below"}
	targetIDPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	targetsFileType  = reflect.TypeFor[TargetsFile]()
)

// File returns the name of the file the targets were read from.
func (f *TargetsFile) File() string { return f.file }

// Hash returns the hex SHA-256 of the file's bytes, recorded in an
// ensemble's provenance.
func (f *TargetsFile) Hash() string { return f.hash }

// LoadTargets reads and checks the targets file at path.
func LoadTargets(path string) (*TargetsFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("scenarios: no targets file %s", path)
		}
		return nil, fmt.Errorf("scenarios: reading %s: %w", path, err)
	}
	return ParseTargets(path, data)
}

// ParseTargets decodes a targets file from data, read from the named file
// (used in messages), strictly: a syntax error is one *SyntaxError; unknown
// keys, wrong types and bad values are all reported at once, each a
// *FieldError with the file, line and field path.
func ParseTargets(file string, data []byte) (*TargetsFile, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, syntaxError(file, data, pe, true)
		}
		return nil, fmt.Errorf("scenarios: %s: %w", file, err)
	}
	lines := indexLines(data)
	wrap := func(fes []*FieldError) error {
		errs := make([]error, len(fes))
		for i, fe := range fes {
			fe.File, fe.Line = file, lines.line(fe.Path)
			errs[i] = fe
		}
		return errors.Join(errs...)
	}
	if fes := checkTable("", raw, targetsFileType, nil); len(fes) > 0 {
		return nil, wrap(fes)
	}
	f := &TargetsFile{file: file, hash: Hash(data)}
	if _, err := toml.Decode(string(data), f); err != nil {
		return nil, fmt.Errorf("scenarios: %s: %w", file, err)
	}
	if fes := f.check(); len(fes) > 0 {
		return nil, wrap(fes)
	}
	return f, nil
}

func (f *TargetsFile) check() []*FieldError {
	var fes []*FieldError
	add := func(path, format string, args ...any) {
		fes = append(fes, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	if len(f.Targets) == 0 {
		add("target", "no [[target]] tables; a targets file needs at least one")
	}
	ids := map[string]string{}
	checkID := func(path, id string) {
		switch {
		case id == "":
			add(path, "missing; give each target an id such as \"csw-vacancy-2023\"")
		case !targetIDPattern.MatchString(id):
			add(path, "%q: use lower-case letters and digits joined by hyphens", id)
		case ids[id] != "":
			add(path, "%q is already the id of %s", id, ids[id])
		default:
			ids[id] = parentPath(path)
		}
	}
	for i, t := range f.Targets {
		p := indexPath("target", i)
		checkID(p+".id", t.ID)
		fes = checkSource(p+".source", t.Source, fes)
		if !in(t.Use, targetUses) {
			add(p+".use", "%q: must be one of %s", t.Use, quoted(targetUses))
		}
		v := math.NaN()
		switch {
		case t.Statistic == "first-week-below" && t.Value != nil:
			add(p+".value", "a \"first-week-below\" target gives the event's date as date, not a value")
		case t.Statistic != "first-week-below" && t.Value == nil:
			add(p+".value", "missing: the observed figure")
		case t.Value != nil:
			v = *t.Value
		}
		hasTol, hasInt := t.Tolerance != 0, t.Interval != nil
		switch {
		case hasTol && hasInt:
			add(p+".tolerance", "give tolerance or interval, not both")
		case hasTol && !(t.Tolerance > 0):
			add(p+".tolerance", "%g: must be positive", t.Tolerance)
		case hasInt && len(t.Interval) != 2:
			add(p+".interval", "give two numbers, [low, high]")
		case hasInt && !(t.Interval[0] < t.Interval[1]) || hasInt && t.Value != nil && !(t.Interval[0] <= v && v <= t.Interval[1]):
			add(p+".interval", "[%g, %g] must contain the value %g and have low < high", t.Interval[0], t.Interval[1], v)
		case !hasTol && !hasInt && t.Use == "fit":
			add(p+".tolerance", "a fit target needs a tolerance or an interval")
		}
		if !in(t.Statistic, targetStatistics) {
			add(p+".statistic", "%q: must be one of %s", t.Statistic, quoted(targetStatistics))
		}
		switch t.Statistic {
		case "value":
			if t.Date == nil {
				add(p+".date", "missing: the statistic \"value\" takes the metric on a date")
			}
			if t.From != nil || t.To != nil {
				add(p+".from", "\"value\" uses date, not from and to")
			}
		case "mean", "first-week-below":
			if t.Statistic == "first-week-below" && t.Date == nil {
				add(p+".date", "missing: the date the event was observed")
			}
			if t.From == nil || t.To == nil {
				add(p+".from", "the statistic %q needs from and to dates", t.Statistic)
			} else if t.To.Time.Before(t.From.Time) {
				add(p+".to", "%s is before from %s", t.To, t.From)
			}
			if t.Statistic == "mean" && t.Date != nil {
				add(p+".date", "\"mean\" uses from and to, not date")
			}
		}
		if t.Statistic == "first-week-below" {
			if t.Threshold == nil {
				add(p+".threshold", "missing: \"first-week-below\" needs the threshold the metric falls below")
			}
			if t.Use == "fit" {
				add(p+".use", "a \"first-week-below\" target can only be a check: replicates where the event never happens have no mean")
			}
		} else if t.Threshold != nil {
			add(p+".threshold", "only \"first-week-below\" uses a threshold")
		}
		fes = append(fes, checkAgainstScenario(p, t)...)
	}
	for i, u := range f.Unmatched {
		p := indexPath("unmatched", i)
		checkID(p+".id", u.ID)
		if strings.TrimSpace(u.Figure) == "" {
			add(p+".figure", "missing: state the figure")
		}
		if strings.TrimSpace(u.Reason) == "" {
			add(p+".reason", "missing: say why the model cannot be compared with it")
		}
		fes = checkSource(p+".source", u.Source, fes)
	}
	return fes
}

func checkSource(path string, s Source, fes []*FieldError) []*FieldError {
	add := func(key, msg string) { fes = append(fes, &FieldError{Path: path + "." + key, Msg: msg}) }
	if s.Author == "" {
		add("author", "missing: who published the figure")
	}
	if s.Year < 1900 || s.Year > 2100 {
		add("year", fmt.Sprintf("%d: give the year of publication", s.Year))
	}
	if s.Title == "" {
		add("title", "missing")
	}
	if !strings.HasPrefix(s.Link, "https://") && !strings.HasPrefix(s.Link, "http://") && !strings.HasPrefix(s.Link, "doi:") && !strings.HasPrefix(s.Link, "seed:") {
		add("link", fmt.Sprintf("%q: give a web address, a doi: or a seed: reference", s.Link))
	}
	if s.Checked == "" {
		add("checked", "missing: say how the figure was verified, or that it could not be")
	}
	return fes
}

// checkAgainstScenario checks the scenario, metric and dates of target t
// against the embedded scenario it names.
func checkAgainstScenario(p string, t TargetSpec) []*FieldError {
	var fes []*FieldError
	add := func(path, format string, args ...any) {
		fes = append(fes, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	if t.Scenario == "" {
		add(p+".scenario", "missing; known: %s", quoted(Names()))
		return fes
	}
	if !in(t.Scenario, Names()) {
		add(p+".scenario", "%q is not an embedded scenario; known: %s%s", t.Scenario, quoted(Names()), didYouMean(t.Scenario, Names()))
		return fes
	}
	s, err := Embedded(t.Scenario)
	if err != nil {
		add(p+".scenario", "%v", err)
		return fes
	}
	cfg, err := s.Build()
	if err != nil {
		add(p+".scenario", "%v", err)
		return fes
	}
	var names []string
	for _, m := range cfg.Metrics() {
		names = append(names, m.Name)
	}
	if !in(t.Metric, names) {
		add(p+".metric", "%q is not a metric of %s; known: %s%s", t.Metric, t.Scenario, strings.Join(names, ", "), didYouMean(t.Metric, names))
	}
	for key, d := range map[string]*Date{"date": t.Date, "from": t.From, "to": t.To} {
		if d == nil {
			continue
		}
		if w := int(cfg.WeekOf(d.Time)); d.Time.Before(cfg.Start) || w > cfg.Weeks {
			add(p+"."+key, "%s lies outside %s's run, %s for %d weeks", d, t.Scenario, cfg.Start.Format("2006-01-02"), cfg.Weeks)
		}
	}
	sort.SliceStable(fes, func(i, j int) bool { return fes[i].Path < fes[j].Path })
	return fes
}

// Resolve returns the targets with dates made weeks of their scenarios'
// runs (the first observed week on or after each date) and each one's
// scale. use selects "fit" or "check" targets; "" gives all.
func (f *TargetsFile) Resolve(use string) ([]Target, error) {
	var out []Target
	for _, t := range f.Targets {
		if use != "" && t.Use != use {
			continue
		}
		s, err := Embedded(t.Scenario)
		if err != nil {
			return nil, err
		}
		cfg, err := s.Build()
		if err != nil {
			return nil, err
		}
		r := Target{TargetSpec: t, Scale: t.Tolerance}
		if t.Interval != nil {
			r.Scale = (t.Interval[1] - t.Interval[0]) / 4
		}
		if t.Date != nil {
			r.Week = int(cfg.WeekOf(t.Date.Time))
		}
		if t.Value != nil {
			r.Value = *t.Value
		} else {
			r.Value = float64(r.Week)
		}
		if t.From != nil {
			r.FromWeek = int(cfg.WeekOf(t.From.Time))
			r.ToWeek = int(cfg.WeekOf(t.To.Time))
		}
		out = append(out, r)
	}
	return out, nil
}

func in(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/internal/suggest"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results/plot"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sensitivity"
)

func init() { commands["sensitivity"] = cmdSensitivity }

// sensDefaultMetrics are the outcomes analysed unless -metrics says otherwise.
var sensDefaultMetrics = []string{
	"cohesion", "team_identification", "trust", "user_experience",
	"weeks_to_intervention", "nhs_performance",
}

// sensTop is how many factors the terminal ranking and the figure show per
// outcome unless -all is given.
const sensTop = 15

// sensOptions are the settings of the sensitivity command.
type sensOptions struct {
	method     string // "morris" or "sobol"
	params     string // comma-separated parameter names
	rangeMode  string // "local" or "full"
	factors    []sensSpec
	metrics    string // comma-separated metric names
	r          int    // Morris trajectories
	size       int    // Sobol base sample
	levels     int    // Morris grid levels
	replicates int    // replicates per design point; 0: by method
	week       int    // week at which outcomes are read; also the run length
	window     int    // weeks averaged, ending at week
	seed       uint64 // used when seedSet
	seedSet    bool
	workers    int
	out        string
	quiet      bool
	all        bool
	resume     bool
	noCache    bool
	force      bool
	resamples  int
	formats    string
	against    string
	command    []string
	now        time.Time
}

// sensSpec is a factor named on the command line: -lever or -uncertainty
// NAME=MIN:MAX[:log] or NAME=LEVEL,LEVEL,...
type sensSpec struct {
	flag, text string
	role       string
	name       string // a model parameter or a scenario path
	min, max   float64
	log        bool
	levels     []string
}

// sensSpecs collects -lever and -uncertainty flags in the order given.
type sensSpecs struct {
	role string
	list *[]sensSpec
}

func (s sensSpecs) String() string { return "" }

func (s sensSpecs) Set(v string) error {
	sp, err := parseSensSpec(v)
	if err != nil {
		return err
	}
	sp.role, sp.flag, sp.text = s.role, "-"+s.role, v
	*s.list = append(*s.list, sp)
	return nil
}

// parseSensSpec reads NAME=MIN:MAX, NAME=MIN:MAX:log or NAME=A,B,C.
func parseSensSpec(v string) (sensSpec, error) {
	eq := strings.LastIndexByte(v, '=')
	if eq <= 0 || eq == len(v)-1 {
		return sensSpec{}, fmt.Errorf("%q: write NAME=MIN:MAX (a range), NAME=MIN:MAX:log (log-uniform) or NAME=A,B,... (levels), such as partnership.pace=0.1:0.9", v)
	}
	sp := sensSpec{name: strings.TrimSpace(v[:eq])}
	val := strings.TrimSpace(v[eq+1:])
	if strings.Contains(val, ",") {
		for _, l := range strings.Split(val, ",") {
			l = strings.TrimSpace(l)
			if l == "" {
				return sensSpec{}, fmt.Errorf("%q: an empty level", v)
			}
			sp.levels = append(sp.levels, l)
		}
		return sp, nil
	}
	parts := strings.Split(val, ":")
	if len(parts) == 3 && parts[2] == "log" {
		sp.log = true
		parts = parts[:2]
	}
	if len(parts) != 2 {
		return sensSpec{}, fmt.Errorf("%q: write the range as MIN:MAX (or MIN:MAX:log), or levels as A,B,...", v)
	}
	var err1, err2 error
	sp.min, err1 = strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	sp.max, err2 = strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	switch {
	case err1 != nil || err2 != nil:
		return sensSpec{}, fmt.Errorf("%q: MIN and MAX must be numbers", v)
	case !(sp.min < sp.max):
		return sensSpec{}, fmt.Errorf("%q: MIN must be below MAX", v)
	case sp.log && sp.min <= 0:
		return sensSpec{}, fmt.Errorf("%q: a log-uniform range needs MIN > 0", v)
	}
	return sp, nil
}

const sensAbout = `Global sensitivity of a scenario's outcomes to model parameters and to
policy levers or other scenario fields, run as a sweep (see docs/SWEEPS.md)
through the experiment engine.

Factors: -params names model parameters (each over its screening range, see
-range); -lever and -uncertainty (repeatable) name a model parameter or a
scenario field as --set writes it (partnership.pace, team[*].leadership,
team["pathway team"].colocated) with a range MIN:MAX (MIN:MAX:log for
log-uniform) or levels A,B,... (true,false). With none of these, every model
parameter is screened (Morris only).

-method morris (default): TRAJECTORIES (-r) trajectories of k+1 points,
each moving one factor at a time; mu* is the mean absolute effect of moving
a factor across its whole range, with a bootstrap interval; mu its mean
(signed); sigma the spread of its effects (non-linearity, interaction).
-method sobol: Saltelli's design of N (-size) × (k+2) points; first-order
(S1, Saltelli) and total (ST, Jansen) indices with bootstrap intervals.
Every point runs -n replicates on common random numbers, and each
outcome's replicate mean at -week (or over -window weeks) is analysed.
The parameters no factor sets keep the scenario's values (the parameter
table's unless the scenario sets them) at every point and replicate, so
each effect is measured from one known point; none is drawn from a
calibrated ensemble.

Screening ranges (-range) of -params: "local" (default) is
[max(min, v/2), min(max, 1.5v)] around the scenario's value v (the model
default unless the scenario's [parameters] sets it), or the admissible
range when v is 0; "full" is each parameter's admissible range.

The folder (-o) is a sweep folder: sweep.toml (the sweep these flags make;
"joinedup sweep run" runs it too), design.csv, runs/, runs.csv, points.csv
and manifest.json; then factors.csv (each factor's range), ranking.csv
(every factor ranked per outcome, with intervals), effects.csv (Morris:
metric, parameter, mu, mu_star, sigma, n, rank), analysis/ (the tidy
tables of "joinedup sweep analyse") and the figure (morris.png or
sobol.png). Ctrl-C keeps the finished design points; the same command with
-o DIR -resume runs the rest. -against DIR compares the ranking with
another run's (say at half the sample size): Spearman's rank correlation
per outcome and whether the top three agree.

Before it starts, the memory, disk and time of the design's simulations are
estimated from the scenario's size, and a design that exceeds this machine
is refused with the estimate; -force runs it anyway.
`

func parseSensitivity(args []string, stderr io.Writer) ([]string, sensOptions, *flag.FlagSet, error) {
	o := sensOptions{command: append([]string{"joinedup", "sensitivity"}, args...), now: time.Now().UTC()}
	fs := newFlagSet("sensitivity", "sensitivity SCENARIO [flags]", sensAbout, stderr)
	fs.StringVar(&o.method, "method", "morris", "`method`: morris (elementary effects) or sobol (variance-based indices)")
	fs.StringVar(&o.params, "params", "", "comma-separated `names` of model parameters to vary over their -range (default all, when no -lever or -uncertainty is given)")
	fs.StringVar(&o.rangeMode, "range", "local", "screening `range` of the -params: local or full")
	fs.Var(sensSpecs{"lever", &o.factors}, "lever", "a policy lever `NAME=MIN:MAX` (or NAME=A,B,...): a scenario field or model parameter (repeatable)")
	fs.Var(sensSpecs{"uncertainty", &o.factors}, "uncertainty", "an uncertain input `NAME=MIN:MAX` (or MIN:MAX:log, or A,B,...) (repeatable)")
	fs.StringVar(&o.metrics, "metrics", strings.Join(sensDefaultMetrics, ","), "comma-separated `outcomes` to analyse")
	fs.IntVar(&o.r, "r", 10, "Morris: number of `trajectories`")
	fs.IntVar(&o.size, "size", 64, "Sobol: base sample `N` (the design runs N × (factors + 2) points)")
	fs.IntVar(&o.levels, "levels", sensitivity.DefaultLevels, "Morris: grid `levels` (even)")
	fs.IntVar(&o.replicates, "n", 0, "`replicates` per design point (default 20 for morris, 4 for sobol)")
	fs.IntVar(&o.week, "week", 156, "`week` at which outcomes are read (the run stops there)")
	fs.IntVar(&o.window, "window", 1, "average outcomes over the `K` weeks ending at -week")
	fs.Uint64Var(&o.seed, "seed", 0, "master `seed` (default the scenario's)")
	fs.IntVar(&o.workers, "workers", 0, "parallel `workers` (default GOMAXPROCS); results do not depend on it")
	fs.StringVar(&o.out, "o", "", "output `folder` (default ./out/sensitivity-SCENARIO-YYYYMMDD-HHMMSS, UTC)")
	fs.BoolVar(&o.resume, "resume", false, "complete the interrupted run in -o, keeping its finished design points")
	fs.BoolVar(&o.quiet, "quiet", false, "print no progress")
	fs.BoolVar(&o.all, "all", false, fmt.Sprintf("show every factor in the ranking and the figure (default the top %d)", sensTop))
	fs.BoolVar(&o.force, "force", false, "run even when the estimate made before the run says it exceeds this machine's memory,\n"+
		"disk or "+experiment.Duration(experiment.MaxRunTime))
	fs.BoolVar(&o.noCache, "no-cache", false, "simulate every design point even if the result cache holds it, and store nothing")
	fs.IntVar(&o.resamples, "resamples", 0, "bootstrap `resamples` behind the intervals (default 1000)")
	fs.StringVar(&o.formats, "format", "png", "figure `formats`, comma-separated: png, svg, pdf; none for no figure")
	fs.StringVar(&o.against, "against", "", "compare the ranking with that of the sensitivity `folder` given")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, o, fs, err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			o.seedSet = true
		}
	})
	if o.replicates == 0 {
		o.replicates = 20
		if o.method == "sobol" {
			o.replicates = 4
		}
	}
	bad := func(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...), fs: fs} }
	switch {
	case len(pos) != 1:
		err = bad("sensitivity needs one scenario, got %d", len(pos))
	case o.method != "morris" && o.method != "sobol":
		err = bad("-method %q: use morris or sobol", o.method)
	case o.r < 1:
		err = bad("-r %d: the number of trajectories must be positive", o.r)
	case o.size < 1:
		err = bad("-size %d: the base sample must be positive", o.size)
	case o.levels < 2 || o.levels%2 != 0:
		err = bad("-levels %d: the number of levels must be even and at least 2", o.levels)
	case o.replicates < 1:
		err = bad("-n %d: the number of replicates must be positive", o.replicates)
	case o.week < 1:
		err = bad("-week %d: the week must be positive", o.week)
	case o.window < 1 || o.window > o.week:
		err = bad("-window %d: the window must be between 1 and -week (%d) weeks", o.window, o.week)
	case o.workers < 0:
		err = bad("-workers %d: the number of workers must not be negative", o.workers)
	case o.rangeMode != "local" && o.rangeMode != "full":
		err = bad("-range %q: use local or full", o.rangeMode)
	case o.resamples < 0:
		err = bad("-resamples %d: must not be negative", o.resamples)
	case o.resume && o.out == "":
		err = bad("-resume needs -o DIR, the folder of the interrupted run")
	case !sensFormatsOK(o.formats):
		err = bad("-format %q: give png, svg or pdf, comma-separated, or none", o.formats)
	case o.method == "sobol" && o.params == "" && len(o.factors) == 0:
		err = bad("-method sobol needs its factors named (-params, -lever, -uncertainty): a Sobol design over every parameter would run %d × (k+2) points", o.size)
	}
	return pos, o, fs, err
}

// sensFormatsOK reports whether -format names known figure formats.
func sensFormatsOK(formats string) bool {
	if formats == "none" {
		return true
	}
	for _, f := range strings.Split(formats, ",") {
		if !slices.Contains(plot.Formats, strings.TrimSpace(f)) {
			return false
		}
	}
	return true
}

// sensFactor is one factor of the sweep the command builds.
type sensFactor struct {
	name     string // column name: the parameter or the path
	param    bool
	role     string
	unit     string
	base     string // the scenario's value, as text ("" if not known)
	min, max float64
	log      bool
	levels   []string
	from     string // the flag that named it, for messages
}

// sensFactors returns the factors: the -params over their ranges, then
// each -lever and -uncertainty.
func sensFactors(o sensOptions, p model.Params, fs *flag.FlagSet) ([]sensFactor, error) {
	var out []sensFactor
	var names []string
	if o.params != "" || len(o.factors) == 0 {
		names = model.ParamNames()
		if o.params != "" {
			var err error
			names, err = sensList("-params", "parameter", o.params, model.ParamNames(), fs)
			if err != nil {
				return nil, err
			}
		}
	}
	for _, name := range names {
		s, _ := sensParamSpec(name)
		v, _ := p.Get(name)
		lo, hi := s.Min, s.Max
		if o.rangeMode == "local" && v > 0 {
			lo, hi = max(s.Min, sensRound(v/2)), min(s.Max, sensRound(v*1.5))
		}
		out = append(out, sensFactor{name: name, param: true, role: "uncertainty", unit: s.Unit, base: sensFormat(v), min: lo, max: hi, from: "-params " + name})
	}
	var problems []string
	for _, sp := range o.factors {
		f := sensFactor{name: sp.name, role: sp.role, min: sp.min, max: sp.max, log: sp.log, levels: sp.levels, from: sp.flag + " " + sp.text}
		if s, ok := sensParamSpec(sp.name); ok {
			f.param, f.unit = true, s.Unit
			v, _ := p.Get(sp.name)
			f.base = sensFormat(v)
			if len(sp.levels) == 0 && (sp.min < s.Min || sp.max > s.Max) {
				problems = append(problems, fmt.Sprintf("%s: the range of %s is [%g, %g]", f.from, sp.name, s.Min, s.Max))
			}
		} else if !strings.ContainsAny(sp.name, ".[") {
			msg := fmt.Sprintf("%s: %q is neither a model parameter nor a scenario path (such as partnership.pace or team[*].leadership)", f.from, sp.name)
			if s := suggest.Closest(sp.name, model.ParamNames()); s != "" {
				msg += fmt.Sprintf("; did you mean the parameter %q?", s)
			}
			problems = append(problems, msg)
		}
		for _, g := range out {
			if g.name == f.name {
				problems = append(problems, fmt.Sprintf("%s: %s is varied twice", f.from, f.name))
			}
		}
		out = append(out, f)
	}
	if len(problems) > 0 {
		return nil, &usageError{msg: strings.Join(problems, "\n"), fs: fs}
	}
	return out, nil
}

// sensRound drops the last digits of rounding error from a range's end
// (1.5 × 0.012 is 0.018, not 0.018000000000000002).
func sensRound(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return r
}

// sensParamSpec returns the parameter table's entry for name.
func sensParamSpec(name string) (model.ParamSpec, bool) {
	for _, s := range model.ParamSpecs {
		if s.Name == name {
			return s, true
		}
	}
	return model.ParamSpec{}, false
}

// sensList splits a comma-separated list of names for flag, checking each
// against known and reporting every unknown or repeated name.
func sensList(flagName, what, list string, known []string, fs *flag.FlagSet) ([]string, error) {
	var names, problems []string
	seen := map[string]bool{}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		switch {
		case n == "":
			continue
		case seen[n]:
			problems = append(problems, fmt.Sprintf("%s named twice", n))
			continue
		}
		seen[n] = true
		if !slices.Contains(known, n) {
			msg := fmt.Sprintf("unknown %s %q", what, n)
			if s := suggest.Closest(n, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			problems = append(problems, msg)
			continue
		}
		names = append(names, n)
	}
	if len(problems) > 0 {
		return nil, &usageError{msg: fmt.Sprintf("%s: %s; known: %s", flagName, strings.Join(problems, "; "), strings.Join(known, ", ")), fs: fs}
	}
	if len(names) == 0 {
		return nil, &usageError{msg: fmt.Sprintf("%s: no %s named", flagName, what), fs: fs}
	}
	return names, nil
}

// sensSweepTOML writes the sweep file the command's flags describe. Its
// bytes depend on the flags that decide the results only, so the same
// command resumes the same sweep.
func sensSweepTOML(base, name string, o sensOptions, seed uint64, factors []sensFactor, metrics []string) []byte {
	var b strings.Builder
	q := strconv.Quote
	fmt.Fprintf(&b, "# Made by joinedup sensitivity.\nname = %s\nbase = %s\nweeks = %d\nreplicates = %d\nseed = %d\n\n", q("sensitivity "+name), q(base), o.week, o.replicates, seed)
	if o.method == "sobol" {
		fmt.Fprintf(&b, "[design]\nkind = \"sobol\"\nsize = %d\n", o.size)
	} else {
		fmt.Fprintf(&b, "[design]\nkind = \"morris\"\nsize = %d\nlevels = %d\n", o.r, o.levels)
	}
	for _, f := range factors {
		b.WriteString("\n[[factor]]\n")
		if f.param {
			fmt.Fprintf(&b, "param = %s\n", q(f.name))
		} else {
			fmt.Fprintf(&b, "path = %s\n", q(f.name))
		}
		fmt.Fprintf(&b, "role = %s\n", q(f.role))
		if len(f.levels) > 0 {
			vals := make([]string, len(f.levels))
			for i, l := range f.levels {
				vals[i] = sensLevel(l)
			}
			fmt.Fprintf(&b, "levels = [%s]\n", strings.Join(vals, ", "))
			continue
		}
		fmt.Fprintf(&b, "min = %s\nmax = %s\n", sensNumber(f.min), sensNumber(f.max))
		if f.log {
			b.WriteString("distribution = \"log-uniform\"\n")
		}
	}
	for _, m := range metrics {
		fmt.Fprintf(&b, "\n[[outcome]]\nmetric = %s\n", q(m))
		if o.window > 1 {
			fmt.Fprintf(&b, "window = [%d, %d]\n", o.week-o.window+1, o.week)
		} else {
			fmt.Fprintf(&b, "week = %d\n", o.week)
		}
	}
	return []byte(b.String())
}

// sensNumber writes v as a TOML float.
func sensNumber(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}

// sensLevel writes a level as TOML: a number, true/false, a date as it
// is, anything else as a quoted string.
func sensLevel(l string) string {
	if l == "true" || l == "false" {
		return l
	}
	if _, err := strconv.ParseFloat(l, 64); err == nil {
		return l
	}
	if _, err := time.Parse(time.DateOnly, l); err == nil {
		return l
	}
	if u, err := strconv.Unquote(l); err == nil {
		l = u
	}
	return strconv.Quote(l)
}

// sensProblems rewrites the problems of the generated sweep file so that
// each names the flag it came from rather than the generated file's line.
func sensProblems(err error, factors []sensFactor) error {
	var out []error
	for _, e := range flatten(err) {
		var fe *scenarios.FieldError
		if errors.As(e, &fe) && strings.HasPrefix(fe.Path, "factor[") {
			if end := strings.IndexByte(fe.Path, ']'); end > 0 {
				if i, err := strconv.Atoi(fe.Path[len("factor["):end]); err == nil && i < len(factors) {
					out = append(out, fmt.Errorf("%s: %s", factors[i].from, fe.Msg))
					continue
				}
			}
		}
		if errors.As(e, &fe) {
			out = append(out, errors.New(fe.Msg))
			continue
		}
		out = append(out, e)
	}
	return &invalidError{problems: out}
}

func cmdSensitivity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	pos, o, fs, err := parseSensitivity(args, stderr)
	if err != nil {
		return err
	}
	arms, err := armsOf(pos, nil, nil)
	if err != nil {
		return err
	}
	scen := arms[0].Scenario
	cfg, err := scen.Build()
	if err != nil {
		return &invalidError{problems: flatten(err)}
	}
	name := arms[0].Name
	seed := scen.Seed()
	if o.seedSet {
		seed = o.seed
	}
	factors, err := sensFactors(o, cfg.Params, fs)
	if err != nil {
		return err
	}
	var metricNames []string
	for _, m := range cfg.Metrics() {
		metricNames = append(metricNames, m.Name)
	}
	metrics, err := sensList("-metrics", "outcome", o.metrics, metricNames, fs)
	if err != nil {
		return err
	}
	base := pos[0]
	if strings.HasSuffix(base, ".toml") {
		if base, err = filepath.Abs(base); err != nil {
			return err
		}
	}
	file, err := scenarios.ParseSweep("", sensSweepTOML(base, name, o, seed, factors, metrics))
	if err != nil {
		return sensProblems(err, factors)
	}
	sw, err := experiment.NewSweep(file)
	if err != nil {
		return sensProblems(err, factors)
	}

	dir := o.out
	if dir == "" {
		dir = filepath.Join("out", "sensitivity-"+name+"-"+o.now.Format("20060102-150405"))
	}
	if !o.resume {
		if _, err := experiment.ReadSweepInfo(dir); err == nil {
			return fmt.Errorf("%s already holds a sensitivity run; add -resume to complete it, or choose another -o", dir)
		}
	}
	est, err := sw.EstimateRun(experiment.Shard{}, o.workers)
	if err != nil {
		return err
	}
	est.Fix = "Run fewer trajectories (-r) or a smaller Sobol sample (-size), fewer replicates (-n), an earlier -week or fewer factors"
	if err := est.Fits(experiment.ThisMachine(dir)); err != nil {
		if !o.force {
			return err
		}
		if !o.quiet {
			fmt.Fprintf(stderr, "joinedup: -force: running although %v\n", strings.TrimSuffix(err.Error(), "; -force runs it anyway"))
		}
	}
	label := "sensitivity " + name
	if !o.quiet {
		fmt.Fprintf(stderr, "%s: %s design over %d factors, %d points × %d replicates = %d simulations of %d weeks\n",
			label, o.method, len(factors), len(sw.Points), sw.Replicates, sw.Runs(), sw.Weeks)
	}
	so := experiment.SweepOptions{Dir: dir, Resume: o.resume, Workers: o.workers, Version: versionString(), Merge: true}
	if !o.noCache {
		so.Cache, _ = experiment.DefaultCache(versionString())
	}
	var pr *progressBar
	if !o.quiet {
		pr = newProgressBar(stderr, label)
		so.Progress = pr.Count
	}
	err = experiment.RunSweep(ctx, sw, so)
	if pr != nil {
		pr.Finish(err)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: the finished design points are recorded in %s; complete the rest with\n  %s", dir, sensResumeCommand(o.command, dir))
		}
		return err
	}

	a, err := experiment.AnalyseSweep(dir, experiment.AnalyseOptions{Resamples: o.resamples})
	if err != nil {
		return err
	}
	adir := filepath.Join(dir, "analysis")
	if _, err := a.WriteCSV(adir); err != nil {
		return err
	}
	ranks := sensRanking(a)
	if err := sensWriteCSV(filepath.Join(dir, "factors.csv"), sensFactorsTable(factors)); err != nil {
		return err
	}
	if err := sensWriteCSV(filepath.Join(dir, "ranking.csv"), sensRankingTable(ranks)); err != nil {
		return err
	}
	if o.method == "morris" {
		if err := sensWriteCSV(filepath.Join(dir, "effects.csv"), sensEffectsTable(ranks)); err != nil {
			return err
		}
	}
	if err := sensFigure(dir, o, name, a, ranks); err != nil {
		return err
	}
	var cmp []sensComparison
	if o.against != "" {
		if cmp, err = sensCompare(ranks, o.against); err != nil {
			return err
		}
		if err := sensWriteCSV(filepath.Join(dir, "stability.csv"), sensStabilityTable(cmp, o.against)); err != nil {
			return err
		}
	}
	if err := writeRanking(stdout, o, name, sw, ranks, a.Notes, cmp); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "\nresults in %s\n", dir)
	return err
}

// sensResumeCommand is the command line that resumes an interrupted run
// in dir.
func sensResumeCommand(command []string, dir string) string {
	var parts []string
	hasOut, hasResume := false, false
	for _, a := range command {
		switch a {
		case "-o", "--o":
			hasOut = true
		case "-resume", "--resume":
			hasResume = true
		}
		if strings.ContainsAny(a, " \"'[]*$") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	if !hasOut {
		parts = append(parts, "-o", dir)
	}
	if !hasResume {
		parts = append(parts, "-resume")
	}
	return strings.Join(parts, " ")
}

// sensRank is one factor's place in one outcome's ranking.
type sensRank struct {
	outcome, factor, role string
	rank                  int
	// Morris
	mu, muStar, muStarLo, muStarHi, sigma float64
	n                                     int
	// Sobol
	s1, s1Lo, s1Hi, st, stLo, stHi float64
	sobol                          bool
}

// key is the measure factors are ranked by: μ* or the total index.
func (r sensRank) key() float64 {
	if r.sobol {
		return r.st
	}
	return r.muStar
}

// consistent reports whether a Sobol factor's first-order index is at most
// its total index within their intervals.
func (r sensRank) consistent() bool { return r.s1Lo <= r.stHi }

// sensRanking ranks each outcome's factors by μ* or the total index, the
// largest first (the factor order among ties).
func sensRanking(a *experiment.SweepAnalysis) map[string][]sensRank {
	out := map[string][]sensRank{}
	for _, r := range a.Morris {
		out[r.Outcome] = append(out[r.Outcome], sensRank{outcome: r.Outcome, factor: r.Factor, role: r.Role,
			mu: r.Mu, muStar: r.MuStar, muStarLo: r.MuStarLo, muStarHi: r.MuStarHi, sigma: r.Sigma, n: r.N})
	}
	for _, r := range a.Sobol {
		out[r.Outcome] = append(out[r.Outcome], sensRank{outcome: r.Outcome, factor: r.Factor, role: r.Role, sobol: true,
			s1: r.S1, s1Lo: r.S1Lo, s1Hi: r.S1Hi, st: r.ST, stLo: r.STLo, stHi: r.STHi})
	}
	for o, rs := range out {
		slices.SortStableFunc(rs, func(a, b sensRank) int {
			x, y := a.key(), b.key()
			switch {
			case x > y || (!math.IsNaN(x) && math.IsNaN(y)):
				return -1
			case x < y || (math.IsNaN(x) && !math.IsNaN(y)):
				return 1
			}
			return 0
		})
		for i := range rs {
			rs[i].rank = i + 1
		}
		out[o] = rs
	}
	return out
}

// sensOutcomes returns the outcomes of the analysis in the sweep's order.
func sensOutcomes(in *experiment.SweepInfo, ranks map[string][]sensRank) []string {
	var out []string
	for _, oc := range in.Outcomes {
		if len(ranks[oc.Name]) > 0 {
			out = append(out, oc.Name)
		}
	}
	return out
}

// sensFormat formats a value for the CSV files: shortest exact form.
func sensFormat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func sensWriteCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func sensFactorsTable(factors []sensFactor) [][]string {
	rows := [][]string{{"factor", "kind", "role", "unit", "value", "min", "max", "distribution", "levels"}}
	for _, f := range factors {
		kind := "path"
		if f.param {
			kind = "parameter"
		}
		lo, hi, dist := sensFormat(f.min), sensFormat(f.max), "uniform"
		if f.log {
			dist = "log-uniform"
		}
		if len(f.levels) > 0 {
			lo, hi, dist = "", "", ""
		}
		rows = append(rows, []string{f.name, kind, f.role, f.unit, f.base, lo, hi, dist, strings.Join(f.levels, "|")})
	}
	return rows
}

// sensOrder lists outcomes in a stable order for tables.
func sensOrder(ranks map[string][]sensRank) []string {
	var os []string
	for o := range ranks {
		os = append(os, o)
	}
	slices.Sort(os)
	return os
}

func sensRankingTable(ranks map[string][]sensRank) [][]string {
	f := sensFormat
	var rows [][]string
	for _, o := range sensOrder(ranks) {
		for _, r := range ranks[o] {
			if r.sobol {
				if rows == nil {
					rows = append(rows, []string{"outcome", "rank", "factor", "role", "st", "st_lo", "st_hi", "s1", "s1_lo", "s1_hi", "s1_le_st"})
				}
				rows = append(rows, []string{o, strconv.Itoa(r.rank), r.factor, r.role, f(r.st), f(r.stLo), f(r.stHi), f(r.s1), f(r.s1Lo), f(r.s1Hi), strconv.FormatBool(r.consistent())})
				continue
			}
			if rows == nil {
				rows = append(rows, []string{"outcome", "rank", "factor", "role", "mu_star", "mu_star_lo", "mu_star_hi", "mu", "sigma", "n"})
			}
			rows = append(rows, []string{o, strconv.Itoa(r.rank), r.factor, r.role, f(r.muStar), f(r.muStarLo), f(r.muStarHi), f(r.mu), f(r.sigma), strconv.Itoa(r.n)})
		}
	}
	return rows
}

// sensEffectsTable is the Morris ranking in the columns of the parameter
// table's screening (docs/sensitivity/*-effects.csv): the metric's name
// without the week.
func sensEffectsTable(ranks map[string][]sensRank) [][]string {
	rows := [][]string{{"metric", "parameter", "mu", "mu_star", "sigma", "n", "rank"}}
	f := sensFormat
	for _, o := range sensOrder(ranks) {
		metric := o
		if i := strings.LastIndexByte(o, '@'); i > 0 {
			metric = o[:i]
		}
		for _, r := range ranks[o] {
			rows = append(rows, []string{metric, r.factor, f(r.mu), f(r.muStar), f(r.sigma), strconv.Itoa(r.n), strconv.Itoa(r.rank)})
		}
	}
	return rows
}

// sensFigure draws the indices of each outcome's top factors (every
// factor with -all), in rank order.
func sensFigure(dir string, o sensOptions, name string, a *experiment.SweepAnalysis, ranks map[string][]sensRank) error {
	if o.formats == "none" {
		return nil
	}
	var fmts []string
	for _, f := range strings.Split(o.formats, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(plot.Formats, f) {
			return &usageError{msg: fmt.Sprintf("-format %q: known formats are %s", f, strings.Join(plot.Formats, ", "))}
		}
		fmts = append(fmts, f)
	}
	top := func(rs []sensRank) []sensRank {
		if len(rs) > sensTop && !o.all {
			rs = rs[:sensTop]
		}
		return rs
	}
	var fig *plot.Figure
	var err error
	stem := o.method
	if o.method == "sobol" {
		var panels []plot.Indices
		for _, oc := range sensOutcomes(a.Info, ranks) {
			in := plot.Indices{Outcome: oc}
			for _, r := range top(ranks[oc]) {
				in.Factors = append(in.Factors, r.factor)
				in.First, in.FirstLo, in.FirstHi = append(in.First, r.s1), append(in.FirstLo, r.s1Lo), append(in.FirstHi, r.s1Hi)
				in.Total, in.TotalLo, in.TotalHi = append(in.Total, r.st), append(in.TotalLo, r.stLo), append(in.TotalHi, r.stHi)
			}
			panels = append(panels, in)
		}
		if len(panels) == 0 {
			return nil
		}
		fig, err = plot.SobolIndices(panels, plot.Options{Title: "Sobol indices of " + name})
	} else {
		var panels []plot.Screening
		for _, oc := range sensOutcomes(a.Info, ranks) {
			s := plot.Screening{Outcome: oc}
			for _, r := range top(ranks[oc]) {
				s.Factors = append(s.Factors, r.factor)
				s.MuStar, s.MuStarLo, s.MuStarHi = append(s.MuStar, r.muStar), append(s.MuStarLo, r.muStarLo), append(s.MuStarHi, r.muStarHi)
				s.Sigma = append(s.Sigma, r.sigma)
			}
			panels = append(panels, s)
		}
		if len(panels) == 0 {
			return nil
		}
		fig, err = plot.MorrisEffects(panels, plot.Options{Title: "Morris screening of " + name})
	}
	if err != nil {
		return err
	}
	for _, f := range fmts {
		if err := fig.Save(filepath.Join(dir, stem+"."+f)); err != nil {
			return err
		}
	}
	return nil
}

// sensComparison compares one outcome's ranking with another run's.
type sensComparison struct {
	outcome   string
	factors   int
	spearman  float64
	top3      bool // the same three factors lead, in any order
	thisTop   []string
	otherTop  []string
	missingIn string // a reason the outcome could not be compared
}

// sensCompare compares the ranking with the ranking.csv in dir.
func sensCompare(ranks map[string][]sensRank, dir string) ([]sensComparison, error) {
	path := filepath.Join(dir, "ranking.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("-against %s: %w (give the folder of another sensitivity run)", dir, err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 1 || len(rows[0]) < 5 || rows[0][2] != "factor" {
		return nil, fmt.Errorf("-against %s: not a ranking.csv of joinedup sensitivity", path)
	}
	other := map[string]map[string]float64{} // outcome → factor → measure
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			v = math.NaN()
		}
		if other[r[0]] == nil {
			other[r[0]] = map[string]float64{}
		}
		other[r[0]][r[2]] = v
	}
	var out []sensComparison
	for _, o := range sensOrder(ranks) {
		c := sensComparison{outcome: o, spearman: math.NaN()}
		om := other[o]
		var a, b []float64
		for _, r := range ranks[o] {
			if v, ok := om[r.factor]; ok {
				a, b = append(a, r.key()), append(b, v)
			}
		}
		c.factors = len(a)
		if len(om) == 0 || len(a) != len(ranks[o]) || len(a) != len(om) {
			c.missingIn = "the two runs do not rank the same factors for it"
			out = append(out, c)
			continue
		}
		c.spearman, _ = sensitivity.RankCorrelation(a, b)
		ra, rb := sensitivity.Ranks(a), sensitivity.Ranks(b)
		names := make([]string, len(a))
		for i, r := range ranks[o] {
			names[i] = r.factor
		}
		for i := range names {
			if ra[i] <= 3 {
				c.thisTop = append(c.thisTop, names[i])
			}
			if rb[i] <= 3 {
				c.otherTop = append(c.otherTop, names[i])
			}
		}
		slices.Sort(c.thisTop)
		slices.Sort(c.otherTop)
		c.top3 = slices.Equal(c.thisTop, c.otherTop)
		out = append(out, c)
	}
	return out, nil
}

func sensStabilityTable(cmp []sensComparison, against string) [][]string {
	rows := [][]string{{"outcome", "factors", "spearman", "same_top3", "top3", "top3_against"}}
	for _, c := range cmp {
		if c.missingIn != "" {
			rows = append(rows, []string{c.outcome, strconv.Itoa(c.factors), "", "", "", ""})
			continue
		}
		rows = append(rows, []string{c.outcome, strconv.Itoa(c.factors), strconv.FormatFloat(c.spearman, 'f', 3, 64), strconv.FormatBool(c.top3),
			strings.Join(c.thisTop, "|"), strings.Join(c.otherTop, "|")})
	}
	return rows
}

// writeRanking prints each outcome's ranking, the top sensTop unless o.all.
func writeRanking(w io.Writer, o sensOptions, name string, sw *experiment.Sweep, ranks map[string][]sensRank, notes []string, cmp []sensComparison) error {
	window := fmt.Sprintf("week %d", o.week)
	if o.window > 1 {
		window = fmt.Sprintf("weeks %d-%d", o.week-o.window+1, o.week)
	}
	if o.method == "sobol" {
		fmt.Fprintf(w, "Sobol indices of %s: base sample %d, %d points × %d replicates, %s; 95%% bootstrap intervals\n",
			name, o.size, len(sw.Points), sw.Replicates, window)
	} else {
		fmt.Fprintf(w, "Morris screening of %s: %d trajectories, %d levels, %d points × %d replicates, %s; 95%% bootstrap interval on mu*\n",
			name, o.r, o.levels, len(sw.Points), sw.Replicates, window)
	}
	g := func(v float64) string { return fmt.Sprintf("%.3g", v) }
	info := sw.Info("")
	for _, oc := range sensOutcomes(&info, ranks) {
		rs := ranks[oc]
		fmt.Fprintf(w, "\n%s\n", oc)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		if o.method == "sobol" {
			fmt.Fprintf(tw, "  rank\tfactor\trole\ttotal ST\t[95%%]\tfirst-order S1\t[95%%]\n")
		} else {
			fmt.Fprintf(tw, "  rank\tfactor\trole\tmu*\t[95%%]\tmu\tsigma\n")
		}
		bad := 0
		for k, r := range rs {
			if r.sobol && !r.consistent() {
				bad++
			}
			if k >= sensTop && !o.all {
				continue
			}
			if r.sobol {
				fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t[%s, %s]\t%s\t[%s, %s]\n", r.rank, r.factor, r.role, g(r.st), g(r.stLo), g(r.stHi), g(r.s1), g(r.s1Lo), g(r.s1Hi))
			} else {
				fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t[%s, %s]\t%s\t%s\n", r.rank, r.factor, r.role, g(r.muStar), g(r.muStarLo), g(r.muStarHi), g(r.mu), g(r.sigma))
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if n := len(rs) - sensTop; n > 0 && !o.all {
			fmt.Fprintf(w, "  (%d more; -all shows them)\n", n)
		}
		if o.method == "sobol" {
			if bad == 0 {
				fmt.Fprintf(w, "  first-order <= total within the intervals for all %d factors\n", len(rs))
			} else {
				fmt.Fprintf(w, "  first-order above total beyond the intervals for %d of %d factors: more base sample (-size) or replicates (-n)\n", bad, len(rs))
			}
		}
	}
	for _, n := range notes {
		hint := ""
		if strings.Contains(n, "have no value") {
			hint = " (try a larger -window)"
		}
		fmt.Fprintf(w, "\nskipped: %s%s\n", n, hint)
	}
	if len(cmp) > 0 {
		fmt.Fprintf(w, "\nagainst %s:\n", o.against)
		for _, c := range cmp {
			if c.missingIn != "" {
				fmt.Fprintf(w, "  %s: not compared: %s\n", c.outcome, c.missingIn)
				continue
			}
			same := "the same top three"
			if !c.top3 {
				same = fmt.Sprintf("top three differ (%s here, %s there)", strings.Join(c.thisTop, ", "), strings.Join(c.otherTop, ", "))
			}
			fmt.Fprintf(w, "  %s: rank correlation %.3f over %d factors; %s\n", c.outcome, c.spearman, c.factors, same)
		}
	}
	return nil
}

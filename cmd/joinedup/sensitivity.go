package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/internal/suggest"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/sensitivity"
	"github.com/joinedup/joinedup/sim"
)

func init() { commands["sensitivity"] = cmdSensitivity }

// sensDefaultMetrics are the outcomes screened unless -metrics says otherwise.
var sensDefaultMetrics = []string{
	"cohesion", "team_identification", "trust", "user_experience",
	"weeks_to_intervention", "nhs_performance",
}

// sensTop is how many parameters the terminal ranking shows per outcome
// unless -all is given.
const sensTop = 15

// sensDesignStream is the sim stream id the design is drawn from; the
// simulations themselves use stream 0, so the design does not share their
// random numbers.
const sensDesignStream = 1 << 62

// sensOptions are the settings of the sensitivity command.
type sensOptions struct {
	params     string // comma-separated parameter names; "" means all
	rangeMode  string // "local" or "full"
	metrics    string // comma-separated metric names
	r          int    // trajectories
	levels     int    // grid levels
	replicates int    // replicates per design point
	week       int    // week at which outcomes are read; also the run length
	window     int    // weeks averaged, ending at week
	seed       uint64 // used when seedSet
	seedSet    bool
	workers    int
	out        string
	quiet      bool
	all        bool
	command    []string
	now        time.Time
}

const sensAbout = `Screens the model's parameters for influence on its outcomes by Morris's
elementary effects. The design has TRAJECTORIES trajectories of k+1 points
(k parameters), each moving one parameter at a time by 2/3 of its screening
range (with 4 levels); at each point the scenario is simulated over -n
replicates on common random numbers (the same seed and streams at every
point, so differences between points are not seed noise) and each outcome's
replicate mean at -week is taken. For each outcome the parameters are ranked
by mu* (mean absolute effect, per whole screening range); sigma measures how
much the effect depends on the other parameters or on where it is measured.

Screening ranges (-range): "local" (default) is [max(min, v/2), min(max, 1.5v)]
around the scenario's value v of each parameter (the model default unless
the scenario's [parameters] sets it), or the admissible range when v is 0;
"full" is each parameter's admissible range, where parts of the model may
saturate or switch off and the screening can be degenerate.

Writes design.csv (point, trajectory, parameter values), factors.csv
(screening ranges), outputs.csv (point, metric, value), effects.csv (metric,
parameter, mu, mu_star, sigma, n, rank) and manifest.json to a new folder
that appears only once complete, and prints the ranking per outcome.
Simulations: TRAJECTORIES × (k+1) × REPLICATES.

Unlike run, screening does not draw parameters from the calibrated
ensemble: it moves the parameters itself, and the ones it does not screen
keep the scenario's values (the parameter table's unless the scenario sets
them), so each elementary effect is measured from one known point.
`

func parseSensitivity(args []string, stderr io.Writer) ([]string, sensOptions, *flag.FlagSet, error) {
	o := sensOptions{command: append([]string{"joinedup", "sensitivity"}, args...), now: time.Now().UTC()}
	fs := newFlagSet("sensitivity", "sensitivity SCENARIO [flags]", sensAbout, stderr)
	fs.StringVar(&o.params, "params", "", "comma-separated `names` of the parameters to screen (default all)")
	fs.StringVar(&o.rangeMode, "range", "local", "screening `range` of each parameter: local or full")
	fs.StringVar(&o.metrics, "metrics", strings.Join(sensDefaultMetrics, ","), "comma-separated `outcomes` to screen")
	fs.IntVar(&o.r, "r", 10, "number of `trajectories`")
	fs.IntVar(&o.levels, "levels", sensitivity.DefaultLevels, "grid `levels` (even)")
	fs.IntVar(&o.replicates, "n", 20, "`replicates` per design point")
	fs.IntVar(&o.week, "week", 156, "`week` at which outcomes are read (the run stops there)")
	fs.IntVar(&o.window, "window", 1, "average outcomes over the `K` weeks ending at -week")
	fs.Uint64Var(&o.seed, "seed", 0, "master `seed` (default the scenario's)")
	fs.IntVar(&o.workers, "workers", 0, "parallel `workers` (default GOMAXPROCS); results do not depend on it")
	fs.StringVar(&o.out, "o", "", "output `folder`, which must not exist or be empty (default ./out/sensitivity-SCENARIO-YYYYMMDD-HHMMSS, UTC)")
	fs.BoolVar(&o.quiet, "quiet", false, "print no progress")
	fs.BoolVar(&o.all, "all", false, fmt.Sprintf("show every parameter in the ranking (default the top %d)", sensTop))
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, o, fs, err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			o.seedSet = true
		}
	})
	bad := func(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...), fs: fs} }
	switch {
	case len(pos) != 1:
		err = bad("sensitivity needs one scenario, got %d", len(pos))
	case o.r < 1:
		err = bad("-r %d: the number of trajectories must be positive", o.r)
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
	}
	return pos, o, fs, err
}

// sensFactor is one screened parameter.
type sensFactor struct {
	spec model.ParamSpec
	base float64 // the scenario's value
	sensitivity.Factor
}

// sensFactors returns the parameters to screen, with their ranges.
func sensFactors(list, mode string, p model.Params, fs *flag.FlagSet) ([]sensFactor, error) {
	names := model.ParamNames()
	if list != "" {
		var err error
		names, err = sensList("-params", "parameter", list, model.ParamNames(), fs)
		if err != nil {
			return nil, err
		}
	}
	var out []sensFactor
	for _, name := range names {
		for _, s := range model.ParamSpecs {
			if s.Name != name {
				continue
			}
			v, _ := p.Get(name)
			lo, hi := s.Min, s.Max
			if mode == "local" && v > 0 {
				lo, hi = max(s.Min, v/2), min(s.Max, v*1.5)
			}
			out = append(out, sensFactor{spec: s, base: v, Factor: sensitivity.Factor{Name: name, Min: lo, Max: hi}})
		}
	}
	return out, nil
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
		found := false
		for _, k := range known {
			if k == n {
				found = true
				break
			}
		}
		if !found {
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

	factors, err := sensFactors(o.params, o.rangeMode, cfg.Params, fs)
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

	design := sensitivity.MorrisDesign{Trajectories: o.r, Levels: o.levels}
	for _, f := range factors {
		design.Factors = append(design.Factors, f.Factor)
	}
	points, err := design.Points(sim.NewRand(seed, sensDesignStream, 0, 0))
	if err != nil {
		return err
	}

	dir := o.out
	if dir == "" {
		dir = filepath.Join("out", "sensitivity-"+name+"-"+o.now.Format("20060102-150405"))
	}
	out, err := results.NewOutput(dir)
	if err != nil {
		return err
	}
	defer out.Abort()

	// Simulate every design point on the same seed and streams (common
	// random numbers across points), each setting the parameters.
	every := o.week
	if o.window > 1 {
		every = 1
	}
	plan := experiment.Plan{
		Arms: arms, Replicates: o.replicates, Weeks: o.week, Every: every,
		Seed: seed, Workers: o.workers, SharedStreams: true,
	}
	for _, x := range points {
		var pt experiment.Point
		for i, f := range factors {
			pt.Settings = append(pt.Settings, experiment.Setting{Factor: f.Name, Param: true, Value: sensFormat(x[i])})
		}
		plan.Points = append(plan.Points, pt)
	}
	means := &experiment.WindowMeans{Metrics: metrics, Window: o.window}
	done := 0
	counter := experiment.SinkFunc(func(*experiment.Unit) error { done++; return nil })
	sinks := []experiment.Sink{means, counter}
	total := len(points) * o.replicates
	if !o.quiet {
		fmt.Fprintf(stderr, "sensitivity %s: %d parameters, %d trajectories, %d points × %d replicates = %d simulations of %d weeks\n",
			name, len(factors), o.r, len(points), o.replicates, total, o.week)
		sinks = append(sinks, experiment.NewProgress(stderr, "sensitivity "+name))
	}
	started := time.Now()
	if err := experiment.Run(ctx, plan, sinks...); err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return fmt.Errorf("interrupted at design point %d of %d; nothing was written to %s", done/o.replicates+1, len(points), dir)
		}
		return fmt.Errorf("%w; nothing was written to %s", err, dir)
	}
	outputs := make([][]float64, len(metrics)) // [metric][point]
	for i := range outputs {
		outputs[i] = make([]float64, len(points))
		for j := range points {
			outputs[i][j] = means.Mean(j, i)
		}
	}
	if !o.quiet {
		elapsed := time.Since(started)
		fmt.Fprintf(stderr, "sensitivity %s: %d simulations in %.1fs (%.2f ms each)\n",
			name, total, elapsed.Seconds(), float64(elapsed.Microseconds())/1000/float64(total))
	}

	// Effects per metric; a metric undefined at some point is skipped.
	effects := make([][]sensitivity.Effect, len(metrics))
	var skipped []string
	for i, m := range metrics {
		undefined := 0
		for _, v := range outputs[i] {
			if math.IsNaN(v) {
				undefined++
			}
		}
		if undefined > 0 {
			skipped = append(skipped, fmt.Sprintf("%s (undefined at %d of %d points; try a larger -window)", m, undefined, len(points)))
			continue
		}
		eff, err := sensitivity.ElementaryEffects(design, points, outputs[i])
		if err != nil {
			return fmt.Errorf("%s: %w", m, err)
		}
		effects[i] = sensitivity.Rank(eff)
	}

	record, err := json.Marshal(experiment.NewRecord(&plan, nil))
	if err != nil {
		return err
	}
	rows := map[string]int{"design.csv": len(points), "factors.csv": len(factors), "outputs.csv": len(points) * len(metrics)}
	if err := writeFile(out, "design.csv", func(w io.Writer) error { return writeDesignCSV(w, o.r, factors, points) }); err != nil {
		return err
	}
	if err := writeFile(out, "factors.csv", func(w io.Writer) error { return writeFactorsCSV(w, factors) }); err != nil {
		return err
	}
	if err := writeFile(out, "outputs.csv", func(w io.Writer) error { return writeOutputsCSV(w, metrics, outputs) }); err != nil {
		return err
	}
	nEff := 0
	if err := writeFile(out, "effects.csv", func(w io.Writer) error {
		var err error
		nEff, err = writeEffectsCSV(w, metrics, effects)
		return err
	}); err != nil {
		return err
	}
	rows["effects.csv"] = nEff
	err = out.Commit(results.Manifest{
		Tool: "joinedup", Version: versionString(), Command: o.command, Created: o.now.Format(time.RFC3339),
		Runs: []results.ManifestRun{{
			Run: 0, Scenario: name, Source: scen.File(), Hash: scen.Hash(), Seed: seed, Stream: 0,
			Replicates: o.replicates, Weeks: o.week, Every: every, Start: cfg.Start.Format(time.DateOnly),
		}},
		RowCounts: rows, Build: experiment.BuildInfo(), Experiment: record,
	})
	if err != nil {
		return err
	}

	if err := writeRanking(stdout, o, name, metrics, effects, skipped); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "\nresults in %s\n", dir)
	return err
}

// sensFormat formats a value for the CSV files: shortest exact form.
func sensFormat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func writeDesignCSV(w io.Writer, r int, factors []sensFactor, points [][]float64) error {
	cw := csv.NewWriter(w)
	head := []string{"point", "trajectory"}
	for _, f := range factors {
		head = append(head, f.Name)
	}
	cw.Write(head)
	per := len(points) / r
	for j, x := range points {
		rec := []string{strconv.Itoa(j), strconv.Itoa(j / per)}
		for _, v := range x {
			rec = append(rec, sensFormat(v))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

func writeFactorsCSV(w io.Writer, factors []sensFactor) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"parameter", "unit", "value", "min", "max"})
	for _, f := range factors {
		cw.Write([]string{f.Name, f.spec.Unit, sensFormat(f.base), sensFormat(f.Min), sensFormat(f.Max)})
	}
	cw.Flush()
	return cw.Error()
}

func writeOutputsCSV(w io.Writer, metrics []string, outputs [][]float64) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"point", "metric", "value"})
	for j := range outputs[0] {
		for i, m := range metrics {
			cw.Write([]string{strconv.Itoa(j), m, sensFormat(outputs[i][j])})
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeEffectsCSV writes the ranked effects of each metric (none for a
// skipped metric) and returns the number of rows.
func writeEffectsCSV(w io.Writer, metrics []string, effects [][]sensitivity.Effect) (int, error) {
	cw := csv.NewWriter(w)
	cw.Write([]string{"metric", "parameter", "mu", "mu_star", "sigma", "n", "rank"})
	n := 0
	for i, m := range metrics {
		for k, e := range effects[i] {
			cw.Write([]string{m, e.Factor, sensFormat(e.Mu), sensFormat(e.MuStar), sensFormat(e.Sigma), strconv.Itoa(e.N), strconv.Itoa(k + 1)})
			n++
		}
	}
	cw.Flush()
	return n, cw.Error()
}

// writeRanking prints each metric's ranking, the top sensTop unless o.all.
func writeRanking(w io.Writer, o sensOptions, name string, metrics []string, effects [][]sensitivity.Effect, skipped []string) error {
	window := fmt.Sprintf("week %d", o.week)
	if o.window > 1 {
		window = fmt.Sprintf("weeks %d-%d", o.week-o.window+1, o.week)
	}
	fmt.Fprintf(w, "Morris screening of %s: %d trajectories, %d levels, %d replicates per point, %s ranges, %s\n",
		name, o.r, o.levels, o.replicates, o.rangeMode, window)
	for i, m := range metrics {
		if effects[i] == nil {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", m)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  rank\tparameter\tmu*\tmu\tsigma\n")
		for k, e := range effects[i] {
			if k == sensTop && !o.all {
				break
			}
			fmt.Fprintf(tw, "  %d\t%s\t%.4g\t%.4g\t%.4g\n", k+1, e.Factor, e.MuStar, e.Mu, e.Sigma)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if n := len(effects[i]) - sensTop; n > 0 && !o.all {
			fmt.Fprintf(w, "  (%d more; -all shows them)\n", n)
		}
	}
	for _, s := range skipped {
		fmt.Fprintf(w, "\nskipped %s\n", s)
	}
	return nil
}

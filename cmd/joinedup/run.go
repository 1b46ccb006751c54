package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// tableMetrics are the main outcomes shown in the terminal table, in this
// order; those a run does not observe are left out.
var tableMetrics = []string{
	"cohesion", "team_identification", "professional_affinity", "parity_of_esteem",
	"acceptance", "trust", "weeks_to_intervention", "seen_within_target", "user_experience",
	"delayed_transfer_days", "cost_per_case", "turnover", "nhs_performance",
	"joint_posts_standing",
}

// tableWeeks are the weeks shown in the full terminal table (-table full):
// years 1, 2, 3 and the end.
var tableWeeks = []int{52, 104, 156, results.EndWeek}

// briefMetrics and briefWeeks make the brief table, the default: the main
// outcomes that have a better way, at year 3 and the end.
var (
	briefMetrics = []string{"cohesion", "trust", "user_experience", "weeks_to_intervention", "seen_within_target", "delayed_transfer_days", "cost_per_case"}
	briefWeeks   = []int{156, results.EndWeek}
)

// tableOptions say which way is better for the main outcomes that have a
// better way, and ask for a line in words on each of them by year 3 (or the
// end, if sooner). The other metrics of the table are described only as
// higher or lower.
var tableOptions = results.TableOptions{
	Better: map[string]results.Direction{
		"cohesion":              results.HigherBetter,
		"trust":                 results.HigherBetter,
		"user_experience":       results.HigherBetter,
		"weeks_to_intervention": results.LowerBetter,
		"seen_within_target":    results.HigherBetter,
		"delayed_transfer_days": results.LowerBetter,
		"cost_per_case":         results.LowerBetter,
	},
	Lines:   []string{"cohesion", "trust", "user_experience", "weeks_to_intervention", "seen_within_target", "delayed_transfer_days", "cost_per_case"},
	LinesAt: 156,
}

// runOptions are the settings shared by run and compare. Zero values mean
// the scenario's own setting.
type runOptions struct {
	name       string               // "run" or "compare", for progress lines
	out        string               // output folder; "" means ./out/<scenarios>-<UTC time>
	replicates int                  // 0: the scenario's (the largest, when comparing)
	weeks      int                  // 0: the scenario's (the largest, when comparing)
	seed       uint64               // used when seedSet
	seedSet    bool                 // -seed was given; otherwise the first scenario's seed
	workers    int                  // 0: GOMAXPROCS
	every      int                  // record every so many weeks; 0 means 1
	quiet      bool                 // no progress on stderr
	plain      bool                 // -plain: the same as -format csv
	format     string               // -format: parquet, csv.gz or csv
	plots      bool                 // draw the figures under plots/ (-plots, default true)
	noCache    bool                 // -no-cache: simulate even when the cache holds the run, and store nothing
	teams      bool                 // -teams: record the per-team metrics too (model.Config.TeamMetrics)
	ensemble   *experiment.Ensemble // drawn from; nil: fixed parameters
	force      bool                 // -force: run even when the estimate exceeds the machine
	table      string               // -table: brief, full or none
	set        []scenarios.Override // -set: applied to every scenario
	vs         []string             // -vs (compare): one arm of the one scenario per specification
	params     paramOptions         // -fixed-params, -ensemble
	command    []string             // the command line, for the manifest
	now        time.Time            // the time the command started
}

const runFlagsAbout = `Flags may come before or after the scenarios. Results go to a new folder
(replicates.parquet, summary.csv, runs.csv, metrics.csv, arms/, plots/ and manifest.json)
that appears only once complete; a table of the main outcomes is printed.
-plots=false skips drawing the figures (faster for big runs and sweeps);
"joinedup plot DIR" draws them later.
`

// runFlags defines the flags shared by run and compare on fs.
func runFlags(fs *flag.FlagSet, o *runOptions) {
	fs.StringVar(&o.out, "o", "", "output `folder`, which must not exist or be empty (default ./out/SCENARIO-YYYYMMDD-HHMMSS, UTC)")
	fs.IntVar(&o.replicates, "n", 0, "number of `replicates` (default the scenario's)")
	fs.IntVar(&o.weeks, "weeks", 0, "`weeks` to simulate (default the scenario's)")
	fs.Uint64Var(&o.seed, "seed", 0, "master `seed` (default the first scenario's)")
	fs.IntVar(&o.workers, "workers", 0, "parallel `workers` (default GOMAXPROCS); results do not depend on it")
	fs.IntVar(&o.every, "every", 1, "record every `K` weeks, and the last week")
	fs.BoolVar(&o.quiet, "quiet", false, "print no progress")
	fs.StringVar(&o.format, "format", "parquet", "per-replicate table `format`: parquet (replicates.parquet, one column per metric),\n"+
		"csv.gz (tidy.csv.gz, one row per value) or csv (tidy.csv)")
	fs.BoolVar(&o.plain, "plain", false, "write the per-replicate table as plain tidy.csv (the same as -format csv)")
	fs.BoolVar(&o.noCache, "no-cache", false, "simulate even if the result cache holds this run, and do not store it\n"+
		"(the cache is $"+experiment.CacheEnv+" or the user cache folder's joinedup/, at most 2 GiB)")
	fs.BoolVar(&o.plots, "plots", true, "draw the figures under plots/; -plots=false skips them (joinedup plot draws them later)")
	fs.BoolVar(&o.teams, "teams", false, "also record each team's cohesion, team_identification, trust, user_experience,\n"+
		"weeks_to_intervention and cases_open as METRIC[TEAM] (the printed table stays world-level)")
	fs.StringVar(&o.table, "table", "brief", "the table printed: brief (the main outcomes at year 3 and the end), full (more\n"+
		"outcomes at years 1, 2, 3 and the end) or none; every metric and week is in summary.csv")
	fs.BoolVar(&o.force, "force", false, "run even when the estimate made before the run says it exceeds this machine's memory,\n"+
		"disk or "+experiment.Duration(experiment.MaxRunTime))
	fs.Var(overrideFlag{&o.set, "--set"}, "set", "set a field of every scenario named, as `PATH=VALUE` in the file's keys, such as\n"+
		"partnership.targets=separate, team[0].colocated=false or team[\"pathway team\"].leadership=0.5;\n"+
		"VALUE is TOML (a bare word is a string); repeatable")
	paramFlags(fs, &o.params)
	if o.name == "compare" {
		fs.Var(armFlag{&o.vs}, "vs", "add an arm: the one scenario with `PATH=VALUE` set (as -set does); several settings\n"+
			"in one arm are separated by ';', as 'partnership.targets=separate; team[0].colocated=false';\n"+
			"repeatable, one arm per -vs")
	}
}

// parseRun parses the command line of run or compare.
func parseRun(name, synopsis, about string, args []string, stderr io.Writer) ([]string, runOptions, *flag.FlagSet, error) {
	o := runOptions{name: name, command: append([]string{"joinedup", name}, args...), now: time.Now().UTC()}
	fs := newFlagSet(name, synopsis, about+"\n"+runFlagsAbout+"\n"+paramFlagsAbout, stderr)
	runFlags(fs, &o)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, o, fs, err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			o.seedSet = true
		}
	})
	switch {
	case o.replicates < 0 || o.replicates > scenarios.MaxReplicates:
		err = &usageError{msg: fmt.Sprintf("-n %d: the number of replicates must be between 1 and %d, as run.replicates", o.replicates, scenarios.MaxReplicates)}
	case o.weeks < 0 || o.weeks > scenarios.MaxWeeks:
		err = &usageError{msg: fmt.Sprintf("-weeks %d: the number of weeks must be between 1 and %d (100 years), as run.weeks", o.weeks, scenarios.MaxWeeks)}
	case o.workers < 0:
		err = &usageError{msg: fmt.Sprintf("-workers %d: the number of workers must not be negative", o.workers), fs: fs}
	case o.every < 1:
		err = &usageError{msg: fmt.Sprintf("-every %d: the recording interval must be at least 1 week", o.every), fs: fs}
	case o.table != "brief" && o.table != "full" && o.table != "none":
		err = &usageError{msg: fmt.Sprintf("-table %q: use brief, full or none", o.table)}
	case o.format != "parquet" && o.format != "csv.gz" && o.format != "csv":
		err = &usageError{msg: fmt.Sprintf("-format %q: use parquet, csv.gz or csv", o.format), fs: fs}
	}
	if err == nil {
		o.ensemble, err = o.params.plan(fs)
	}
	return pos, o, fs, err
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	pos, o, fs, err := parseRun("run", "run SCENARIO [flags]",
		"Simulates the scenario (an embedded name or a .toml path) over its replicates.\n", args, stderr)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &usageError{msg: fmt.Sprintf("run needs one scenario, got %d", len(pos)), fs: fs}
	}
	arms, err := armsOf(pos, o.set, nil)
	if err != nil {
		return err
	}
	return runArms(ctx, arms, o, stdout, stderr)
}

func cmdCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	pos, o, fs, err := parseRun("compare", "compare A B [more...] [flags]",
		`Simulates each scenario on common random numbers (the same seed and
streams, so replicates pair up) and writes, besides the run's files,
comparison.csv: paired differences of each scenario against the first, with
95% intervals. Replicates and weeks are the largest of the scenarios' unless
-n or -weeks is given; only the metrics the scenarios share are compared.

What-if: "compare A -vs PATH=VALUE" compares scenario A with a variant of
itself that sets PATH=VALUE, named "A + PATH=VALUE" in the table and the
files. Each -vs adds one arm: "compare A -vs X=1 -vs Y=2" runs three arms,
A, A with X=1 and A with Y=2. One arm may set several fields, separated by
';': -vs 'X=1; Y=2' (a ';' inside quotes or brackets does not separate).
`, args, stderr)
	if err != nil {
		return err
	}
	if len(o.vs) > 0 {
		if len(pos) != 1 {
			return &usageError{msg: fmt.Sprintf("compare with -vs needs one scenario, got %d", len(pos)), fs: fs}
		}
		arms, err := armsOf(pos, o.set, o.vs)
		if err != nil {
			return err
		}
		return runArms(ctx, arms, o, stdout, stderr)
	}
	if len(pos) < 2 {
		return &usageError{msg: fmt.Sprintf("compare needs at least two scenarios (or one and -vs), got %d", len(pos)), fs: fs}
	}
	arms, err := armsOf(pos, o.set, nil)
	if err != nil {
		return err
	}
	return runArms(ctx, arms, o, stdout, stderr)
}

// armFlag collects the arm specifications of a repeatable -vs.
type armFlag struct{ list *[]string }

func (f armFlag) String() string {
	if f.list == nil {
		return ""
	}
	return strings.Join(*f.list, " -vs ")
}

func (f armFlag) Set(s string) error {
	if _, err := experiment.ParseArmSpec(s, "-vs"); err != nil {
		return err
	}
	*f.list = append(*f.list, s)
	return nil
}

// loadAll resolves every argument with the overrides, reporting all
// problems of all of them.
func loadAll(args []string, set ...scenarios.Override) ([]*scenarios.Scenario, error) {
	var scens []*scenarios.Scenario
	var problems []error
	for _, a := range args {
		s, err := scenarios.ResolveWith(a, set)
		if err != nil {
			problems = append(problems, flatten(err)...)
			continue
		}
		scens = append(scens, s)
	}
	if len(problems) > 0 {
		return nil, &invalidError{problems: problems}
	}
	return scens, nil
}

// armsOf makes one arm per scenario named, each with the -set overrides
// (not shown in the arm's name: they apply to every arm), and, with -vs
// specifications, one more arm of the single scenario per specification,
// named "A + PATH=VALUE; PATH=VALUE". Every problem of every arm is
// reported at once.
func armsOf(args []string, set []scenarios.Override, vs []string) ([]experiment.Arm, error) {
	var arms []experiment.Arm
	var problems []error
	add := func(src string, extra []scenarios.Override) {
		over := append(append([]scenarios.Override(nil), set...), extra...)
		a, err := experiment.NewArm(src, over...)
		if err != nil {
			problems = append(problems, flatten(err)...)
			return
		}
		a.Name = experiment.ScenarioName(a.Scenario)
		if len(extra) > 0 {
			a.Name += " + " + experiment.Label(extra)
		}
		arms = append(arms, a)
	}
	for _, a := range args {
		add(a, nil)
	}
	for _, spec := range vs {
		over, err := experiment.ParseArmSpec(spec, "-vs")
		if err != nil {
			problems = append(problems, err)
			continue
		}
		add(args[0], over)
	}
	if len(problems) > 0 {
		return nil, &invalidError{problems: problems}
	}
	return arms, nil
}

// runArms simulates the arms on common random numbers (the same seed and
// streams) into one output folder — per-replicate table, summary.csv,
// runs.csv, metrics.csv, comparison.csv (with two or more arms), the
// figures under plots/ unless o.plots is false, arms/ and manifest.json —
// then prints a table of the main outcomes and the folder's path to
// stdout. If ctx is cancelled nothing is written.
func runArms(ctx context.Context, arms []experiment.Arm, o runOptions, stdout, stderr io.Writer) error {
	plan := experiment.Plan{
		Arms: arms, Replicates: o.replicates, Weeks: o.weeks, Every: max(o.every, 1),
		Seed: arms[0].Scenario.Seed(), Workers: o.workers, TeamMetrics: o.teams,
		Ensemble: o.ensemble,
	}
	if o.seedSet {
		plan.Seed = o.seed
	}
	if !o.noCache {
		plan.Cache, _ = experiment.DefaultCache(versionString()) // no cache folder: no cache
	}
	var names []string
	for _, a := range arms {
		if o.weeks == 0 {
			plan.Weeks = max(plan.Weeks, a.Scenario.Weeks())
		}
		if o.replicates == 0 {
			plan.Replicates = max(plan.Replicates, a.Scenario.Replicates())
		}
		names = append(names, experiment.Slug(a.Name))
	}
	dir := o.out
	if dir == "" {
		var err error
		if dir, err = reserveOutput("out", names, o.now); err != nil {
			return err
		}
		// Reserved empty; replaced by the results, removed if none come.
		defer os.Remove(dir)
	} else if err := checkOutput(dir); err != nil {
		return err
	}
	if !o.quiet {
		reportStale(stderr, dir)
		seen := map[string]bool{}
		for _, a := range arms {
			for _, w := range a.Scenario.Warnings() {
				if msg := plainMessage(w); !seen[msg] {
					seen[msg] = true
					fmt.Fprintf(stderr, "warning: %s\n", msg)
				}
			}
		}
	}
	fo := experiment.FolderOptions{
		Dir: dir, Command: o.command, Created: o.now, Version: versionString(),
	}
	switch {
	case o.plain || o.format == "csv":
		fo.Table = experiment.TableCSV
	case o.format == "csv.gz":
		fo.Table = experiment.TableCSVGzip
	default:
		fo.Table = experiment.TableParquet
	}
	if o.plots {
		var scens []*scenarios.Scenario
		for _, a := range arms {
			scens = append(scens, a.Scenario)
		}
		fo.Plots = plotsMarking(scens)
	}
	if err := checkSize(&plan, fo.Table, dir, o.force, o.quiet, stderr); err != nil {
		return err
	}
	folder := experiment.NewFolder(fo)
	sinks := []experiment.Sink{folder}
	if !o.quiet {
		label := o.name + " " + arms[0].Name
		for _, a := range arms[1:] {
			label += " vs " + a.Name
		}
		sinks = append(sinks, newProgressBar(stderr, label))
	}
	if err := experiment.Run(ctx, plan, sinks...); err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return fmt.Errorf("interrupted; nothing was written to %s", dir)
		}
		return fmt.Errorf("%w; nothing was written to %s", err, dir)
	}
	if folder.Cached() && !o.quiet {
		fmt.Fprintf(stderr, "%s: read back from the result cache (-no-cache simulates again)\n", o.name)
	}
	sums := folder.Summaries.Point(0)
	metrics, weeks := briefMetrics, briefWeeks
	if o.table == "full" {
		metrics, weeks = tableMetrics, tableWeeks
	}
	if o.table != "none" {
		if err := results.WriteTable(stdout, sums, sharedMetrics(sums, metrics), weeks, folder.Differences.Point(0), tableOptions); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
		describeParams(stdout, o.ensemble)
		if o.ensemble != nil {
			fmt.Fprintln(stdout, "-fixed-params runs every replicate on the parameter table's values instead.")
		}
		fmt.Fprintln(stdout)
	}
	_, err := fmt.Fprintf(stdout, "results in %s\n", dir)
	return err
}

// maxFolderName bounds the length of a default output folder's name, well
// within any file system's 255 bytes.
const maxFolderName = 120

// reserveOutput creates and returns a new empty folder in parent named
// after the arms and the time: NAMES-YYYYMMDD-HHMMSS, with -2, -3... when
// another run took the name in the same second. Names longer than
// maxFolderName are cut and end with a short hash of the whole.
func reserveOutput(parent string, names []string, now time.Time) (string, error) {
	base := strings.Join(names, "-vs-")
	if len(base) > maxFolderName {
		sum := sha256.Sum256([]byte(base))
		base = strings.TrimRight(base[:maxFolderName-9], "-.") + "-" + hex.EncodeToString(sum[:4])
	}
	base += "-" + now.Format("20060102-150405")
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("creating the output folder: %w", err)
	}
	for i := 1; i <= 1000; i++ {
		dir := filepath.Join(parent, base)
		if i > 1 {
			dir += fmt.Sprintf("-%d", i)
		}
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("creating the output folder: %w", err)
		}
	}
	return "", fmt.Errorf("no free output folder named %s-N in %s; give one with -o", base, parent)
}

// checkOutput refuses, before anything is simulated, an output folder the
// results cannot be moved into: the folder the command runs in, or one
// that holds it.
func checkOutput(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	if rel, err := filepath.Rel(abs, wd); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return &usageError{msg: fmt.Sprintf("-o %s: the results replace the output folder when complete, and %s is the folder you are in (or holds it); "+
			"name a new folder, such as -o results", dir, dir)}
	}
	return nil
}

// reportStale tells of the temporary folders that runs into dir's folder
// left when they were killed (.NAME.tmp-N beside it): they hold no
// results, and are not removed in case a run is still writing one.
func reportStale(w io.Writer, dir string) {
	parent := filepath.Dir(filepath.Clean(dir))
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, ".") || !strings.Contains(name, ".tmp-") {
			continue
		}
		when := ""
		if info, err := e.Info(); err == nil {
			when = " (from " + info.ModTime().Format("2006-01-02 15:04") + ")"
		}
		fmt.Fprintf(w, "joinedup: %s%s is what an interrupted or killed run left: it holds no results; unless a run is writing it now, remove it: rm -r %s\n",
			filepath.Join(parent, name), when, shellQuote(filepath.Join(parent, name)))
	}
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// checkSize estimates what plan asks of the machine and refuses it, unless
// force, when it exceeds what the machine offers; with force it says what
// it is running into.
func checkSize(plan *experiment.Plan, table experiment.TableFormat, dir string, force, quiet bool, stderr io.Writer) error {
	e, err := plan.EstimateRun(table)
	if err != nil {
		return err
	}
	err = e.Fits(experiment.ThisMachine(filepath.Dir(filepath.Clean(dir))))
	switch {
	case err == nil:
		return nil
	case !force:
		return err
	case !quiet:
		fmt.Fprintf(stderr, "joinedup: -force: running although %v\n", strings.TrimSuffix(err.Error(), "; -force runs it anyway"))
	}
	return nil
}

// metricsOf describes the model's metrics for results.
func metricsOf(cfg *model.Config) []results.Metric {
	ms := cfg.Metrics()
	out := make([]results.Metric, len(ms))
	for i, m := range ms {
		out[i] = results.Metric{Name: m.Name, Unit: m.Unit, Description: m.Description}
	}
	return out
}

// sharedMetrics returns the names in want that every run observes, in order.
func sharedMetrics(sums []*results.Summariser, want []string) []string {
	names := []string{} // not nil: WriteTable shows every metric for nil
	for _, name := range want {
		all := true
		for _, s := range sums {
			if _, ok := s.MetricIndex(name); !ok {
				all = false
				break
			}
		}
		if all {
			names = append(names, name)
		}
	}
	return names
}

// writeFile creates name in out and writes it with write.
func writeFile(out *results.Output, name string, write func(io.Writer) error) error {
	f, err := out.Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		return err
	}
	return f.Close()
}

package main

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// tableMetrics are the main outcomes shown in the terminal table, in this
// order; those a run does not observe are left out.
var tableMetrics = []string{
	"cohesion", "team_identification", "professional_affinity", "parity_of_esteem",
	"acceptance", "trust", "weeks_to_intervention", "user_experience",
	"delayed_transfer_days", "cost_per_case", "turnover", "nhs_performance",
	"joint_posts_standing",
}

// tableWeeks are the weeks shown in the terminal table: years 1, 2, 3 and
// the end.
var tableWeeks = []int{52, 104, 156, results.EndWeek}

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
	plain      bool                 // write tidy.csv rather than tidy.csv.gz
	plots      bool                 // draw the figures under plots/ (-plots, default true)
	teams      bool                 // -teams: record the per-team metrics too (model.Config.TeamMetrics)
	set        []scenarios.Override // -set: applied to every scenario
	vs         []scenarios.Override // -vs (compare): applied to a variant of the one scenario
	command    []string             // the command line, for the manifest
	now        time.Time            // the time the command started
}

const runFlagsAbout = `Flags may come before or after the scenarios. Results go to a new folder
(tidy.csv.gz, summary.csv, runs.csv, metrics.csv, plots/ and manifest.json)
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
	fs.BoolVar(&o.plain, "plain", false, "write the per-replicate table uncompressed as tidy.csv (default tidy.csv.gz)")
	fs.BoolVar(&o.plots, "plots", true, "draw the figures under plots/; -plots=false skips them (joinedup plot draws them later)")
	fs.BoolVar(&o.teams, "teams", false, "also record each team's cohesion, team_identification, trust, user_experience,\n"+
		"weeks_to_intervention and cases_open as METRIC[TEAM] (the printed table stays world-level)")
	fs.Var(overrideFlag{&o.set, "--set"}, "set", "set a field of every scenario named, as `PATH=VALUE` in the file's keys, such as\n"+
		"partnership.targets=separate, team[0].colocated=false or team[\"pathway team\"].leadership=0.5;\n"+
		"VALUE is TOML (a bare word is a string); repeatable")
	if o.name == "compare" {
		fs.Var(overrideFlag{&o.vs, "-vs"}, "vs", "compare the one scenario with its variant that sets `PATH=VALUE` (as -set does); repeatable")
	}
}

// parseRun parses the command line of run or compare.
func parseRun(name, synopsis, about string, args []string, stderr io.Writer) ([]string, runOptions, *flag.FlagSet, error) {
	o := runOptions{name: name, command: append([]string{"joinedup", name}, args...), now: time.Now().UTC()}
	fs := newFlagSet(name, synopsis, about+"\n"+runFlagsAbout, stderr)
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
	case o.replicates < 0:
		err = &usageError{msg: fmt.Sprintf("-n %d: the number of replicates must be positive", o.replicates), fs: fs}
	case o.weeks < 0:
		err = &usageError{msg: fmt.Sprintf("-weeks %d: the number of weeks must be positive", o.weeks), fs: fs}
	case o.workers < 0:
		err = &usageError{msg: fmt.Sprintf("-workers %d: the number of workers must not be negative", o.workers), fs: fs}
	case o.every < 1:
		err = &usageError{msg: fmt.Sprintf("-every %d: the recording interval must be at least 1 week", o.every), fs: fs}
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
	scens, err := loadAll(pos, o.set...)
	if err != nil {
		return err
	}
	return runScenarios(ctx, scens, o, stdout, stderr)
}

func cmdCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	pos, o, fs, err := parseRun("compare", "compare A B [more...] [flags]",
		`Simulates each scenario on common random numbers (the same seed and
streams, so replicates pair up) and writes, besides the run's files,
comparison.csv: paired differences of each scenario against the first, with
95% intervals. Replicates and weeks are the largest of the scenarios' unless
-n or -weeks is given; only the metrics the scenarios share are compared.

What-if: "compare A -vs PATH=VALUE" compares scenario A with a variant of
itself that sets PATH=VALUE, named A+PATH=VALUE in the table and the files.
`, args, stderr)
	if err != nil {
		return err
	}
	if len(o.vs) > 0 {
		if len(pos) != 1 {
			return &usageError{msg: fmt.Sprintf("compare with -vs needs one scenario, got %d", len(pos)), fs: fs}
		}
		scens, err := loadVariant(pos[0], o.set, o.vs)
		if err != nil {
			return err
		}
		return runScenarios(ctx, scens, o, stdout, stderr)
	}
	if len(pos) < 2 {
		return &usageError{msg: fmt.Sprintf("compare needs at least two scenarios (or one and -vs), got %d", len(pos)), fs: fs}
	}
	scens, err := loadAll(pos, o.set...)
	if err != nil {
		return err
	}
	return runScenarios(ctx, scens, o, stdout, stderr)
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

// runScenarios simulates scens one after another on common random numbers
// (the same seed and sim stream 0; run ids 0, 1, ...) into one output
// folder, writes tidy.csv.gz (or tidy.csv), summary.csv, runs.csv, metrics.csv,
// comparison.csv (with two or more scenarios), unless o.plots is false the
// figures under plots/ (see writePlots), and manifest.json, then prints a
// table of the main
// outcomes and the folder's path to stdout.
//
// If ctx is cancelled the output is aborted and nothing is written.
// Keeping the completed replicates as resumable state is future work.
func runScenarios(ctx context.Context, scens []*scenarios.Scenario, o runOptions, stdout, stderr io.Writer) error {
	cfgs := make([]*model.Config, len(scens))
	var problems []error
	for i, s := range scens {
		cfg, err := s.Build()
		if err != nil {
			problems = append(problems, flatten(err)...)
			continue
		}
		cfg.TeamMetrics = o.teams
		cfgs[i] = cfg
	}
	if len(problems) > 0 {
		return &invalidError{problems: problems}
	}

	weeks, reps, seed, every := o.weeks, o.replicates, scens[0].Seed(), max(o.every, 1)
	if o.seedSet {
		seed = o.seed
	}
	names := make([]string, len(scens))
	for i, s := range scens {
		if o.weeks == 0 {
			weeks = max(weeks, s.Weeks())
		}
		if o.replicates == 0 {
			reps = max(reps, s.Replicates())
		}
		names[i] = s.Name
		if names[i] == "" {
			names[i] = strings.TrimSuffix(filepath.Base(s.File()), ".toml")
		}
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("out", strings.Join(names, "-vs-")+"-"+o.now.Format("20060102-150405"))
	}

	out, err := results.NewOutput(dir)
	if err != nil {
		return err
	}
	defer out.Abort()
	// The per-replicate table is large (rows = replicates × weeks × metrics),
	// so it is gzip-compressed unless asked otherwise; gzip output is
	// deterministic for the same input.
	tidyName := "tidy.csv.gz"
	if o.plain {
		tidyName = "tidy.csv"
	}
	tidyFile, err := out.Create(tidyName)
	if err != nil {
		return err
	}
	var tidy io.Writer = tidyFile
	var gz *gzip.Writer
	if !o.plain {
		gz, _ = gzip.NewWriterLevel(tidyFile, gzip.BestSpeed)
		tidy = gz
	}
	if err := results.WriteTidyHeader(tidy); err != nil {
		return err
	}

	var (
		sets     []*results.Set
		metas    []results.Meta
		runs     []results.ManifestRun
		tidyRows int
	)
	for i, cfg := range cfgs {
		cfg.Weeks = weeks
		meta := results.Meta{
			Scenario: names[i], Run: i, Source: scens[i].File(), Hash: scens[i].Hash(),
			Seed: seed, Stream: 0, Replicates: reps, Weeks: weeks, Every: every,
			Start: cfg.Start, Metrics: metricsOf(cfg),
		}
		rec := results.NewRecorder(meta, tidy)
		var obs sim.Observer = rec
		var prog *progress
		if !o.quiet {
			prog = newProgress(stderr, o.name+" "+names[i], reps)
			obs = sim.Observers{rec, prog}
		}
		simCfg := sim.Config{Ticks: weeks, Replicates: reps, Every: every, Workers: o.workers, Seed: seed, Stream: 0}
		factory := func(rep sim.Replicate) (sim.Model, error) {
			w, err := model.New(cfg, rep)
			if err != nil {
				return nil, err
			}
			return w, nil
		}
		err := sim.Run(ctx, simCfg, factory, obs)
		if prog != nil {
			prog.Close()
		}
		if err != nil {
			out.Abort()
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return fmt.Errorf("interrupted during %s; nothing was written to %s", names[i], dir)
			}
			return fmt.Errorf("%s: %w; nothing was written to %s", names[i], err, dir)
		}
		sets = append(sets, rec.Set())
		metas = append(metas, meta)
		runs = append(runs, results.RunOf(meta))
		tidyRows += rec.Rows()
	}

	if gz != nil {
		if err := gz.Close(); err != nil {
			return err
		}
	}
	if err := tidyFile.Close(); err != nil {
		return err
	}

	var sums []results.Summary
	for _, s := range sets {
		sums = append(sums, results.Summarise(s)...)
	}
	metrics, err := results.MergeMetrics(metas)
	if err != nil {
		return err
	}
	rows := map[string]int{tidyName: tidyRows, "summary.csv": len(sums), "runs.csv": len(metas), "metrics.csv": len(metrics)}
	if err := writeFile(out, "summary.csv", func(w io.Writer) error { return results.WriteSummaryCSV(w, sums) }); err != nil {
		return err
	}
	var diffs []results.Difference
	if len(sets) > 1 {
		for _, s := range sets[1:] {
			d, err := results.Compare(sets[0], s)
			if err != nil {
				return err
			}
			diffs = append(diffs, d...)
		}
		rows["comparison.csv"] = len(diffs)
		if err := writeFile(out, "comparison.csv", func(w io.Writer) error { return results.WriteComparisonCSV(w, diffs) }); err != nil {
			return err
		}
	}
	if err := writeFile(out, "runs.csv", func(w io.Writer) error { return results.WriteRunsCSV(w, metas) }); err != nil {
		return err
	}
	if err := writeFile(out, "metrics.csv", func(w io.Writer) error { return results.WriteMetricsCSV(w, metas) }); err != nil {
		return err
	}
	if o.plots {
		if err := writePlots(out, sets, diffs); err != nil {
			return err
		}
	}
	// An interrupt after the last replicate, while the files were being
	// written, still aborts: the folder appears only for a run not stopped.
	if ctx.Err() != nil {
		out.Abort()
		return fmt.Errorf("interrupted while writing the results; nothing was written to %s", dir)
	}
	err = out.Commit(results.Manifest{
		Tool: "joinedup", Version: versionString(), Command: o.command,
		Created: o.now.Format(time.RFC3339), Runs: runs, RowCounts: rows,
	})
	if err != nil {
		return err
	}

	if err := results.WriteTable(stdout, sets, sharedMetrics(sets, tableMetrics), tableWeeks, diffs); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "\nresults in %s\n", dir)
	return err
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

// sharedMetrics returns the names in want that every set observes, in order.
func sharedMetrics(sets []*results.Set, want []string) []string {
	names := []string{} // not nil: WriteTable shows every metric for nil
	for _, name := range want {
		all := true
		for _, s := range sets {
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

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/results/plot"
	"github.com/joinedup/joinedup/scenarios"
)

func init() { commands["sweep"] = cmdSweep }

const sweepUsage = `usage:
  joinedup sweep plan FILE [-force]             runs, estimated time, memory and disk; refuses past the limits
  joinedup sweep run FILE -o DIR [--shard i/n|auto] [-resume] [-quiet] [-force]
                                                run the sweep (or one shard of it) into DIR
  joinedup sweep merge DIR... [-o OUT]          check the shards and write the merged tables
  joinedup sweep analyse DIR [-prim 'OUTCOME < X'] [-format png,svg,pdf]
                                                Sobol or Morris indices, outcome curves, PRIM
  joinedup sweep slurm FILE --array N -o DIR    write an sbatch script: a job array and a merge job

FILE is a sweep file (see docs/SWEEPS.md): a base scenario, factors (levers
and uncertainties), a design (grid, latin-hypercube, sobol, morris) and the
outcomes to analyse. Run "joinedup sweep COMMAND -h" for a command's flags.
`

var sweepCommands = map[string]command{
	"plan":    cmdSweepPlan,
	"run":     cmdSweepRun,
	"merge":   cmdSweepMerge,
	"analyse": cmdSweepAnalyse,
	"analyze": cmdSweepAnalyse,
	"slurm":   cmdSweepSlurm,
}

func cmdSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return &usageError{msg: "sweep needs a command: plan, run, merge, analyse or slurm\n\n" + sweepUsage}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, sweepUsage)
		return nil
	}
	cmd, ok := sweepCommands[args[0]]
	if !ok {
		return &usageError{msg: fmt.Sprintf("unknown sweep command %q\n\n%s", args[0], sweepUsage)}
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// loadSweep reads and resolves a sweep file; its problems are an
// invalidError (exit code 3).
func loadSweep(path string) (*experiment.Sweep, error) {
	f, err := scenarios.LoadSweep(path)
	if err != nil {
		return nil, &invalidError{problems: flatten(err)}
	}
	s, err := experiment.NewSweep(f)
	if err != nil {
		return nil, &invalidError{problems: flatten(err)}
	}
	return s, nil
}

const sweepPlanAbout = `Loads the sweep file, draws its design and times a pilot of a few runs of
its first design point on this machine, then prints the number of runs, the
estimated wall time, peak memory and disk space. It refuses (exit code 1)
when a limit would be exceeded, saying which and what to change, unless
-force is given.
`

func cmdSweepPlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep plan", "sweep plan FILE [flags]", sweepPlanAbout, stderr)
	workers := fs.Int("workers", 0, "parallel `workers` (default GOMAXPROCS)")
	pilot := fs.Int("pilot", 20, "`runs` timed in the pilot")
	maxHours := fs.Float64("max-hours", 24, "refuse a sweep estimated to take more than `H` hours")
	maxMem := fs.Float64("max-memory", 0, "refuse a sweep estimated to need more than `GB` of memory (default 80% of the memory available now)")
	shards := fs.Int("shards", 1, "estimate for one of `N` shards run in parallel")
	out := fs.String("o", "", "output `folder`, to check its disk's free space (default the current folder)")
	force := fs.Bool("force", false, "print the plan and succeed even past the limits")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &usageError{msg: fmt.Sprintf("sweep plan needs one sweep file, got %d", len(pos)), fs: fs}
	}
	if *shards < 1 || *pilot < 1 || *workers < 0 {
		return &usageError{msg: "-shards and -pilot must be positive, -workers not negative", fs: fs}
	}
	s, err := loadSweep(pos[0])
	if err != nil {
		return err
	}
	sh := experiment.Shard{}
	if *shards > 1 {
		sh = experiment.Shard{Index: 0, Count: *shards}
	}
	e, err := s.Estimate(ctx, *pilot, *workers, sh)
	if err != nil {
		return err
	}
	f := s.File
	fmt.Fprintf(stdout, "sweep %s over %s: %s design, %d factors, %d outcomes\n", s.Name, s.Base.Name, f.Design.Kind, len(f.Factors), len(s.Outcomes))
	for i := range f.Factors {
		fa := &f.Factors[i]
		rng := ""
		if fa.Discrete() {
			var ls []string
			for l := range fa.Levels {
				ls = append(ls, fa.LevelText(l))
			}
			rng = "levels " + strings.Join(ls, ", ")
		} else {
			dist := fa.Distribution
			if dist == "" {
				dist = "uniform"
			}
			rng = fmt.Sprintf("%g to %g, %s", *fa.Min, *fa.Max, dist)
		}
		fmt.Fprintf(stdout, "  %-12s %-28s %s\n", fa.Role, fa.Label(), rng)
	}
	fmt.Fprintf(stdout, "points:     %d × %d replicates = %d runs of %d weeks", e.Points, e.Replicates, e.Points*e.Replicates, s.Weeks)
	if *shards > 1 {
		fmt.Fprintf(stdout, "; %d per shard of %d", e.Runs, *shards)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "pilot:      %d runs in %s on %d workers: %s per run\n", e.PilotRuns, e.Pilot.Round(time.Millisecond), e.Workers, e.PerRun.Round(time.Microsecond))
	fmt.Fprintf(stdout, "time:       about %s (%.1f runs/s)\n", roundDuration(e.Time), 1/e.PerRun.Seconds())
	fmt.Fprintf(stdout, "memory:     about %s at peak\n", bytesText(e.PeakMemory))
	fmt.Fprintf(stdout, "disk:       about %s\n", bytesText(e.Disk))

	var problems []string
	if hours := e.Time.Hours(); hours > *maxHours {
		problems = append(problems, fmt.Sprintf("the sweep would take about %s, more than -max-hours %g: shrink design.size or replicates, shorten weeks, or split it with --shard over several machines (joinedup sweep slurm)", roundDuration(e.Time), *maxHours))
	}
	limit := uint64(*maxMem * (1 << 30))
	if limit == 0 {
		if avail, ok := experiment.AvailableMemory(); ok {
			limit = avail / 10 * 8
		}
	}
	if limit > 0 && e.PeakMemory > limit {
		problems = append(problems, fmt.Sprintf("the sweep would need about %s of memory, more than the %s allowed: run with fewer -workers", bytesText(e.PeakMemory), bytesText(limit)))
	}
	dir := *out
	if dir == "" {
		dir = "."
	}
	if free, ok := freeDisk(dir); ok && e.Disk > free {
		problems = append(problems, fmt.Sprintf("the sweep would write about %s, more than the %s free at %s: choose another -o", bytesText(e.Disk), bytesText(free), dir))
	}
	if len(problems) == 0 {
		fmt.Fprintln(stdout, "within limits: run it with  joinedup sweep run "+pos[0]+" -o DIR")
		return nil
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, "over a limit: "+p)
	}
	if *force {
		fmt.Fprintln(stdout, "-force: going ahead regardless")
		return nil
	}
	return fmt.Errorf("sweep plan: %d limit(s) exceeded (see above); -force to proceed anyway", len(problems))
}

// freeDisk is the space free to this user on dir's file system (or its
// nearest existing parent).
func freeDisk(dir string) (uint64, bool) {
	for d := dir; ; d = filepath.Dir(d) {
		var st syscall.Statfs_t
		if err := syscall.Statfs(d, &st); err == nil {
			return st.Bavail * uint64(st.Bsize), true
		}
		if d == filepath.Dir(d) {
			return 0, false
		}
	}
}

func roundDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	return d.Round(time.Minute).String()
}

func bytesText(b uint64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", float64(b)/(1<<10))
}

const sweepRunAbout = `Runs the sweep, or one shard of it, into the folder DIR: each design point's
runs are written to their own file as soon as they are all done, so Ctrl-C
(or a killed job) leaves every finished point recorded, and -resume runs
the rest. A whole sweep (no --shard) ends by writing the merged tables
runs.csv, points.csv, draws.csv (with an ensemble) and manifest.json;
shards are merged with "joinedup sweep merge".

--shard i/n runs the runs whose number k (point × replicates + replicate)
satisfies k mod n = i-1, with the same random numbers as the whole sweep.
--shard auto takes i and n from a Slurm job array (the task's position in
the array's range, and SLURM_ARRAY_TASK_COUNT) or from a Kubernetes Indexed
Job (JOB_COMPLETION_INDEX, with -shards N for the count).

Parameters: each replicate draws the model parameters no factor sets from
the calibrated ensemble, as run does; a factor that names a parameter
overrides the drawn value. With common random numbers (the default)
replicate r draws the same set at every design point, so points differ only
by their factors. draws.csv lists, for every run, the set drawn and the
value the run used of each ensemble parameter (a factor's or the base
scenario's own value where one replaced the draw). -fixed-params keeps the
parameter table's values for every parameter no factor sets, and writes no
draws.csv; -ensemble FILE draws from another ensemble.
The choice is part of the sweep's identity: shards run with different
choices are not merged.

Before it starts, the memory, disk and time of the runs are estimated from
the base scenario's size, and a sweep (or shard) that exceeds this machine
is refused with the estimate; -force runs it anyway.
`

func cmdSweepRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep run", "sweep run FILE -o DIR [flags]", sweepRunAbout, stderr)
	out := fs.String("o", "", "sweep `folder` (required)")
	shard := fs.String("shard", "", "run shard `i/n` only, or auto (from Slurm or Kubernetes)")
	shards := fs.Int("shards", 0, "number of shards for --shard auto in a Kubernetes Indexed Job (its completions)")
	resume := fs.Bool("resume", false, "complete a folder that holds part of this sweep")
	quiet := fs.Bool("quiet", false, "print no progress")
	workers := fs.Int("workers", 0, "parallel `workers` (default GOMAXPROCS); results do not depend on it")
	force := fs.Bool("force", false, "run even when the estimate made before the run says it exceeds this machine's memory,\n"+
		"disk or "+experiment.Duration(experiment.MaxRunTime))
	noCache := fs.Bool("no-cache", false, "simulate every design point even if the result cache holds it, and store nothing\n"+
		"(the cache is $"+experiment.CacheEnv+" or the user cache folder's joinedup/, at most 2 GiB)")
	var po paramOptions
	paramFlags(fs, &po)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return &usageError{msg: fmt.Sprintf("sweep run needs one sweep file, got %d", len(pos)), fs: fs}
	case *out == "":
		return &usageError{msg: "sweep run needs -o DIR, the folder for the sweep's results", fs: fs}
	case *workers < 0:
		return &usageError{msg: fmt.Sprintf("-workers %d: must not be negative", *workers), fs: fs}
	}
	var sh experiment.Shard
	where := ""
	switch *shard {
	case "":
	case "auto":
		sh, where, err = experiment.ShardFromEnv(os.Getenv, *shards)
		if err != nil {
			return err
		}
	default:
		if sh, err = experiment.ParseShard(*shard); err != nil {
			return &usageError{msg: "--shard: " + err.Error(), fs: fs}
		}
	}
	s, err := loadSweep(pos[0])
	if err != nil {
		return err
	}
	ens, err := po.plan(fs)
	if err != nil {
		return err
	}
	s.UseEnsemble(ens)
	est, err := s.EstimateRun(sh, *workers)
	if err != nil {
		return err
	}
	if err := est.Fits(experiment.ThisMachine(*out)); err != nil {
		if !*force {
			return err
		}
		if !*quiet {
			fmt.Fprintf(stderr, "joinedup: -force: running although %v\n", strings.TrimSuffix(err.Error(), "; -force runs it anyway"))
		}
	}
	label := "sweep " + s.Name
	if sh.Count > 1 {
		label += " shard " + sh.String()
	}
	if where != "" && !*quiet {
		fmt.Fprintf(stderr, "%s (%s)\n", label, where)
	}
	var pr *progressBar
	o := experiment.SweepOptions{Dir: *out, Shard: sh, Resume: *resume, Workers: *workers, Version: versionString(), Merge: true}
	if !*noCache {
		o.Cache, _ = experiment.DefaultCache(versionString()) // no cache folder: no cache
	}
	if !*quiet {
		pr = newProgressBar(stderr, label)
		o.Progress = pr.Count
	}
	err = experiment.RunSweep(ctx, s, o)
	if pr != nil {
		pr.Finish(err)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			cmd := fmt.Sprintf("joinedup sweep run %s -o %s", pos[0], *out)
			if sh.Count > 1 {
				cmd += " --shard " + sh.String()
			}
			return fmt.Errorf("interrupted: the finished design points are recorded in %s; complete the rest with\n  %s -resume", *out, cmd)
		}
		return err
	}
	if _, err := os.Stat(filepath.Join(*out, experiment.RunsTable)); err == nil {
		fmt.Fprintf(stdout, "sweep %s: %d runs merged in %s (analyse with: joinedup sweep analyse %s)\n", s.Name, s.Runs(), *out, *out)
	} else {
		fmt.Fprintf(stdout, "sweep %s: shard %s done in %s; merge the shards with: joinedup sweep merge DIR...\n", s.Name, sh, *out)
	}
	return nil
}

const sweepMergeAbout = `Gathers the runs of a sweep from one or more sweep folders (each holding one
or more shards), checks that they are shards of the same sweep (its hash)
made by the same joinedup version, and that every run appears exactly once,
and writes runs.csv, points.csv, draws.csv (when the runs drew from an
ensemble) and manifest.json to OUT (by default the only DIR given). If runs
are missing it writes nothing and prints the commands that would run them.
`

func cmdSweepMerge(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep merge", "sweep merge DIR... [-o OUT]", sweepMergeAbout, stderr)
	out := fs.String("o", "", "`folder` for the merged tables (default the only DIR)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return &usageError{msg: "sweep merge needs at least one sweep folder", fs: fs}
	}
	if *out == "" {
		if len(pos) > 1 {
			return &usageError{msg: "sweep merge of several folders needs -o OUT", fs: fs}
		}
		*out = pos[0]
	}
	in, err := experiment.MergeSweep(pos, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sweep %s: %d points × %d replicates = %d runs merged in %s\n", in.Name, in.Points, in.Replicates, in.Points*in.Replicates, *out)
	return nil
}

const sweepAnalyseAbout = `Analyses a merged sweep folder: for each outcome, Sobol first-order and
total indices with bootstrap intervals (a sobol design), Morris mu*, mu and
sigma with a bootstrap interval on mu* (a morris design), and curves of the
outcome against each factor with bands (any design); with -prim, a PRIM
box for the points meeting a condition on an outcome, with its coverage and
density. Writes tidy CSV (sobol.csv, morris.csv, curves.csv, prim.csv) and
figures to DIR/analysis (or -o) and prints a summary.
`

func cmdSweepAnalyse(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep analyse", "sweep analyse DIR [flags]", sweepAnalyseAbout, stderr)
	out := fs.String("o", "", "`folder` for the tables and figures (default DIR/analysis)")
	prim := fs.String("prim", "", "PRIM `condition` on an outcome's statistic, such as 'cohesion@156 < 0.3'")
	formats := fs.String("format", "png", "figure `formats`, comma-separated: png, svg, pdf; none for no figures")
	resamples := fs.Int("resamples", 0, "bootstrap `resamples` (default 1000)")
	bins := fs.Int("bins", 0, "`bins` of the outcome curves (default: one per value up to 10, else 10)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &usageError{msg: fmt.Sprintf("sweep analyse needs one merged sweep folder, got %d", len(pos)), fs: fs}
	}
	var fmts []string
	if *formats != "none" {
		for _, f := range strings.Split(*formats, ",") {
			f = strings.TrimSpace(f)
			ok := false
			for _, k := range plot.Formats {
				ok = ok || k == f
			}
			if !ok {
				return &usageError{msg: fmt.Sprintf("-format %q: known formats are %s", f, strings.Join(plot.Formats, ", ")), fs: fs}
			}
			fmts = append(fmts, f)
		}
	}
	a, err := experiment.AnalyseSweep(pos[0], experiment.AnalyseOptions{Resamples: *resamples, Bins: *bins, PRIM: *prim})
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(pos[0], "analysis")
	}
	written, err := a.WriteCSV(dir)
	if err != nil {
		return err
	}
	figs, err := sweepFigures(a)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(figs))
	for n := range figs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, f := range fmts {
			if err := figs[n].Save(filepath.Join(dir, n+"."+f)); err != nil {
				return err
			}
			written = append(written, n+"."+f)
		}
	}
	printAnalysis(stdout, a)
	fmt.Fprintf(stdout, "\nwrote %s in %s\n", strings.Join(written, ", "), dir)
	return nil
}

// sweepFigures makes the analysis figures, by file stem.
func sweepFigures(a *experiment.SweepAnalysis) (map[string]*plot.Figure, error) {
	figs := map[string]*plot.Figure{}
	title := "Sweep " + a.Info.Name + " over " + a.Info.Base
	if len(a.Sobol) > 0 {
		var panels []plot.Indices
		for _, o := range a.Info.Outcomes {
			in := plot.Indices{Outcome: o.Name}
			for _, r := range a.Sobol {
				if r.Outcome == o.Name {
					in.Factors = append(in.Factors, r.Factor)
					in.First, in.FirstLo, in.FirstHi = append(in.First, r.S1), append(in.FirstLo, r.S1Lo), append(in.FirstHi, r.S1Hi)
					in.Total, in.TotalLo, in.TotalHi = append(in.Total, r.ST), append(in.TotalLo, r.STLo), append(in.TotalHi, r.STHi)
				}
			}
			if len(in.Factors) > 0 {
				panels = append(panels, in)
			}
		}
		f, err := plot.SobolIndices(panels, plot.Options{Title: title + ": Sobol indices"})
		if err != nil {
			return nil, err
		}
		figs["sobol"] = f
	}
	if len(a.Morris) > 0 {
		var panels []plot.Screening
		for _, o := range a.Info.Outcomes {
			s := plot.Screening{Outcome: o.Name}
			for _, r := range a.Morris {
				if r.Outcome == o.Name {
					s.Factors = append(s.Factors, r.Factor)
					s.MuStar, s.MuStarLo, s.MuStarHi = append(s.MuStar, r.MuStar), append(s.MuStarLo, r.MuStarLo), append(s.MuStarHi, r.MuStarHi)
					s.Sigma = append(s.Sigma, r.Sigma)
				}
			}
			if len(s.Factors) > 0 {
				panels = append(panels, s)
			}
		}
		f, err := plot.MorrisEffects(panels, plot.Options{Title: title + ": Morris screening"})
		if err != nil {
			return nil, err
		}
		figs["morris"] = f
	}
	if len(a.Curves) > 0 {
		var panels []plot.Response
		for _, o := range a.Info.Outcomes {
			for _, fa := range a.Info.Factors {
				r := plot.Response{Outcome: o.Name, Factor: fa.Name}
				if fa.Categorical {
					r.Levels = fa.Levels
				}
				for _, c := range a.Curves {
					if c.Outcome == o.Name && c.Factor == fa.Name {
						r.X = append(r.X, (c.Lo+c.Hi)/2)
						r.Mean, r.Lower, r.Upper = append(r.Mean, c.Mean), append(r.Lower, c.Lower), append(r.Upper, c.Upper)
					}
				}
				if len(r.X) > 0 {
					panels = append(panels, r)
				}
			}
		}
		f, err := plot.Responses(panels, "5th to 95th percentile of the points in the bin", plot.Options{Title: title + ": outcomes against factors", Cols: len(a.Info.Factors)})
		if err != nil {
			return nil, err
		}
		figs["curves"] = f
	}
	return figs, nil
}

// printAnalysis prints the indices and the PRIM box.
func printAnalysis(w io.Writer, a *experiment.SweepAnalysis) {
	g := func(v float64) string { return fmt.Sprintf("%.3g", v) }
	if len(a.Sobol) > 0 {
		fmt.Fprintln(w, "Sobol indices (95% bootstrap intervals):")
		for _, r := range a.Sobol {
			fmt.Fprintf(w, "  %-32s %-28s %-11s S1 %6s [%s, %s]  ST %6s [%s, %s]\n", r.Outcome, r.Factor, r.Role, g(r.S1), g(r.S1Lo), g(r.S1Hi), g(r.ST), g(r.STLo), g(r.STHi))
		}
	}
	if len(a.Morris) > 0 {
		fmt.Fprintln(w, "Morris elementary effects (per whole range; 95% bootstrap interval on mu*):")
		for _, r := range a.Morris {
			fmt.Fprintf(w, "  %-32s %-28s %-11s mu* %6s [%s, %s]  mu %6s  sigma %6s\n", r.Outcome, r.Factor, r.Role, g(r.MuStar), g(r.MuStarLo), g(r.MuStarHi), g(r.Mu), g(r.Sigma))
		}
	}
	if p := a.PRIM; p != nil {
		b := p.Result.Trajectory[p.Result.Chosen]
		fmt.Fprintf(w, "PRIM for %s: %d of %d points meet it; chosen box %d of %d: coverage %.2f, density %.2f, mass %.2f\n",
			p.Condition, p.Cases, p.Points, p.Result.Chosen, len(p.Result.Trajectory), b.Coverage, b.Density, b.Mass)
		for _, i := range b.Restricted {
			lim := b.Limits[i]
			if lim.Levels != nil {
				var ls []string
				for _, l := range lim.Levels {
					if int(l) < len(p.Factors[i].Levels) {
						ls = append(ls, p.Factors[i].Levels[int(l)])
					}
				}
				fmt.Fprintf(w, "  %s in {%s}\n", p.Factors[i].Name, strings.Join(ls, ", "))
			} else {
				fmt.Fprintf(w, "  %s from %s to %s\n", p.Factors[i].Name, g(lim.Lo), g(lim.Hi))
			}
		}
	}
	for _, n := range a.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
}

const sweepSlurmAbout = `Writes a shell script that submits the sweep to Slurm: a job array of N
tasks, each running one shard (joinedup sweep run --shard auto -resume), and
a merge job that starts when every task has succeeded (--dependency=afterok)
and writes the merged tables to DIR. Run the script on the cluster's login
node; extra arguments to it are passed to sbatch for the merge job (such
as --wait, to wait for the whole sweep). A failed task can be re-submitted
as it is: -resume keeps the points it finished.
`

func cmdSweepSlurm(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep slurm", "sweep slurm FILE --array N -o DIR [flags]", sweepSlurmAbout, stderr)
	array := fs.Int("array", 0, "number of array tasks (shards), `N`")
	out := fs.String("o", "", "sweep `folder` on a file system every node shares (required)")
	script := fs.String("script", "", "write the script to `FILE` (default standard output)")
	cpus := fs.Int("cpus-per-task", 0, "CPUs per array task (default 1; each task runs that many simulations at once)")
	timeLimit := fs.String("time", "", "time limit per task, as sbatch takes it (`HH:MM:SS`); default the partition's")
	partition := fs.String("partition", "", "Slurm `partition` (default the cluster's default)")
	binary := fs.String("binary", "", "path of the joinedup `binary` on the nodes (default this one's)")
	var po paramOptions
	paramFlags(fs, &po)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return &usageError{msg: fmt.Sprintf("sweep slurm needs one sweep file, got %d", len(pos)), fs: fs}
	case *array < 1:
		return &usageError{msg: "sweep slurm needs --array N, the number of tasks (N >= 1)", fs: fs}
	case *out == "":
		return &usageError{msg: "sweep slurm needs -o DIR, the sweep folder", fs: fs}
	case *cpus < 0:
		return &usageError{msg: "-cpus-per-task must be positive", fs: fs}
	}
	s, err := loadSweep(pos[0])
	if err != nil {
		return err
	}
	if *array > s.Runs() {
		return &usageError{msg: fmt.Sprintf("--array %d: more tasks than the sweep's %d runs", *array, s.Runs()), fs: fs}
	}
	bin := *binary
	if bin == "" {
		if bin, err = os.Executable(); err != nil {
			return fmt.Errorf("sweep slurm: finding this binary: %w; give -binary", err)
		}
	}
	file, err := filepath.Abs(pos[0])
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	if _, err := po.plan(fs); err != nil {
		return err // the tasks would fail alike: say so now
	}
	var params []string
	switch {
	case po.fixed:
		params = []string{"-fixed-params"}
	case po.ensemble != "":
		abs, err := filepath.Abs(po.ensemble)
		if err != nil {
			return err
		}
		params = []string{"-ensemble", abs}
	}
	text := experiment.SlurmScript(experiment.SlurmJob{
		Name: s.Name, Binary: bin, SweepFile: file, Dir: dir, Tasks: *array,
		CPUs: *cpus, Time: *timeLimit, Partition: *partition, Runs: s.Runs(), Params: params,
	})
	if *script == "" {
		_, err = io.WriteString(stdout, text)
		return err
	}
	if err := os.WriteFile(*script, []byte(text), 0o755); err != nil {
		return fmt.Errorf("sweep slurm: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s: submit with  bash %s  (add --wait to wait for the merge)\n", *script, *script)
	return nil
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/joinedup/joinedup/calibration"
	"github.com/joinedup/joinedup/calibration/fit"
	"github.com/joinedup/joinedup/results/plot"
	"github.com/joinedup/joinedup/scenarios"
)

func init() { commands["calibrate"] = cmdCalibrate }

const calibrateAbout = `Fits model parameters to the empirical targets of a targets file (see
docs/CALIBRATION.md) by sequential Monte Carlo ABC. Each parameter's prior is
uniform over its range in the parameter table (log-uniform if listed in
-log). Every proposal is simulated for -n replicates of each fit target's
scenario; the run stops after -generations generations or when acceptance
falls below -min-acceptance. The folder gets ensemble.json (the weighted
parameter sets with provenance), generations.txt, posterior.csv (prior and
posterior per parameter), checks.csv (every target against -draws
simulations from the ensemble) and their figures, prior-posterior.png and
predictive.png. A checkpoint in the folder is written after
each generation: run the same command again to resume.`

func cmdCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var (
		targetsPath, params, logs, out string
		particles, generations, reps   int
		draws, workers                 int
		alpha, minAcc                  float64
		seed                           uint64
		quiet                          bool
	)
	fs := newFlagSet("calibrate", "calibrate -params NAMES [flags]", calibrateAbout, stderr)
	fs.StringVar(&targetsPath, "targets", "calibration/targets.toml", "the targets `file`")
	fs.StringVar(&params, "params", "", "comma-separated `names` of the parameters to fit (required)")
	fs.StringVar(&logs, "log", "", "comma-separated `names` of parameters with a log-uniform prior")
	fs.IntVar(&particles, "particles", 200, "parameter sets kept per generation")
	fs.IntVar(&generations, "generations", 8, "most generations after the prior one")
	fs.IntVar(&reps, "n", 10, "`replicates` per parameter set and scenario")
	fs.Float64Var(&alpha, "alpha", 0.5, "quantile of the previous distances taken as the next tolerance")
	fs.Float64Var(&minAcc, "min-acceptance", 0.01, "stop when a generation's acceptance falls below this")
	fs.IntVar(&draws, "draws", 200, "simulations from the ensemble for the predictive checks")
	fs.Uint64Var(&seed, "seed", 1, "master `seed`")
	fs.IntVar(&workers, "workers", 0, "parallel `workers` (default GOMAXPROCS); results do not depend on it")
	fs.StringVar(&out, "o", "", "output `folder` (default ./out/calibrate-YYYYMMDD-HHMMSS, UTC); an existing one with a checkpoint is resumed")
	fs.BoolVar(&quiet, "quiet", false, "print no progress")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	bad := func(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...), fs: fs} }
	switch {
	case len(pos) != 0:
		return bad("calibrate takes no positional arguments; the targets name their scenarios")
	case params == "":
		return bad("-params: name the parameters to fit, e.g. -params turnover,stress_rate")
	case particles < 2 || generations < 1 || reps < 1 || draws < 1 || workers < 0:
		return bad("-particles, -generations, -n and -draws must be positive, -workers not negative")
	}
	file, err := scenarios.LoadTargets(targetsPath)
	if err != nil {
		return &invalidError{problems: flatten(err)}
	}
	problem, err := fit.NewProblem(file, splitList(params), splitList(logs), reps)
	if err != nil {
		return bad("%v", err)
	}
	priors, _ := problem.Priors()
	if out == "" {
		out = filepath.Join("out", "calibrate-"+time.Now().UTC().Format("20060102-150405"))
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	cfg := calibration.Config{Particles: particles, Generations: generations, Alpha: alpha, MinAcceptance: minAcc,
		Seed: seed, Workers: workers, Checkpoint: filepath.Join(out, "checkpoint.json")}
	if !quiet {
		cfg.Progress = func(g calibration.GenerationSummary) {
			fmt.Fprintf(stderr, "calibrate: generation %d: tolerance %.4g, acceptance %.4f, %d simulations\n", g.Index, g.Epsilon, g.Acceptance, g.Simulations)
		}
	}
	started := time.Now()
	res, err := calibration.Run(ctx, cfg, priors, problem.SamplerTargets(), problem.Simulator())
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted; run the same command again to resume from %s", cfg.Checkpoint)
		}
		return err
	}
	var scens []string
	for _, t := range problem.Targets {
		if !contains(scens, t.Scenario) {
			scens = append(scens, t.Scenario)
		}
	}
	e := calibration.NewEnsemble(res, calibration.Provenance{TargetsFile: targetsPath, TargetsSHA256: file.Hash(),
		Scenarios: scens, Seed: seed, Command: "joinedup calibrate " + strings.Join(args, " "), Version: version,
		Model: problem.ModelHash()})
	checks, vals, err := problem.ChecksWithDraws(ctx, e, draws, cfg.Workers, seed+1)
	if err != nil {
		return err
	}
	if err := calibrationFigures(out, e, problem, checks, vals); err != nil {
		return err
	}
	var gens, post, chk bytes.Buffer
	calibration.WriteGenerations(&gens, res.Generations)
	fmt.Fprintf(&gens, "stopped: %s\n", res.Stop)
	ss := calibration.Summarise(e)
	calibration.WriteSummariesCSV(&post, ss)
	calibration.WriteChecksCSV(&chk, checks)
	for name, b := range map[string][]byte{"generations.txt": gens.Bytes(), "posterior.csv": post.Bytes(), "checks.csv": chk.Bytes()} {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	if err := e.WriteFile(filepath.Join(out, "ensemble.json")); err != nil {
		return err
	}
	stdout.Write(gens.Bytes())
	fmt.Fprintln(stdout)
	calibration.WriteSummaries(stdout, ss)
	fmt.Fprintln(stdout)
	calibration.WriteChecks(stdout, checks)
	if !quiet {
		fmt.Fprintf(stderr, "calibrate: %d parameter sets simulated (%d replicates each of %d scenarios) and %d predictive draws in %s; written to %s\n",
			e.Provenance.Simulations, reps, problem.FitScenarios(), draws, time.Since(started).Round(time.Second), out)
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// calibrationFigures draws the prior and posterior of every parameter
// (prior-posterior.png) and every target against the values the ensemble
// simulates for it (predictive.png) into dir.
func calibrationFigures(dir string, e *calibration.Ensemble, problem *fit.Problem, checks []calibration.Check, vals [][]float64) error {
	var posts []plot.Posterior
	for k, pr := range e.Priors {
		xs := make([]float64, len(e.Particles))
		for i, x := range e.Particles {
			xs[i] = x[k]
		}
		posts = append(posts, plot.Posterior{Name: pr.Name, Low: pr.Low, High: pr.High, Log: pr.Log, Values: xs, Weights: e.Weights})
	}
	fig, err := plot.Posteriors(posts, plot.Options{})
	if err != nil {
		return err
	}
	if err := fig.Save(filepath.Join(dir, "prior-posterior.png")); err != nil {
		return err
	}
	var preds []plot.Predictive
	for j, c := range checks {
		preds = append(preds, plot.Predictive{Target: c.ID, Observed: c.Observed, Lo: c.Lo, Hi: c.Hi, Draws: vals[j]})
	}
	fig, err = plot.Predictives(preds, plot.Options{})
	if err != nil {
		return err
	}
	return fig.Save(filepath.Join(dir, "predictive.png"))
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/joinedup/joinedup/patterns"
)

func init() { commands["validate-model"] = cmdValidateModel }

// errPatternsFailed reports that some pattern checks failed (exit 1, after
// the report has been printed).
var errPatternsFailed = errors.New("some pattern checks failed")

func cmdValidateModel(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate-model", "validate-model [flags]",
		`Runs the pattern checks: each pattern a credible model of integrated care
reproduces (docs/ODD.md, section 1) is turned into a contrast between a base
scenario and the same scenario with only the factor under test changed, run
on common random numbers. The report gives, for every assertion, the expected
direction, the measured effect with its 95% interval, and pass or fail.
Exit code 1 if any check fails.
`, stderr)
	n := fs.Int("n", 100, "replicates per arm")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", 0, "workers per simulation (default all cores)")
	only := fs.String("check", "", "comma-separated check numbers to run (default all)")
	off := fs.String("off", "", "comma-separated mechanisms to switch off in every arm (to see which checks then fail)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return &usageError{msg: "validate-model takes no arguments", fs: fs}
	}
	if *n < 2 {
		return &usageError{msg: fmt.Sprintf("-n %d: at least 2 replicates are needed for an interval", *n), fs: fs}
	}
	var ids []int
	for _, f := range splitList(*only) {
		id, err := strconv.Atoi(f)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("-check %q: not a check number", f), fs: fs}
		}
		ids = append(ids, id)
	}
	checks, err := patterns.Find(ids...)
	if err != nil {
		return &usageError{msg: err.Error(), fs: fs}
	}
	res, err := patterns.RunAll(ctx, checks, patterns.Options{Replicates: *n, Seed: *seed, Workers: *workers, Off: splitList(*off)})
	if err != nil {
		return err
	}
	failed := writePatternReport(stdout, res, *n)
	if failed > 0 {
		fmt.Fprintf(stdout, "\n%d of %d checks failed\n", failed, len(res))
		return errPatternsFailed
	}
	fmt.Fprintf(stdout, "\nall %d checks passed\n", len(res))
	return nil
}

// writePatternReport prints one block per check and returns how many failed.
func writePatternReport(w io.Writer, res []*patterns.Result, n int) int {
	fmt.Fprintf(w, "pattern checks: %d replicates per arm, paired on common random numbers; effect = mean [95%% interval]\n", n)
	failed := 0
	for _, r := range res {
		verdict := "PASS"
		if !r.Pass() {
			verdict = "FAIL"
			failed++
		}
		fmt.Fprintf(w, "\n%d. %s — %s\n   %s\n", r.Check.ID, r.Check.Name, verdict, r.Check.Pattern)
		if len(r.Check.Mechanisms) > 0 {
			fmt.Fprintf(w, "   depends on: %s\n", strings.Join(r.Check.Mechanisms, ", "))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, l := range r.Lines {
			mark := "pass"
			if !l.Pass {
				mark = "FAIL"
			}
			fmt.Fprintf(tw, "   %s\tweek %d\texpected %s\t%.4g [%.4g, %.4g]\t%s\n", l.Claim, l.Week, l.Expected, l.Effect, l.Lo, l.Hi, mark)
		}
		tw.Flush()
	}
	return failed
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

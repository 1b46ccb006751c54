package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/joinedup/joinedup/calibration/ensemble"
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
on common random numbers. The report gives, for each check, the exact
contrast (the fields in which its two arms differ, found by comparing the
resolved scenarios field by field), and for every assertion the expected
direction, the measured effect with its 95% interval and N, and pass or
fail. Each check is run again with the mechanisms it names switched off: a
check is reproduced when it passes with them and fails without. Checks the
model does not reproduce with a clean contrast are reported as such, with
their numbers. Exit code 1 if any check is not reproduced.

The checks run on the parameter table's values, as docs/ODD.md reports
them; -ensemble default runs them with every replicate's parameters drawn
from the calibrated ensemble instead (docs/CALIBRATION.md says which pass).
`, stderr)
	n := fs.Int("n", 100, "replicates per arm")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", 0, "workers per simulation (default all cores)")
	only := fs.String("check", "", "comma-separated check numbers to run (default all)")
	off := fs.String("off", "", "comma-separated mechanisms to switch off in every arm (to see which checks then fail)")
	ens := fs.String("ensemble", "", "run the checks with each replicate's parameters drawn from an ensemble `file`,\n"+
		"or \"default\" for the embedded calibrated ensemble (both arms of a contrast draw alike);\n"+
		"by default the checks run on the parameter table's values")
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
	opt := patterns.Options{Replicates: *n, Seed: *seed, Workers: *workers, Off: splitList(*off)}
	switch *ens {
	case "":
	case "default":
		if opt.Ensemble, err = ensemble.Default(); err != nil {
			return err
		}
	default:
		if opt.Ensemble, err = ensemble.Load(*ens); err != nil {
			return err
		}
	}
	res, err := patterns.Validate(ctx, checks, opt)
	if err != nil {
		return err
	}
	failed := writePatternReport(stdout, res, *n)
	fmt.Fprintln(stdout)
	describeParams(stdout, opt.Ensemble)
	if len(failed) > 0 {
		fmt.Fprintf(stdout, "\n%d of %d checks not reproduced: %s\n", len(failed), len(res), strings.Join(failed, ", "))
		return errPatternsFailed
	}
	fmt.Fprintf(stdout, "\nall %d checks reproduced\n", len(res))
	return nil
}

// verdictWord names a check's standing: PASS (passes, and fails without
// its mechanisms), NOT REPRODUCED (clean contrast) for a check documented
// as such, FAIL otherwise.
func verdictWord(v *patterns.Verdict) string {
	documented := v.Full.Check.NotReproduced != ""
	switch {
	case v.Reproduced() && documented:
		return "PASS (documented as not reproduced: update the documentation)"
	case v.Reproduced():
		return "PASS"
	case documented:
		return "NOT REPRODUCED (clean contrast)"
	case !v.Full.Pass():
		return "FAIL"
	case v.Without == nil:
		return "FAIL (names no mechanism)"
	}
	return "FAIL (passes without its mechanisms)"
}

// writePatternReport prints one block per check: the pattern, the exact
// contrast (the fields in which its arms differ), each line's effect with
// its interval and N, and the check run without its mechanisms. It returns
// the checks not reproduced, as "ID (name)".
func writePatternReport(w io.Writer, res []*patterns.Verdict, n int) []string {
	fmt.Fprintf(w, "pattern checks: %d replicates per arm, paired on common random numbers; effect = mean [95%% interval], N pairs\n", n)
	fmt.Fprintf(w, "a check is reproduced when it passes with every mechanism on and fails with the mechanisms it names off\n")
	var failed []string
	for _, v := range res {
		r := v.Full
		c := r.Check
		word := verdictWord(v)
		if !v.Reproduced() {
			failed = append(failed, fmt.Sprintf("%d (%s)", c.ID, c.Name))
		}
		fmt.Fprintf(w, "\n%d. %s — %s\n   %s\n", c.ID, c.Name, word, c.Pattern)
		if len(c.Mechanisms) > 0 {
			fmt.Fprintf(w, "   depends on: %s\n", strings.Join(c.Mechanisms, ", "))
		}
		if c.NotReproduced != "" {
			fmt.Fprintf(w, "   not reproduced: %s\n", c.NotReproduced)
		}
		if len(r.Contrasts) == 0 {
			fmt.Fprintf(w, "   no contrast: the replicates of one scenario as it is\n")
		}
		for _, a := range r.Contrasts {
			writeContrast(w, a)
		}
		writeLines(w, "   ", r.Lines)
		if v.Without != nil {
			mark := "fails, as it should"
			if v.Without.Pass() {
				mark = "PASSES: the effect does not come from these mechanisms"
			}
			fmt.Fprintf(w, "   without %s: %s\n", strings.Join(c.Mechanisms, ", "), mark)
			writeLines(w, "     ", v.Without.Lines)
		}
	}
	return failed
}

// writeContrast prints a contrast: its scenario, what is held in both
// arms, its factor and the exact fields in which the arms differ, entries
// of a list that change alike shown once as [*].
func writeContrast(w io.Writer, a patterns.Applied) {
	c := a.Contrast
	weeks := ""
	if c.Weeks > 0 {
		weeks = fmt.Sprintf(", %d weeks", c.Weeks)
	}
	if a.Single {
		fmt.Fprintf(w, "   one arm, its replicates compared with each other: %s%s, with %s\n", c.Scenario, weeks, c.Name)
		for _, h := range c.Held {
			if h.Note != "" {
				fmt.Fprintf(w, "     %s: %s\n", h.Name, h.Note)
			}
		}
	} else {
		fmt.Fprintf(w, "   contrast %q on %s%s\n", c.Name, c.Scenario, weeks)
	}
	for _, h := range c.Held {
		if a.Single {
			break
		}
		fmt.Fprintf(w, "     held in both arms: %s\n", h.Name)
	}
	if !a.Single {
		fmt.Fprintf(w, "     factor: %s", c.Factor.Name)
		if c.Factor.Note != "" {
			fmt.Fprintf(w, " (%s)", c.Factor.Note)
		}
		fmt.Fprintln(w)
	}
	// Entries of a list that change alike are shown once, as [*].
	type group struct {
		path, first, without, with string
		n                          int
	}
	var groups []*group
	seen := map[string]*group{}
	for _, d := range a.Diff {
		p := indexes.ReplaceAllString(d.Path, "[*]")
		k := p + "\x00" + d.Without + "\x00" + d.With
		if g, ok := seen[k]; ok {
			g.n++
			continue
		}
		g := &group{p, d.Path, d.Without, d.With, 1}
		seen[k] = g
		groups = append(groups, g)
	}
	for _, g := range groups {
		if g.n == 1 {
			fmt.Fprintf(w, "       %s: %s -> %s\n", g.first, g.without, g.with)
		} else {
			fmt.Fprintf(w, "       %s: %s -> %s   (%d entries)\n", g.path, g.without, g.with, g.n)
		}
	}
}

// indexes matches list indexes in a field path.
var indexes = regexp.MustCompile(`\[[0-9]+\]`)

func writeLines(w io.Writer, indent string, lines []patterns.Line) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, l := range lines {
		mark := "pass"
		if !l.Pass {
			mark = "FAIL"
		}
		fmt.Fprintf(tw, "%s%s\tweek %d\texpected %s\t%.4g [%.4g, %.4g]\tN %d\t%s\n", indent, l.Claim, l.Week, l.Expected, l.Effect, l.Lo, l.Hi, l.N, mark)
	}
	tw.Flush()
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

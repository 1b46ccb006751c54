package main

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/results/plot"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

func init() { commands["plot"] = cmdPlot }

// plotMetrics are the main outcomes drawn by default, in this order; those
// no run observes are left out.
var plotMetrics = []string{
	"cohesion", "team_identification", "professional_affinity", "trust",
	"weeks_to_intervention", "user_experience",
}

// writePlots writes plots/outcomes.{png,svg,pdf} of the main outcomes
// into out and, when runs were compared, plots/differences.{png,svg,pdf}.
func writePlots(out *results.Output, sets []*results.Summariser, diffs []results.Difference) error {
	return writePlotsMarked(out, sets, diffs, nil)
}

// plotsMarking returns the figure writer of an output folder whose runs
// are those of scens: writePlots with the scenarios' dated events marked.
func plotsMarking(scens []*scenarios.Scenario) func(*results.Output, []*results.Summariser, []results.Difference) error {
	marks := marksOf(scens)
	return func(out *results.Output, sets []*results.Summariser, diffs []results.Difference) error {
		return writePlotsMarked(out, sets, diffs, marks)
	}
}

// marksOf lists the dated events of the scenarios, in date order and each
// once: shocks with a date, and teams integrating after the start.
func marksOf(scens []*scenarios.Scenario) []plot.Mark {
	var marks []plot.Mark
	seen := map[string]bool{}
	add := func(d scenarios.Date, label string) {
		key := d.String() + " " + label
		if d.IsZero() || seen[key] {
			return
		}
		seen[key] = true
		marks = append(marks, plot.Mark{Date: d.Time, Label: label})
	}
	for _, s := range scens {
		for _, sh := range s.Shocks {
			label := sh.Kind
			for _, who := range []string{sh.Organisation, sh.Team, sh.Post} {
				if who != "" {
					label += " (" + who + ")"
					break
				}
			}
			add(sh.Date, label)
		}
		for _, t := range s.Teams {
			if !t.Integrates.IsZero() && t.Integrates.After(s.Run.Start.Time) {
				add(t.Integrates, t.Name+" integrates")
			}
		}
	}
	slices.SortStableFunc(marks, func(a, b plot.Mark) int { return a.Date.Compare(b.Date) })
	return marks
}

// armScenarios reads back the scenarios of an output folder's arms/, in
// arm order; nil if the folder has none that parse.
func armScenarios(dir string) []*scenarios.Scenario {
	files, _ := filepath.Glob(filepath.Join(dir, "arms", "*.toml"))
	slices.SortFunc(files, func(a, b string) int { return armIndex(a) - armIndex(b) })
	var out []*scenarios.Scenario
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil
		}
		s, err := scenarios.Parse(f, data)
		if err != nil {
			return nil
		}
		out = append(out, s)
	}
	return out
}

// armIndex is the N of arms/N-name.toml.
func armIndex(path string) int {
	n := 0
	for _, c := range filepath.Base(path) {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// writePlotsMarked is writePlots with marks drawn on the figures.
func writePlotsMarked(out *results.Output, sets []*results.Summariser, diffs []results.Difference, marks []plot.Mark) error {
	figs, err := defaultFigures(sets, diffs, nil, plot.Options{Marks: marks})
	if err != nil {
		return err
	}
	for _, fg := range figs {
		enc, err := fg.fig.EncodeAll(plot.Formats)
		if err != nil {
			return err
		}
		for i, format := range plot.Formats {
			err := writeFile(out, "plots/"+fg.name+"."+format, func(w io.Writer) error {
				_, err := w.Write(enc[i])
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

type namedFigure struct {
	name string
	fig  *plot.Figure
}

// defaultFigures makes the outcome curves of metrics (nil: plotMetrics
// observed by any run) and, with diffs, their paired differences on the
// same time axis as the curves.
func defaultFigures(sets []*results.Summariser, diffs []results.Difference, metrics []string, opt plot.Options) ([]namedFigure, error) {
	if metrics == nil {
		for _, name := range plotMetrics {
			for _, s := range sets {
				if _, ok := s.MetricIndex(name); ok {
					metrics = append(metrics, name)
					break
				}
			}
		}
		if len(metrics) == 0 {
			return nil, nil // a model without the usual outcomes: nothing to draw
		}
	}
	opt.Units = map[string]string{}
	opt.Descriptions = map[string]string{}
	for _, s := range sets {
		for _, m := range s.Metrics() {
			if _, ok := opt.Units[m.Name]; !ok && m.Unit != "" {
				opt.Units[m.Name] = m.Unit
			}
			if _, ok := opt.Descriptions[m.Name]; !ok && m.Description != "" {
				opt.Descriptions[m.Name] = m.Description
			}
		}
	}
	curves, err := plot.Curves(sets, metrics, opt)
	if err != nil {
		return nil, err
	}
	figs := []namedFigure{{"outcomes", curves}}
	opt.Axis = curves.Axis()
	var shared []string
	for _, name := range metrics {
		if slices.ContainsFunc(diffs, func(d results.Difference) bool { return d.Metric == name }) {
			shared = append(shared, name)
		}
	}
	if len(shared) > 0 {
		d, err := plot.Differences(diffs, shared, opt)
		if err != nil {
			return nil, err
		}
		figs = append(figs, namedFigure{"differences", d})
	}
	return figs, nil
}

// metricList is a repeatable -metric flag.
type metricList []string

func (m *metricList) String() string { return strings.Join(*m, ",") }
func (m *metricList) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		if name = strings.TrimSpace(name); name != "" {
			*m = append(*m, name)
		}
	}
	return nil
}

func cmdPlot(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var (
		metrics metricList
		outPath string
		formats string
		axis    string
	)
	fs := newFlagSet("plot", "plot OUTDIR [flags]",
		`Draws the figures of an output folder written by run or compare, from its
replicates.parquet (or tidy.csv.gz, tidy.csv) and runs.csv, without simulating again: the
outcome curves (lines: replicate means; bands: 5th to 95th percentile) and,
for a comparison, the paired differences with their 95% intervals. Units
come from the folder's metrics.csv. Time runs along the calendar when the
runs start on the same date and in years since start otherwise (-axis).
`, stderr)
	fs.Var(&metrics, "metric", "plot this `metric` (repeatable, or comma-separated; default the main outcomes)")
	fs.StringVar(&outPath, "o", "", "write to this `file` (its extension gives the format; outcomes only) or existing folder\n"+
		"(default OUTDIR/plots, or, with -metric or -axis, OUTDIR/plots-METRIC..., leaving the run's own figures as manifest.json records them)")
	fs.StringVar(&formats, "format", "png,svg,pdf", "comma-separated `formats` written to a folder: "+strings.Join(plot.Formats, ", "))
	fs.StringVar(&axis, "axis", "auto", "time `axis`: auto (calendar if the runs start on the same date, else years), calendar, or years since start")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &usageError{msg: fmt.Sprintf("plot needs one output folder, got %d", len(pos)), fs: fs}
	}
	var fmts []string
	for _, f := range strings.Split(formats, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(plot.Formats, f) {
			return &usageError{msg: fmt.Sprintf("-format %q: unknown format %q; known: %s", formats, f, strings.Join(plot.Formats, ", ")), fs: fs}
		}
		fmts = append(fmts, f)
	}
	ax, err := plot.ParseAxis(axis)
	if err != nil {
		return &usageError{msg: fmt.Sprintf("-axis %q: unknown axis; known: auto, calendar, years", axis), fs: fs}
	}

	dir := pos[0]
	sums, diffs, err := readOutput(dir)
	if err != nil {
		return err
	}
	var want []string
	if len(metrics) > 0 {
		want = metrics
	}
	figs, err := defaultFigures(sums, diffs, want, plot.Options{Axis: ax, Marks: marksOf(armScenarios(dir))})
	if err != nil {
		return err
	}
	if len(figs) == 0 {
		return fmt.Errorf("plot: %s observes none of the main outcomes (%s); choose some with -metric", dir, strings.Join(plotMetrics, ", "))
	}

	// A file name: the outcome curves only, in the format of its extension.
	if outPath != "" {
		if fi, err := os.Stat(outPath); err != nil || !fi.IsDir() {
			if err := figs[0].fig.Save(outPath); err != nil {
				return err
			}
			_, err := fmt.Fprintln(stdout, outPath)
			return err
		}
	}
	folder := outPath
	if folder == "" {
		// plots/ holds the run's own figures, whose checksums manifest.json
		// records: redrawn as they were, they come out byte-identical; a
		// different choice of metrics or axis goes to a folder of its own.
		folder = filepath.Join(dir, "plots")
		if len(metrics) > 0 || axis != "auto" {
			var parts []string
			for _, m := range metrics {
				parts = append(parts, m)
			}
			if axis != "auto" {
				parts = append(parts, axis)
			}
			folder = filepath.Join(dir, "plots-"+experiment.Slug(strings.Join(parts, "-")))
			fmt.Fprintf(stderr, "joinedup: writing to %s, not plots/, whose figures manifest.json records; -o chooses another place\n", folder)
		}
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return fmt.Errorf("plot: %w", err)
		}
	}
	for _, fg := range figs {
		for _, f := range fmts {
			path := filepath.Join(folder, fg.name+"."+f)
			if err := fg.fig.Save(path); err != nil {
				return err
			}
			if _, err := fmt.Fprintln(stdout, path); err != nil {
				return err
			}
		}
	}
	return nil
}

// readOutput reads the runs of an output folder back into summaries and
// paired differences against the first run, from its replicates.parquet
// or tidy table, with the metrics' units and descriptions from its
// metrics.csv or, in folders written before metrics.csv, from the model
// where they are known.
func readOutput(dir string) ([]*results.Summariser, []results.Difference, error) {
	if fi, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("plot: there is no folder %s; give the output folder of a run or compare (its path is printed at the end of the run)", dir)
	} else if err != nil {
		return nil, nil, fmt.Errorf("plot: %w", err)
	} else if !fi.IsDir() {
		return nil, nil, fmt.Errorf("plot: %s is not a folder; give an output folder of run or compare", dir)
	}
	rf, err := os.Open(filepath.Join(dir, "runs.csv"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("plot: %s is not an output folder of run or compare: it has no runs.csv", dir)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("plot: %w", err)
	}
	defer rf.Close()
	runs, err := results.ReadRunsCSV(rf)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (in %s)", err, dir)
	}
	metrics, err := readMetrics(dir)
	if err != nil {
		return nil, nil, err
	}
	for i := range runs {
		runs[i].Metrics = metrics
		if metrics == nil {
			runs[i].Metrics = knownMetrics(runs[i])
		}
	}
	if pf, err := os.Open(filepath.Join(dir, results.FormatParquet.FileName())); err == nil {
		defer pf.Close()
		return readParquetOutput(pf, runs)
	}
	sets, err := readTidyOutput(dir, runs)
	if err != nil {
		return nil, nil, err
	}
	var diffs []results.Difference
	for _, s := range sets[1:] {
		d, err := results.Compare(sets[0], s)
		if err != nil {
			return nil, nil, err
		}
		diffs = append(diffs, d...)
	}
	var sums []*results.Summariser
	for _, s := range sets {
		sums = append(sums, results.SummariseSet(s))
	}
	return sums, diffs, nil
}

// readParquetOutput streams the first design point of a Parquet
// per-replicate table into one summary per run and the paired differences
// of each later run against the first; the arms of a replicate follow each
// other in the file. Each run's metrics are the table's columns.
func readParquetOutput(f *os.File, runs []results.Meta) ([]*results.Summariser, []results.Difference, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("plot: %w", err)
	}
	schema, err := results.ParquetSchema(f, fi.Size())
	if err != nil {
		return nil, nil, fmt.Errorf("%w (in %s)", err, f.Name())
	}
	described := map[string]results.Metric{}
	for _, m := range runs[0].Metrics {
		described[m.Name] = m
	}
	var ms []results.Metric
	for _, name := range schema.Metrics {
		m, ok := described[name]
		if !ok {
			m = results.Metric{Name: name}
		}
		ms = append(ms, m)
	}
	byName := map[string]int{}
	for i := range runs {
		runs[i].Metrics = ms
		if _, dup := byName[runs[i].Scenario]; !dup {
			byName[runs[i].Scenario] = i
		}
	}
	sums := make([]*results.Summariser, len(runs))
	pairs := make([]*results.Pairs, len(runs))
	var base sim.Trajectory // the first run's replicate, for pairing
	baseRep := -1
	err = results.ReadParquet(f, fi.Size(), func(key results.ReplicateKey, weeks []int, _ []string, width int, values []float64) error {
		if key.Point != 0 {
			return nil
		}
		i, ok := byName[key.Arm]
		if !ok {
			return fmt.Errorf("plot: %s: arm %q is not in runs.csv", f.Name(), key.Arm)
		}
		tr := sim.Trajectory{Replicate: key.Replicate, Width: width, Values: values}
		for _, w := range weeks {
			tr.Ticks = append(tr.Ticks, sim.Tick(w))
		}
		if sums[i] == nil {
			sums[i] = results.NewSummariser(runs[i], weeks)
			if i > 0 {
				pairs[i] = results.NewPairs(runs[0], runs[i], weeks)
			}
		}
		if err := sums[i].Add(&tr); err != nil {
			return err
		}
		switch {
		case i == 0:
			base = sim.Trajectory{Replicate: tr.Replicate, Width: width, Ticks: tr.Ticks, Values: append(base.Values[:0], values...)}
			baseRep = tr.Replicate
		case baseRep == tr.Replicate:
			return pairs[i].Add(&base, &tr)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%w (in %s)", err, f.Name())
	}
	var diffs []results.Difference
	for i, s := range sums {
		if s == nil {
			return nil, nil, fmt.Errorf("plot: %s has no replicates of %q", f.Name(), runs[i].Scenario)
		}
		if pairs[i] != nil {
			diffs = append(diffs, pairs[i].Differences()...)
		}
	}
	return sums, diffs, nil
}

// readTidyOutput reads the tidy table of an output folder into Sets.
func readTidyOutput(dir string, runs []results.Meta) ([]*results.Set, error) {

	var tidy io.Reader
	tf, err := os.Open(filepath.Join(dir, "tidy.csv.gz"))
	if errors.Is(err, fs.ErrNotExist) {
		tf, err = os.Open(filepath.Join(dir, "tidy.csv"))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("plot: %s is not an output folder of run or compare: it has no replicates.parquet, tidy.csv.gz or tidy.csv", dir)
		}
		if err != nil {
			return nil, fmt.Errorf("plot: %w", err)
		}
		tidy = tf
	} else if err != nil {
		return nil, fmt.Errorf("plot: %w", err)
	} else {
		gz, err := gzip.NewReader(tf)
		if err != nil {
			tf.Close()
			return nil, fmt.Errorf("plot: %s: %w", tf.Name(), err)
		}
		tidy = gz
	}
	defer tf.Close()
	sets, err := results.ReadTidy(tidy, runs)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, dir)
	}
	return sets, nil
}

// readMetrics reads dir/metrics.csv, or returns nil if the folder has none.
func readMetrics(dir string) ([]results.Metric, error) {
	f, err := os.Open(filepath.Join(dir, "metrics.csv"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("plot: %w", err)
	}
	defer f.Close()
	ms, err := results.ReadMetricsCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, dir)
	}
	return ms, nil
}

// knownMetrics describes the metrics of run m: those of the scenario it
// names when that scenario can still be loaded unchanged (same hash), else
// the model's base metrics, which every world observes.
func knownMetrics(m results.Meta) []results.Metric {
	if s, err := scenarios.Resolve(m.Source); err == nil && s.Hash() == m.Hash {
		if cfg, err := s.Build(); err == nil {
			return metricsOf(cfg)
		}
	}
	return metricsOf(&model.Config{})
}

var _ flag.Value = (*metricList)(nil)

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
	"github.com/joinedup/joinedup/sim/examples/schelling"
)

func init() { commands["bench"] = cmdBench }

// benchGroups are the workloads `joinedup bench` runs, in order; each
// produces one or more rows of the table.
var benchGroups = []string{"sedgefield-1", "sedgefield-1000", "end-to-end", "england", "schelling-large", "workers", "output"}

// benchRow is one measured workload.
type benchRow struct {
	name, size string
	wall       time.Duration // whole workload, or the median run where runs > 1
	steps      float64       // agent-steps in wall
	allocs     float64       // heap allocations in wall
	peak       uint64        // peak resident memory, bytes; 0 unknown
	target     string
	met        string // "yes", "no" or "-"
}

// benchSizes are the workload sizes; -quick shrinks them for a smoke test.
type benchSizes struct {
	replicates   int       // sedgefield-1000
	englandScale []float64 // england
	englandWeeks int       // 0: the scenario's five years
	schellingN   int       // schelling-large runs (median reported)
	scaling      int       // replicates for workers and output
}

var fullSizes = benchSizes{replicates: 1000, englandScale: []float64{1.0 / 16, 0.25, 1}, schellingN: 51, scaling: 200}

var quickSizes = benchSizes{replicates: 20, englandScale: []float64{1.0 / 128, 1.0 / 64, 1.0 / 32}, englandWeeks: 26, schellingN: 5, scaling: 20}

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", "bench [-workload NAME,...] [-quick] [-cpuprofile FILE]",
		"Runs the benchmark workloads in this process and prints one table: wall time,\n"+
			"agent-steps (professional-weeks, or Schelling agent activations) per second,\n"+
			"nanoseconds and heap allocations per agent-step, peak resident memory, and\n"+
			"each target with whether it is met. Workloads: "+strings.Join(benchGroups, ", ")+".\n"+
			"See BENCHMARKS.md. The full england workload takes about 20 seconds.\n", stderr)
	var list string
	var quick bool
	var cpuprofile string
	fs.StringVar(&list, "workload", strings.Join(benchGroups, ","), "comma-separated `names` of the workloads to run")
	fs.BoolVar(&quick, "quick", false, "run small sizes as a smoke test; targets are not judged")
	fs.StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile of the workloads to `FILE` (read it with go tool pprof)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return &usageError{msg: "bench takes no arguments", fs: fs}
	}
	var groups []string
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(benchGroups, n) {
			return &usageError{msg: fmt.Sprintf("-workload: unknown workload %q; known: %s", n, strings.Join(benchGroups, ", ")), fs: fs}
		}
		groups = append(groups, n)
	}
	if len(groups) == 0 {
		return &usageError{msg: "-workload: no workload named", fs: fs}
	}
	sz := fullSizes
	if quick {
		sz = quickSizes
	}
	sc, err := scenarios.Embedded("sedgefield")
	if err != nil {
		return err
	}
	sed, err := sc.Build()
	if err != nil {
		return err
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	b := &bencher{ctx: ctx, sed: sed, sz: sz, quick: quick, stderr: stderr}
	for _, g := range groups {
		fmt.Fprintf(stderr, "bench: %s\n", g)
		var err error
		switch g {
		case "sedgefield-1":
			err = b.sedgefield1()
		case "sedgefield-1000":
			err = b.sedgefieldMany()
		case "end-to-end":
			err = b.endToEnd()
		case "england":
			err = b.england()
		case "schelling-large":
			err = b.schelling()
		case "workers":
			err = b.workers()
		case "output":
			err = b.output()
		}
		if err != nil {
			return fmt.Errorf("bench %s: %w", g, err)
		}
	}
	return writeBenchTable(stdout, b.rows, quick)
}

type bencher struct {
	ctx    context.Context
	sed    *model.Config
	sz     benchSizes
	quick  bool
	stderr io.Writer
	rows   []benchRow
}

// judge returns "yes" or "no", or "-" in quick mode.
func (b *bencher) judge(ok bool) string {
	switch {
	case b.quick:
		return "-"
	case ok:
		return "yes"
	}
	return "no"
}

// measure runs f once after a garbage collection and returns its wall time,
// heap allocations and peak resident memory.
func measure(f func() error) (wall time.Duration, allocs float64, peak uint64, err error) {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeak()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	err = f()
	wall = time.Since(start)
	runtime.ReadMemStats(&m1)
	peak = readPeak()
	if peak == 0 {
		peak = m1.Sys
	}
	return wall, float64(m1.Mallocs - m0.Mallocs), peak, err
}

// resetPeak resets the process's resident-memory high-water mark (Linux:
// writing 5 to /proc/self/clear_refs), so readPeak reports this workload's.
func resetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// readPeak returns VmHWM from /proc/self/status in bytes, or 0 if unknown.
func readPeak() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			f := strings.Fields(string(rest))
			if len(f) == 2 && f[1] == "kB" {
				kb, err := strconv.ParseUint(f[0], 10, 64)
				if err == nil {
					return kb << 10
				}
			}
		}
	}
	return 0
}

// runReplicates runs n replicates of cfg over weeks with the given workers
// and every through the experiment engine, streaming to the sinks (none:
// the trajectories are dropped), and measures them.
func (b *bencher) runReplicates(cfg *model.Config, weeks, n, workers, every int, sinks ...experiment.Sink) (benchRow, error) {
	plan := experiment.Plan{
		Arms:       []experiment.Arm{{Name: cfg.Name, Config: cfg}},
		Replicates: n, Weeks: weeks, Every: every, Workers: workers, Seed: 1,
	}
	wall, allocs, peak, err := measure(func() error { return experiment.Run(b.ctx, plan, sinks...) })
	return benchRow{
		size: fmt.Sprintf("%d reps × %d prof × %d wk", n, cfg.Professionals(), weeks),
		wall: wall, steps: float64(n * cfg.Professionals() * weeks), allocs: allocs, peak: peak,
	}, err
}

func (b *bencher) sedgefield1() error {
	cfg := b.sed
	r, err := b.runReplicates(cfg, cfg.Weeks, 1, 1, 1)
	if err != nil {
		return err
	}
	// The domain model's loop once warm: a year in, then the next year.
	w, err := model.New(cfg, sim.Replicate{Master: 1})
	if err != nil {
		return err
	}
	var row []float64
	step := func(t sim.Tick) {
		_ = w.Schedule().ApplyDue(t, w.EventRand())
		_ = w.Step(t)
		row = w.Observe(t, row[:0])
	}
	t := sim.Tick(1)
	for ; t <= 52; t++ {
		step(t)
	}
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for ; t <= 104; t++ {
		step(t)
	}
	runtime.ReadMemStats(&m1)
	warm := float64(m1.Mallocs-m0.Mallocs) / float64(52*cfg.Professionals())
	r.name = "sedgefield-1"
	r.target = fmt.Sprintf("0 allocs/step once warm (weeks 53-104: %.3g)", warm)
	r.met = b.judge(warm == 0)
	b.rows = append(b.rows, r)
	return nil
}

func (b *bencher) sedgefieldMany() error {
	r, err := b.runReplicates(b.sed, b.sed.Weeks, b.sz.replicates, 0, 1)
	if err != nil {
		return err
	}
	r.name = fmt.Sprintf("sedgefield-%d", b.sz.replicates)
	r.target = "< 1 s, all cores"
	r.met = b.judge(r.wall < time.Second)
	b.rows = append(b.rows, r)
	return nil
}

func (b *bencher) england() error {
	var first benchRow
	for i, s := range b.sz.englandScale {
		cfg := model.England(s)
		weeks := cfg.Weeks
		if b.sz.englandWeeks > 0 {
			weeks = b.sz.englandWeeks
		}
		fmt.Fprintf(b.stderr, "bench: england at scale %s: %d professionals\n", scaleName(s), cfg.Professionals())
		r, err := b.runReplicates(cfg, weeks, 1, 1, 1)
		if err != nil {
			return err
		}
		r.name = "england@" + scaleName(s)
		r.size = fmt.Sprintf("%d partnerships × 60 teams × 12 = %d prof × %d wk", len(cfg.Organisations)/2, cfg.Professionals(), weeks)
		if i == 0 {
			first = r
			r.target, r.met = "baseline for linear growth", "-"
		} else {
			ratio := nsPerStep(r) / nsPerStep(first)
			r.target = fmt.Sprintf("ns/step within 10%% of england@%s (%.2f×)", scaleName(b.sz.englandScale[0]), ratio)
			ok := ratio <= 1.10
			if s == 1 {
				r.target = fmt.Sprintf("< 15 s, < 512 MiB; ns/step within 10%% of england@%s (%.2f×)", scaleName(b.sz.englandScale[0]), ratio)
				ok = ok && r.wall < 15*time.Second && r.peak < 512<<20
			}
			r.met = b.judge(ok)
		}
		b.rows = append(b.rows, r)
	}
	return nil
}

func scaleName(s float64) string {
	switch {
	case s == 1:
		return "1"
	case s < 1 && 1/s == float64(int(1/s+0.5)):
		return "1/" + strconv.Itoa(int(1/s+0.5))
	}
	return strconv.FormatFloat(s, 'g', 4, 64)
}

func nsPerStep(r benchRow) float64 { return float64(r.wall.Nanoseconds()) / r.steps }

// schelling times the framework comparison's Schelling run many times and
// reports the median, model setup excluded.
func (b *bencher) schelling() error {
	cfg := schelling.Large
	n := b.sz.schellingN
	walls := make([]time.Duration, 0, n)
	var allocs float64
	var m0, m1 runtime.MemStats
	runtime.GC()
	resetPeak()
	for i := 0; i < n; i++ {
		m, err := schelling.New(cfg, sim.NewRand(1, 0, i, 1))
		if err != nil {
			return err
		}
		runtime.ReadMemStats(&m0)
		start := time.Now()
		for t := sim.Tick(1); t <= schelling.Steps; t++ {
			if err := m.Step(t); err != nil {
				return err
			}
		}
		walls = append(walls, time.Since(start))
		runtime.ReadMemStats(&m1)
		allocs += float64(m1.Mallocs - m0.Mallocs)
	}
	slices.Sort(walls)
	med := walls[len(walls)/2]
	b.rows = append(b.rows, benchRow{
		name: "schelling-large", size: fmt.Sprintf("%d agents × %d steps, median of %d", cfg.Agents, schelling.Steps, n),
		wall: med, steps: float64(cfg.Agents * schelling.Steps), allocs: allocs / float64(n), peak: readPeak(),
		target: "< 15 ms per run", met: b.judge(med < 15*time.Millisecond),
	})
	return nil
}

func (b *bencher) workers() error {
	var one benchRow
	for _, w := range []int{1, 2} {
		r, err := b.runReplicates(b.sed, b.sed.Weeks, b.sz.scaling, w, 1)
		if err != nil {
			return err
		}
		r.name = fmt.Sprintf("workers-%d", w)
		if w == 1 {
			one = r
			r.target, r.met = "baseline", "-"
		} else {
			speedup := float64(one.wall) / float64(r.wall)
			r.target = fmt.Sprintf("≥ 1.85× faster than 1 worker (%.2f×)", speedup)
			r.met = b.judge(speedup >= 1.85)
		}
		b.rows = append(b.rows, r)
	}
	return nil
}

func (b *bencher) output() error {
	cfg := b.sed
	n := b.sz.scaling
	table := func() []experiment.Sink {
		return []experiment.Sink{&experiment.Table{W: results.NewTidyCSV(bufio.NewWriter(io.Discard))}}
	}
	cases := []struct {
		name, what string
		every      int
		sinks      func() []experiment.Sink
	}{
		{"output-none", "nothing recorded", 1, func() []experiment.Sink { return nil }},
		{"output-weekly", "tidy CSV every week", 1, table},
		{"output-parquet", "Parquet every week (the default table)", 1, func() []experiment.Sink {
			return []experiment.Sink{&experiment.Table{W: results.NewRunTable(results.FormatParquet, io.Discard)}}
		}},
		{"output-every-4", "tidy CSV every 4 weeks", 4, table},
		{"output-summary", "streaming summaries, no table", 1, func() []experiment.Sink { return []experiment.Sink{&experiment.Summaries{}} }},
	}
	var none benchRow
	for i, c := range cases {
		r, err := b.runReplicates(cfg, cfg.Weeks, n, 0, c.every, c.sinks()...)
		if err != nil {
			return err
		}
		r.name = c.name
		r.size += ", " + c.what
		if i == 0 {
			none = r
			r.target, r.met = "baseline", "-"
		} else {
			over := float64(r.wall)/float64(none.wall) - 1
			r.target = fmt.Sprintf("within 20%% of output-none (%+.0f%%)", 100*over)
			r.met = b.judge(over <= 0.2)
			if c.name != "output-weekly" && c.name != "output-parquet" {
				r.target, r.met = fmt.Sprintf("offered (%+.0f%% on output-none)", 100*over), "-"
			}
		}
		b.rows = append(b.rows, r)
	}
	return nil
}

// endToEnd times "joinedup run sedgefield -n N" with its default outputs
// (every file and figure written to a temporary folder) against the
// simulation alone, the same replicates with nothing recorded.
func (b *bencher) endToEnd() error {
	n := b.sz.replicates
	alone, err := b.runReplicates(b.sed, b.sed.Weeks, n, 0, 1)
	if err != nil {
		return err
	}
	alone.name = fmt.Sprintf("simulation-%d", n)
	alone.target, alone.met = "baseline", "-"
	b.rows = append(b.rows, alone)
	tmp, err := os.MkdirTemp("", "joinedup-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// A first run: an empty result cache, so the run simulates and stores
	// its entry rather than reading back an earlier bench's.
	if old, ok := os.LookupEnv(experiment.CacheEnv); ok {
		defer os.Setenv(experiment.CacheEnv, old)
	} else {
		defer os.Unsetenv(experiment.CacheEnv)
	}
	if err := os.Setenv(experiment.CacheEnv, filepath.Join(tmp, "cache")); err != nil {
		return err
	}
	args := []string{"sedgefield", "-n", strconv.Itoa(n), "-quiet", "-o", filepath.Join(tmp, "out")}
	wall, allocs, peak, err := measure(func() error { return cmdRun(b.ctx, args, io.Discard, io.Discard) })
	if err != nil {
		return err
	}
	ratio := float64(wall) / float64(alone.wall)
	b.rows = append(b.rows, benchRow{
		name: fmt.Sprintf("run-sedgefield-%d", n), size: fmt.Sprintf("%d reps, default outputs", n),
		wall: wall, steps: alone.steps, allocs: allocs, peak: peak,
		target: fmt.Sprintf("≤ 1.5× simulation alone (%.2f×)", ratio), met: b.judge(ratio <= 1.5),
	})
	return nil
}

func writeBenchTable(w io.Writer, rows []benchRow, quick bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "workload\tsize\twall\tagent-steps/s\tns/step\tallocs/step\tpeak mem\ttarget\tmet")
	for _, r := range rows {
		peak := "?"
		if r.peak > 0 {
			peak = fmt.Sprintf("%.0f MiB", float64(r.peak)/(1<<20))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.3g\t%.0f\t%.3g\t%s\t%s\t%s\n", r.name, r.size, fmtDuration(r.wall),
			r.steps/r.wall.Seconds(), nsPerStep(r), r.allocs/r.steps, peak, r.target, r.met)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if quick {
		_, err := fmt.Fprintln(w, "quick sizes: targets not judged")
		return err
	}
	return nil
}

func fmtDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.0f µs", float64(d)/1e3)
}

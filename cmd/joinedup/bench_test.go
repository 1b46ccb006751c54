package main

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/joinedup/joinedup/experiment"
)

// BenchmarkCompare200 is the default compare of the two seed cases: 200
// replicates each over five years, with every output file written.
func BenchmarkCompare200(b *testing.B) {
	tmp := b.TempDir()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(tmp, strconv.Itoa(i))
		b.Setenv(experiment.CacheEnv, filepath.Join(tmp, "cache"+strconv.Itoa(i))) // a first run, not a cache read
		code, _, stderr := joinedup(b, "compare", "sedgefield", "barking-dagenham", "-n", "200", "-quiet", "-o", dir)
		if code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
}

// BenchmarkCompare200Yearly is the same compare recording every 52 weeks,
// to show the cost of the weekly per-replicate table.
func BenchmarkCompare200Yearly(b *testing.B) {
	tmp := b.TempDir()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(tmp, strconv.Itoa(i))
		b.Setenv(experiment.CacheEnv, filepath.Join(tmp, "cache"+strconv.Itoa(i))) // a first run, not a cache read
		code, _, stderr := joinedup(b, "compare", "sedgefield", "barking-dagenham", "-n", "200", "-every", "52", "-quiet", "-o", dir)
		if code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
}

// BenchmarkRunSedgefield1000 is the end-to-end target: "joinedup run
// sedgefield -n 1000" with its default outputs (replicates.parquet,
// summaries, figures, manifest, the result cache's entry) against the
// simulation alone (the same replicates through the engine with no sink).
// The target is at most 1.5 times; the benchmark reports both wall times
// and their ratio. Every run is a first run: each has a new, empty result
// cache, so it simulates and stores its entry instead of reading back the
// previous iteration's.
func BenchmarkRunSedgefield1000(b *testing.B) {
	const n = 1000
	arm, err := experiment.NewArm("sedgefield")
	if err != nil {
		b.Fatal(err)
	}
	plan := experiment.Plan{Arms: []experiment.Arm{arm}, Replicates: n, Weeks: arm.Scenario.Weeks(), Every: 1, Seed: arm.Scenario.Seed()}
	tmp := b.TempDir()
	var alone, run time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if err := experiment.Run(context.Background(), plan); err != nil {
			b.Fatal(err)
		}
		alone += time.Since(start)
		b.Setenv(experiment.CacheEnv, filepath.Join(tmp, "cache"+strconv.Itoa(i)))
		start = time.Now()
		code, _, stderr := joinedup(b, "run", "sedgefield", "-n", strconv.Itoa(n), "-quiet", "-o", filepath.Join(tmp, strconv.Itoa(i)))
		run += time.Since(start)
		if code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
	b.ReportMetric(alone.Seconds()/float64(b.N), "sim-s/op")
	b.ReportMetric(run.Seconds()/float64(b.N), "run-s/op")
	b.ReportMetric(run.Seconds()/alone.Seconds(), "ratio")
}

package main

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/joinedup/joinedup/experiment"
)

// BenchmarkCompare200 is the default compare of the two seed cases: 200
// replicates each over five years, with every output file written.
func BenchmarkCompare200(b *testing.B) {
	tmp := b.TempDir()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(tmp, strconv.Itoa(i))
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
		code, _, stderr := joinedup(b, "compare", "sedgefield", "barking-dagenham", "-n", "200", "-every", "52", "-quiet", "-o", dir)
		if code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
}

// BenchmarkRunSedgefield1000 is the end-to-end target: "joinedup run
// sedgefield -n 1000" with its default outputs (replicates.parquet,
// summaries, figures, manifest) against the simulation alone (the same replicates
// through the engine with no sink). The target is at most 1.5 times.
func BenchmarkRunSedgefield1000(b *testing.B) {
	const n = 1000
	b.Run("simulation", func(b *testing.B) {
		arm, err := experiment.NewArm("sedgefield")
		if err != nil {
			b.Fatal(err)
		}
		plan := experiment.Plan{Arms: []experiment.Arm{arm}, Replicates: n, Weeks: arm.Scenario.Weeks(), Every: 1, Seed: arm.Scenario.Seed()}
		for b.Loop() {
			if err := experiment.Run(context.Background(), plan); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("run-default-outputs", func(b *testing.B) {
		tmp := b.TempDir()
		for i := 0; b.Loop(); i++ {
			dir := filepath.Join(tmp, strconv.Itoa(i))
			code, _, stderr := joinedup(b, "run", "sedgefield", "-n", strconv.Itoa(n), "-quiet", "-o", dir)
			if code != exitOK {
				b.Fatalf("exit %d: %s", code, stderr)
			}
		}
	})
}

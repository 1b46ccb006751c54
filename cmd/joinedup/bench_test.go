package main

import (
	"path/filepath"
	"strconv"
	"testing"
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

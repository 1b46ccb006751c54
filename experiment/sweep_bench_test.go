package experiment

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkSweep runs the 64 × 20 Latin-hypercube sweep over Sedgefield
// (156 weeks, as docs/examples/sedgefield-sweep.toml) into a fresh folder
// and reports runs per second.
func BenchmarkSweep(b *testing.B) {
	text := strings.NewReplacer("weeks = 8", "weeks = 156", "week = 8", "week = 156", "window = [4, 8]", "window = [104, 156]").Replace(sedgefieldLHS)
	s := loadSweep(b, text)
	b.ResetTimer()
	for i := range b.N {
		dir := filepath.Join(b.TempDir(), "sweep", string(rune('a'+i%26)))
		if err := RunSweep(context.Background(), s, SweepOptions{Dir: dir, Version: "bench", Merge: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.Runs()*b.N)/b.Elapsed().Seconds(), "runs/s")
}

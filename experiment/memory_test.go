package experiment

import (
	"bufio"
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/joinedup/joinedup/results"
)

// peakHeap is a Sink that samples the live heap (after a collection) every
// so many units and keeps the largest.
type peakHeap struct {
	every, n int
	peak     uint64
}

func (p *peakHeap) Add(*Unit) error {
	if p.n++; p.n%p.every == 0 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		p.peak = max(p.peak, m.HeapAlloc)
	}
	return nil
}

// TestBoundedMemory runs the same two-arm plan with 10 times more
// replicates and checks that the live heap of the engine and its sinks
// (summaries, paired differences, the per-replicate table) does not grow
// with them: within 15% (plus 1 MiB of slack for the runtime).
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 2 × 1,100 short replicates")
	}
	peak := func(n int) uint64 {
		p := Plan{Arms: testArms(t), Replicates: n, Weeks: 10, Every: 1, Seed: 3, Workers: 2}
		ph := &peakHeap{every: 25}
		sinks := []Sink{&Summaries{}, &Differences{}, &Table{W: results.NewTidyCSV(bufio.NewWriter(io.Discard))}, ph}
		if err := Run(context.Background(), p, sinks...); err != nil {
			t.Fatal(err)
		}
		return ph.peak
	}
	// Past ExactUpTo replicates, so both sizes hold P² markers.
	small, large := peak(results.ExactUpTo+50), peak(10*(results.ExactUpTo+50))
	t.Logf("live heap: %d KiB at %d replicates, %d KiB at %d", small>>10, results.ExactUpTo+50, large>>10, 10*(results.ExactUpTo+50))
	if float64(large) > 1.15*float64(small)+(1<<20) {
		t.Errorf("live heap grew from %d KiB to %d KiB with 10 times the replicates", small>>10, large>>10)
	}
}

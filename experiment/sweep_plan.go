package experiment

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// SweepEstimate is what a sweep will cost on this machine, from a timed
// pilot of its first design point.
type SweepEstimate struct {
	Points, Replicates, Runs int
	Workers                  int
	PilotRuns                int           // runs timed
	Pilot                    time.Duration // wall time of the pilot
	PerRun                   time.Duration // wall time per run with Workers in parallel
	Time                     time.Duration // estimated wall time of the whole sweep (or shard)
	// PeakMemory is the estimated peak resident memory of the run in
	// bytes: the pilot's peak (it ran Workers simulations at once, as the
	// sweep does) plus the rows of the points in flight. The sweep's
	// memory does not grow with points or replicates beyond that.
	PeakMemory uint64
	// Disk is the estimated size of the sweep folder in bytes (each run's
	// row is written twice: in its point's file and in runs.csv).
	Disk uint64
}

// Estimate times a pilot of min(pilot, Replicates) runs of design point 0
// with workers simulations at once (0 means GOMAXPROCS) and scales it to
// the shard's runs (the whole sweep for the zero Shard).
func (s *Sweep) Estimate(ctx context.Context, pilot, workers int, sh Shard) (SweepEstimate, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	e := SweepEstimate{Points: len(s.Points), Replicates: s.Replicates, Workers: workers}
	for p := range s.Points {
		e.Runs += s.unitsIn(p, sh)
	}
	n := max(1, min(pilot, s.Replicates))
	pl := s.plan(0, Shard{}, workers)
	pl.Replicates = n
	start := time.Now()
	if err := Run(ctx, pl); err != nil {
		return e, fmt.Errorf("experiment: pilot of design point 0: %w", err)
	}
	e.PilotRuns, e.Pilot = n, time.Since(start)
	// With fewer pilot runs than workers the pilot could not fill them.
	e.PerRun = e.Pilot / time.Duration(n) * time.Duration(min(n, workers)) / time.Duration(workers)
	e.Time = e.PerRun * time.Duration(e.Runs)
	rowBytes := uint64(16 + 22*(len(s.Outcomes)+len(s.File.Factors)))
	e.PeakMemory = peakResident() + uint64(workers*s.Replicates)*rowBytes*4
	e.Disk = uint64(e.Runs)*(rowBytes*2) + uint64(len(s.Points))*uint64(len(s.Outcomes))*rowBytes*2 + 1<<16
	return e, nil
}

// peakResident is this process's peak resident set size (Linux's VmHWM),
// or, where that is not available, the memory the Go runtime holds.
func peakResident() uint64 {
	if v, ok := procField("/proc/self/status", "VmHWM:"); ok {
		return v
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Sys
}

// AvailableMemory is the memory this machine can give a new process
// (Linux's MemAvailable), and false where it is not known.
func AvailableMemory() (uint64, bool) {
	return procField("/proc/meminfo", "MemAvailable:")
}

// procField reads a "Name:   123 kB" line of a /proc file, in bytes.
func procField(file, name string) (uint64, bool) {
	f, err := os.Open(file)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name) {
			continue
		}
		fs := strings.Fields(line[len(name):])
		if len(fs) == 0 {
			return 0, false
		}
		v, err := strconv.ParseUint(fs[0], 10, 64)
		if err != nil {
			return 0, false
		}
		if len(fs) > 1 && fs[1] == "kB" {
			v *= 1024
		}
		return v, true
	}
	return 0, false
}

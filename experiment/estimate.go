package experiment

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/joinedup/joinedup/model"
)

// RunEstimate is what a plan will ask of the machine, worked out before it
// starts from the size of its worlds, its weeks, replicates and arms. The
// figures are deliberately rough and on the high side: they are to refuse
// a run that cannot finish (one that would exhaust memory or disk, or run
// for days), not to predict its time. The cost constants were measured on
// a shared two-core machine under load, so a quiet machine is faster.
type RunEstimate struct {
	Arms, Units, Workers int
	Sweep                bool    // a sweep's runs (Units), not one run's replicates
	Rows                 int     // recorded weeks per replicate
	Metrics              int     // metrics per arm (the most of any arm)
	Posts                int     // professionals in the largest world
	Referrals            float64 // referrals a week in the busiest world

	World  uint64        // bytes of one world while it runs
	Memory uint64        // peak bytes of the whole run
	Disk   uint64        // bytes written to the output folder
	CPU    time.Duration // simulation time on one core
	Time   time.Duration // CPU shared among the workers

	Fix string // how to shrink the run, said by Fits; "" gives the run's or the sweep's own flags
}

// Cost constants of the estimate (see RunEstimate).
const (
	estBase         = 64 << 20 // the program, the scenario, the plots
	estPostBytes    = 2048     // one professional's state and relations
	estCaseBytes    = 400      // one open case
	estSummaryBytes = 2600     // one metric in one recorded week of one arm: its quantiles and moments
	estWeek         = 50 * time.Microsecond
	estPostWeek     = 2 * time.Microsecond
	estReferral     = 10 * time.Microsecond // one referral, through its case
)

// Bytes held per recorded value of the per-replicate table until it is
// written, and written per value, for each table format.
func tableBytes(t TableFormat) (held, written uint64) {
	switch t {
	case TableCSV:
		return 16, 40
	case TableCSVGzip:
		return 16, 8
	case TableNone:
		return 0, 0
	}
	return 48, 4 // Parquet buffers its columns until the file closes
}

// EstimateRun estimates what p costs, writing its per-replicate table in
// format table.
func (p *Plan) EstimateRun(table TableFormat) (RunEstimate, error) {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	e := RunEstimate{Arms: len(p.Arms), Units: p.Units(), Workers: workers, Rows: len(p.ObservedWeeks())}
	cfgs, _, err := p.configs(p.points()[0])
	if err != nil {
		return e, err
	}
	for _, c := range cfgs {
		e.Metrics = max(e.Metrics, len(c.Metrics()))
		e.Posts = max(e.Posts, c.Professionals())
		e.Referrals = math.Max(e.Referrals, referrals(c))
	}
	weeks := float64(p.Weeks)
	// Open cases: a year's referrals at most pile up before a world's
	// capacity or users' exits bound its queues.
	e.World = 1<<20 + uint64(e.Posts)*estPostBytes + uint64(e.Referrals*math.Min(weeks, 52)*estCaseBytes)
	held, written := tableBytes(table)
	values := float64(e.Units) * float64(e.Arms) * float64(e.Rows) * float64(e.Metrics)
	summaries := float64(e.Arms) * float64(e.Rows) * float64(e.Metrics) * estSummaryBytes
	e.Memory = estBase + uint64(workers)*(e.World+uint64(e.Rows*e.Metrics*8)) + sat(summaries) + sat(values*float64(held))
	e.Disk = sat(values*float64(written) + 2*summaries/10)
	perWeek := estWeek + time.Duration(e.Posts)*estPostWeek + time.Duration(e.Referrals*float64(estReferral))
	cpu := float64(e.Units) * float64(e.Arms) * weeks * float64(perWeek)
	e.CPU = time.Duration(math.Min(cpu, math.MaxInt64/2))
	e.Time = e.CPU / time.Duration(workers)
	return e, nil
}

// sat converts v to bytes, saturating.
func sat(v float64) uint64 {
	if v >= math.MaxUint64/2 {
		return math.MaxUint64 / 2
	}
	return uint64(v)
}

// referrals is the world's referrals a week, in all teams.
func referrals(c *model.Config) float64 {
	r := 0.0
	for _, t := range c.Teams {
		r += t.Referrals
	}
	return r
}

// Machine is what the machine offers a run; a zero field is not known and
// not checked.
type Machine struct {
	Memory uint64        // memory available to a new process
	Disk   uint64        // free space where the output goes
	Time   time.Duration // the longest run accepted without -force
}

// MaxRunTime is the longest estimated run accepted without -force.
const MaxRunTime = 48 * time.Hour

// ThisMachine is what this machine offers a run writing into dir's
// folder: the available memory, the free disk space there, and MaxRunTime.
func ThisMachine(dir string) Machine {
	m := Machine{Time: MaxRunTime}
	if v, ok := AvailableMemory(); ok {
		m.Memory = v
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if free, ok := freeDisk(d); ok {
			m.Disk = free
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return m
}

// ErrTooBig is wrapped by the error Fits returns when a run exceeds the
// machine.
var ErrTooBig = errors.New("the run is larger than this machine")

// Fits returns nil if the estimate is within what m offers (80% of its
// memory, 90% of its disk, its time), or an error, wrapping ErrTooBig,
// that gives the estimate, says what drives it and how to shrink it.
func (e RunEstimate) Fits(m Machine) error {
	var over []string
	if m.Memory > 0 && e.Memory > m.Memory/10*8 {
		over = append(over, fmt.Sprintf("about %s of memory, and this machine has %s available", Bytes(e.Memory), Bytes(m.Memory)))
	}
	if m.Disk > 0 && e.Disk > m.Disk/10*9 {
		over = append(over, fmt.Sprintf("about %s of disk, and the output's file system has %s free", Bytes(e.Disk), Bytes(m.Disk)))
	}
	if m.Time > 0 && e.Time > m.Time {
		over = append(over, fmt.Sprintf("about %s with %d workers, more than the %s accepted without -force", Duration(e.Time), e.Workers, Duration(m.Time)))
	}
	if len(over) == 0 {
		return nil
	}
	fix := "Run fewer replicates (-n), fewer weeks (-weeks), record less often (-every K) or, for a large world, fewer members or referrals"
	switch {
	case e.Fix != "":
		fix = e.Fix
	case e.Sweep:
		fix = "Give the sweep fewer design points (design.size), replicates or weeks, or split it into shards run on several machines (--shard i/n)"
	}
	return fmt.Errorf("%w: it would need %s.\n%s\n%s; -force runs it anyway",
		ErrTooBig, strings.Join(over, "; "), e.Describe(), fix)
}

// Describe says in words what the estimate is made of.
func (e RunEstimate) Describe() string {
	if e.Sweep {
		return fmt.Sprintf("The estimate: %d runs of %d weeks; the largest world has %d professionals and %.0f referrals a week (%s each, one per worker); "+
			"about %s of memory, %s of disk and %s with %d workers",
			e.Units, e.Rows-1, e.Posts, e.Referrals, Bytes(e.World), Bytes(e.Memory), Bytes(e.Disk), Duration(e.Time), e.Workers)
	}
	return fmt.Sprintf("The estimate: %d arm(s) × %d replicates × %d recorded weeks × %d metrics; the largest world has %d professionals and %.0f referrals a week (%s each, one per worker); "+
		"about %s of memory, %s of disk and %s with %d workers",
		e.Arms, e.Units, e.Rows, e.Metrics, e.Posts, e.Referrals, Bytes(e.World), Bytes(e.Memory), Bytes(e.Disk), Duration(e.Time), e.Workers)
}

// Bytes formats n as B, KB, MB, GB or TB (powers of 1024).
func Bytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n), 0
	for v >= unit && i < 4 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.3g %s", v, []string{"B", "KB", "MB", "GB", "TB"}[i])
}

// Duration formats d to a useful precision: seconds, minutes, hours or days.
func Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%.0f s", math.Ceil(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%.0f min", math.Ceil(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
	return fmt.Sprintf("%.0f days", d.Hours()/24)
}

// EstimateRun estimates what running the sweep's shard sh (the whole sweep
// for the zero Shard) asks of the machine, from its first design point: a
// sweep keeps one row of outcomes per run, not the runs' tables, so its
// memory is that of its worlds in flight, and its time that of all runs.
func (s *Sweep) EstimateRun(sh Shard, workers int) (RunEstimate, error) {
	pl := s.plan(0, Shard{}, workers)
	pl.Replicates = 1
	e, err := pl.EstimateRun(TableNone)
	if err != nil {
		return e, err
	}
	runs := 0
	for p := range s.Points {
		runs += s.unitsIn(p, sh)
	}
	e.Units, e.Sweep = runs, true
	e.CPU *= time.Duration(runs)
	e.Time = e.CPU / time.Duration(e.Workers)
	e.Disk = uint64(runs) * 2 * uint64(16+22*(len(s.Outcomes)+len(s.File.Factors)))
	return e, nil
}

package experiment

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/sim"
)

// Progress is a Sink that reports how many units of a run have completed.
// On a terminal it rewrites one line in place; otherwise it writes a plain
// line at about every tenth of the run, so logs stay short.
type Progress struct {
	w      io.Writer
	label  string // e.g. "run sedgefield"
	total  int
	done   int
	tty    bool
	shown  int // tenths reported so far, when not on a terminal
	closed bool
	start  time.Time
	word   string // "replicates", or "runs" (point × replicate) for a design
}

// NewProgress returns a progress reporter writing to w, each line starting
// with label.
func NewProgress(w io.Writer, label string) *Progress {
	return &Progress{w: w, label: label, tty: IsTerminal(w)}
}

// IsTerminal reports whether w is a character device such as a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Start learns the number of units.
func (p *Progress) Start(info *Info) error {
	p.total, p.done, p.shown, p.closed, p.start = info.Units, 0, 0, false, time.Now()
	p.word = "replicates"
	if info.Plan.NumPoints() > 1 {
		p.word = "runs"
	}
	return nil
}

func (p *Progress) unitWord() string { return p.word }

// Add counts one unit.
func (p *Progress) Add(*Unit) error {
	p.done++
	switch {
	case p.total <= 0:
	case p.tty:
		fmt.Fprintf(p.w, "\r%s: %d/%d %s%s", p.label, p.done, p.total, p.unitWord(), p.eta())
		if p.done == p.total {
			fmt.Fprintln(p.w)
			p.closed = true
		}
	case p.done*10/p.total > p.shown || p.done == p.total:
		p.shown = p.done * 10 / p.total
		fmt.Fprintf(p.w, "%s: %d/%d %s\n", p.label, p.done, p.total, p.unitWord())
	}
	return nil
}

// eta is ", ETA 12s" once enough has been done to estimate it.
func (p *Progress) eta() string {
	if p.done < 2 || p.done == p.total {
		return "          "
	}
	el := time.Since(p.start)
	left := time.Duration(float64(el) / float64(p.done) * float64(p.total-p.done))
	return fmt.Sprintf(", ETA %s   ", left.Round(time.Second))
}

// Finish ends a terminal line left open by a run that stopped early.
func (p *Progress) Finish(error) error {
	if p.tty && p.done > 0 && !p.closed {
		fmt.Fprintln(p.w)
	}
	p.closed = true
	return nil
}

// Summaries is a Sink that accumulates the summary (n, mean, sd, 95%
// interval of the mean, 2.5th, 5th, 95th and 97.5th percentiles) of every
// metric at every observed week, per arm and design point, in memory that
// does not grow with replicates (see results.Summariser).
type Summaries struct {
	info *Info
	sums [][]*results.Summariser // [point][arm], created when the point's first unit arrives
}

// Start prepares the accumulators.
func (s *Summaries) Start(info *Info) error {
	s.info = info
	s.sums = make([][]*results.Summariser, info.Plan.NumPoints())
	return nil
}

// Add adds each arm's replicate to its point's summaries.
func (s *Summaries) Add(u *Unit) error {
	row := s.sums[u.Point]
	if row == nil {
		row = make([]*results.Summariser, len(u.Arms))
		for a := range row {
			row[a] = results.NewSummariser(s.info.Arms[a], s.info.Weeks)
		}
		s.sums[u.Point] = row
	}
	for a, tr := range u.Arms {
		if err := row[a].Add(tr); err != nil {
			return err
		}
	}
	return nil
}

// Point returns the summaries of every arm at a design point, in arm
// order; nil if no unit of the point arrived.
func (s *Summaries) Point(point int) []*results.Summariser {
	if point < 0 || point >= len(s.sums) {
		return nil
	}
	return s.sums[point]
}

// All returns every summary: by design point, then arm, then metric, then
// week.
func (s *Summaries) All() []results.Summary {
	var out []results.Summary
	for _, row := range s.sums {
		for _, sm := range row {
			out = append(out, sm.Summaries()...)
		}
	}
	return out
}

// Differences is a Sink that accumulates the paired differences of every
// arm against arm 0 (the base), replicate by replicate on common random
// numbers, per design point: Welford's running moments of the
// per-replicate differences, so memory does not grow with replicates.
type Differences struct {
	info  *Info
	pairs [][]*results.Pairs // [point][arm-1]
}

// Start prepares the accumulators.
func (d *Differences) Start(info *Info) error {
	d.info = info
	d.pairs = make([][]*results.Pairs, info.Plan.NumPoints())
	return nil
}

// Add adds each later arm's difference from arm 0.
func (d *Differences) Add(u *Unit) error {
	if len(u.Arms) < 2 {
		return nil
	}
	row := d.pairs[u.Point]
	if row == nil {
		row = make([]*results.Pairs, len(u.Arms)-1)
		for a := range row {
			row[a] = results.NewPairs(d.info.Arms[0], d.info.Arms[a+1], d.info.Weeks)
		}
		d.pairs[u.Point] = row
	}
	for a, p := range row {
		if err := p.Add(u.Arms[0], u.Arms[a+1]); err != nil {
			return err
		}
	}
	return nil
}

// Point returns the differences of every later arm against arm 0 at a
// design point: by arm, then metric (in arm 0's order), then week.
func (d *Differences) Point(point int) []results.Difference {
	if point < 0 || point >= len(d.pairs) {
		return nil
	}
	var out []results.Difference
	for _, p := range d.pairs[point] {
		out = append(out, p.Differences()...)
	}
	return out
}

// All returns the differences of every design point, point by point.
func (d *Differences) All() []results.Difference {
	var out []results.Difference
	for p := range d.pairs {
		out = append(out, d.Point(p)...)
	}
	return out
}

// A ReplicateWriter writes per-replicate data: every observed value of
// every arm, replicate and design point, in the order given. Implementations
// decide the layout: results.RunTable (Parquet, or tidy CSV by arm and
// point) and results.TidyCSV (the tidy CSV of run and compare); each factor
// of the design is a column beside the values.
type ReplicateWriter interface {
	// Begin is called once with the runs (one per arm), the design's
	// factor names (in the order of Unit.Settings; none for a plain run)
	// and the observed weeks.
	Begin(runs []results.Meta, factors []string, weeks []int) error
	// Write writes one replicate of one run at a design point with its
	// settings' values (one per factor).
	Write(run, point int, values []string, tr *sim.Trajectory) error
	// Close flushes and finishes the data; it does not close the
	// underlying file.
	Close() error
}

// Table is a Sink that writes every replicate through a ReplicateWriter,
// with one value per factor of the design (see Plan.Factors; "" where a
// point does not set a factor).
type Table struct {
	W       ReplicateWriter
	factors []string
	vals    []string
}

// Start declares the runs and factors to the writer.
func (t *Table) Start(info *Info) error {
	t.factors = info.Plan.Factors()
	t.vals = make([]string, len(t.factors))
	return t.W.Begin(info.Arms, t.factors, info.Weeks)
}

// Add writes each arm's replicate.
func (t *Table) Add(u *Unit) error {
	clear(t.vals)
	for _, s := range u.Settings {
		for i, f := range t.factors {
			if f == s.Factor {
				t.vals[i] = s.Value
				break
			}
		}
	}
	for a, tr := range u.Arms {
		if err := t.W.Write(a, u.Point, t.vals, tr); err != nil {
			return err
		}
	}
	return nil
}

// Finish closes the writer when the run completed.
func (t *Table) Finish(err error) error {
	if err != nil {
		return nil
	}
	return t.W.Close()
}

// Snapshot is a copy of one unit for a live feed.
type Snapshot struct {
	Point, Replicate int
	Weeks            []int       // observed weeks
	Values           [][]float64 // per arm: the trajectory's values, row by row
}

// Feed is a Sink that sends a copy of each unit on a channel, for a live
// display. Sending blocks until the receiver takes the snapshot or Ctx is
// done, so a slow receiver slows the run rather than losing units. The
// channel is closed when the run ends.
type Feed struct {
	C   chan Snapshot
	Ctx context.Context // nil means context.Background()
}

// NewFeed returns a feed with a channel of the given capacity.
func NewFeed(ctx context.Context, capacity int) *Feed {
	return &Feed{C: make(chan Snapshot, capacity), Ctx: ctx}
}

// Add sends a copy of u.
func (f *Feed) Add(u *Unit) error {
	s := Snapshot{Point: u.Point, Replicate: u.Replicate}
	for _, tr := range u.Arms {
		s.Values = append(s.Values, append([]float64(nil), tr.Values...))
	}
	if len(u.Arms) > 0 {
		for _, t := range u.Arms[0].Ticks {
			s.Weeks = append(s.Weeks, int(t))
		}
	}
	ctx := f.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	select {
	case f.C <- s:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Finish closes the channel.
func (f *Feed) Finish(error) error {
	close(f.C)
	return nil
}

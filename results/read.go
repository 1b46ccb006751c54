package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// ReadRunsCSV reads a runs table written by WriteRunsCSV. The Metas it
// returns have no Metrics: runs.csv does not list them; metrics.csv does
// (ReadMetricsCSV).
func ReadRunsCSV(r io.Reader) ([]Meta, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(RunsHeader)
	head, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("results: runs.csv is empty; expected the header " + joinComma(RunsHeader))
	}
	if err != nil {
		return nil, fmt.Errorf("results: runs.csv: %w", err)
	}
	if !slices.Equal(head, RunsHeader) {
		return nil, fmt.Errorf("results: runs.csv line 1: header %q, want %q", joinComma(head), joinComma(RunsHeader))
	}
	var runs []Meta
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("results: runs.csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		p := fieldParser{file: "runs.csv", line: line, rec: rec, head: RunsHeader}
		m := Meta{
			Run: p.int(0), Scenario: rec[1], Source: rec[2], Hash: rec[3],
			Seed: p.uint(4), Stream: p.uint(5), Replicates: p.int(6), Weeks: p.int(7), Every: p.int(8),
		}
		m.Start, p.err = p.date(9)
		if p.err != nil {
			return nil, p.err
		}
		for _, o := range runs {
			if o.Run == m.Run {
				return nil, fmt.Errorf("results: runs.csv line %d: run %d listed twice", line, m.Run)
			}
		}
		runs = append(runs, m)
	}
	if len(runs) == 0 {
		return nil, errors.New("results: runs.csv lists no runs")
	}
	return runs, nil
}

// ReadTidy reads a tidy long CSV written by Recorders (with the header of
// WriteTidyHeader) back into one Set per run, in the order of runs.
//
// Within a run, rows must be ordered as a Recorder writes them: replicate,
// then week, then metric, each replicate's rows contiguous; runs may
// alternate replicate by replicate (as the experiment engine writes the arms
// of one replicate together) or follow one another. Every
// replicate observing the same weeks and metrics. The metrics of a Set
// are those found in the file, in file order; their Unit and Description
// come from the Metric of the same name in the run's Meta.Metrics when it
// lists one. Every date is checked against the run's Start. Values read
// back are bit-identical to those recorded, NaN and infinities included.
func ReadTidy(r io.Reader, runs []Meta) ([]*Set, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 7
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("results: tidy CSV is empty; expected the header " + TidyHeader[:len(TidyHeader)-1])
	}
	if err != nil {
		return nil, fmt.Errorf("results: tidy CSV: %w", err)
	}
	if got := joinComma(head) + "\n"; got != TidyHeader {
		return nil, fmt.Errorf("results: tidy CSV line 1: header %q, want %q", got[:len(got)-1], TidyHeader[:len(TidyHeader)-1])
	}
	byRun := map[int]int{}
	for i, m := range runs {
		byRun[m.Run] = i
	}
	sets := make([]*Set, len(runs))
	tidyHead := []string{"scenario", "run", "replicate", "week", "date", "metric", "value"}

	var (
		cur  *tidyRun // run being read
		open = map[int]*tidyRun{}
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("results: tidy CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		p := fieldParser{file: "tidy CSV", line: line, rec: rec, head: tidyHead}
		run, rep, week := p.int(1), p.int(2), p.int(3)
		val := p.float(6)
		if p.err != nil {
			return nil, p.err
		}
		if cur == nil || run != cur.meta.Run {
			if cur != nil && cur.vals != nil {
				// Leaving a run: its replicate in progress must be complete.
				if err := cur.endRep(line); err != nil {
					return nil, err
				}
			}
			i, ok := byRun[run]
			if !ok {
				return nil, fmt.Errorf("results: tidy CSV line %d: run %d is not in runs.csv", line, run)
			}
			if cur = open[run]; cur == nil {
				cur = newTidyRun(runs[i])
				open[run] = cur
				sets[i] = cur.set
			}
		}
		if rec[0] != cur.meta.Scenario {
			return nil, fmt.Errorf("results: tidy CSV line %d: scenario %q, but runs.csv names run %d %q", line, rec[0], run, cur.meta.Scenario)
		}
		if want := dateOf(cur.meta.Start, week); rec[4] != want {
			return nil, fmt.Errorf("results: tidy CSV line %d: date %s of week %d, but run %d starts %s, giving %s",
				line, rec[4], week, run, cur.meta.Start.Format(time.DateOnly), want)
		}
		if err := cur.add(line, rep, week, rec[5], val); err != nil {
			return nil, err
		}
	}
	for i := range runs {
		if t := open[runs[i].Run]; t != nil {
			if err := t.finish(); err != nil {
				return nil, err
			}
		}
	}
	for i, s := range sets {
		if s == nil {
			return nil, fmt.Errorf("results: tidy CSV has no rows for run %d (%s) listed in runs.csv", runs[i].Run, runs[i].Scenario)
		}
	}
	return sets, nil
}

// tidyRun reads the rows of one run. The first replicate's rows fix the
// weeks and metrics; later replicates must repeat them in the same order.
type tidyRun struct {
	meta  Meta
	set   *Set
	given map[string]Metric // descriptions from the caller's Meta.Metrics
	rep   int               // replicate being read
	vals  []float64         // its values so far
	first bool              // reading the first replicate
}

func newTidyRun(m Meta) *tidyRun {
	t := &tidyRun{meta: m, given: map[string]Metric{}}
	for _, mt := range m.Metrics {
		t.given[mt.Name] = mt
	}
	m.Metrics = nil
	t.set = &Set{meta: m}
	return t
}

func (t *tidyRun) add(line, rep, week int, metric string, v float64) error {
	s := t.set
	if t.vals == nil || rep != t.rep {
		if t.vals != nil {
			if err := t.endRep(line); err != nil {
				return err
			}
		}
		if slices.Contains(s.reps, rep) {
			return fmt.Errorf("results: tidy CSV line %d: run %d replicate %d appears again after other replicates", line, t.meta.Run, rep)
		}
		t.rep, t.vals, t.first = rep, make([]float64, 0, len(s.weeks)*len(s.meta.Metrics)), len(s.reps) == 0
	}
	if t.first {
		nw := len(s.weeks)
		switch {
		case nw == 0 || week > s.weeks[nw-1]:
			if nw > 0 && len(t.vals) != nw*len(s.meta.Metrics) {
				return t.missing(line, s.weeks[nw-1])
			}
			s.weeks = append(s.weeks, week)
		case week < s.weeks[nw-1]:
			return fmt.Errorf("results: tidy CSV line %d: run %d replicate %d: week %d after week %d; weeks must increase", line, t.meta.Run, rep, week, s.weeks[nw-1])
		}
		if len(s.weeks) == 1 {
			if _, ok := s.MetricIndex(metric); ok {
				return fmt.Errorf("results: tidy CSV line %d: run %d replicate %d week %d: metric %q twice", line, t.meta.Run, rep, week, metric)
			}
			mt, ok := t.given[metric]
			if !ok {
				mt = Metric{Name: metric}
			}
			s.meta.Metrics = append(s.meta.Metrics, mt)
		} else if err := t.expect(line, week, metric); err != nil {
			return err
		}
		t.vals = append(t.vals, v)
		return nil
	}
	if err := t.expect(line, week, metric); err != nil {
		return err
	}
	t.vals = append(t.vals, v)
	return nil
}

// expect checks that the next value of the replicate is (week, metric).
func (t *tidyRun) expect(line, week int, metric string) error {
	s := t.set
	nm := len(s.meta.Metrics)
	i := len(t.vals)
	if i >= len(s.weeks)*nm {
		if t.first {
			return fmt.Errorf("results: tidy CSV line %d: run %d replicate %d week %d: metric %q not observed in week %d, or listed twice",
				line, t.meta.Run, t.rep, week, metric, s.weeks[0])
		}
		return fmt.Errorf("results: tidy CSV line %d: run %d replicate %d has more rows than the first replicate (%d weeks × %d metrics)",
			line, t.meta.Run, t.rep, len(s.weeks), nm)
	}
	ww, wm := s.weeks[i/nm], s.meta.Metrics[i%nm].Name
	if week != ww || metric != wm {
		return fmt.Errorf("results: tidy CSV line %d: run %d replicate %d: week %d metric %q where the first replicate's order gives week %d metric %q",
			line, t.meta.Run, t.rep, week, metric, ww, wm)
	}
	return nil
}

func (t *tidyRun) missing(line, week int) error {
	return fmt.Errorf("results: tidy CSV line %d: run %d replicate %d: week %d lacks some metrics", line, t.meta.Run, t.rep, week)
}

// endRep stores the replicate read so far, checking it is complete.
func (t *tidyRun) endRep(line int) error {
	s := t.set
	if want := len(s.weeks) * len(s.meta.Metrics); len(t.vals) != want {
		at := fmt.Sprintf("line %d", line)
		if line < 0 {
			at = "at the end"
		}
		return fmt.Errorf("results: tidy CSV %s: run %d replicate %d has %d rows, want %d (%d weeks × %d metrics)",
			at, t.meta.Run, t.rep, len(t.vals), want, len(s.weeks), len(s.meta.Metrics))
	}
	s.reps = append(s.reps, t.rep)
	s.vals = append(s.vals, t.vals)
	t.vals = nil
	return nil
}

func (t *tidyRun) finish() error {
	if t.vals == nil {
		return nil
	}
	return t.endRep(-1)
}

// fieldParser parses fields of one CSV record, keeping the first error.
type fieldParser struct {
	file string
	line int
	rec  []string
	head []string
	err  error
}

func (p *fieldParser) fail(i int, err error) {
	if p.err == nil {
		p.err = fmt.Errorf("results: %s line %d: %s %q: %w", p.file, p.line, p.head[i], p.rec[i], errors.Unwrap(err))
	}
}

func (p *fieldParser) int(i int) int {
	v, err := strconv.Atoi(p.rec[i])
	if err != nil {
		p.fail(i, err)
	}
	return v
}

func (p *fieldParser) uint(i int) uint64 {
	v, err := strconv.ParseUint(p.rec[i], 10, 64)
	if err != nil {
		p.fail(i, err)
	}
	return v
}

func (p *fieldParser) float(i int) float64 {
	v, err := strconv.ParseFloat(p.rec[i], 64)
	if err != nil {
		p.fail(i, err)
	}
	return v
}

func (p *fieldParser) date(i int) (time.Time, error) {
	if p.err != nil {
		return time.Time{}, p.err
	}
	d, err := time.Parse(time.DateOnly, p.rec[i])
	if err != nil {
		return d, fmt.Errorf("results: %s line %d: %s %q is not a date YYYY-MM-DD", p.file, p.line, p.head[i], p.rec[i])
	}
	return d, nil
}

func joinComma(fields []string) string {
	s := ""
	for i, f := range fields {
		if i > 0 {
			s += ","
		}
		s += f
	}
	return s
}

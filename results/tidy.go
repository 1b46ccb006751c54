package results

import (
	"fmt"
	"io"
	"strconv"

	"github.com/joinedup/joinedup/sim"
)

// TidyCSV writes per-replicate data as tidy long CSV, one row per value,
// streaming: nothing is kept but the current replicate's bytes. The columns
// are scenario,run,replicate,week,date,metric,value (TidyHeader); a design
// with factors adds point and one column per factor after run, as
// scenario,run,point,FACTOR...,replicate,week,date,metric,value. Values are
// formatted as a Recorder formats them, so a run without factors writes
// exactly what a Recorder writes.
type TidyCSV struct {
	w       io.Writer
	rows    int
	factors int
	buf     []byte
	prefix  [][]byte   // `scenario,run,` per run
	metric  [][][]byte // `,metric,` per run and metric
	weeks   []int
	weekOf  [][][]byte // per run: `week,date` per observed week
}

// NewTidyCSV returns a writer of tidy CSV to w.
func NewTidyCSV(w io.Writer) *TidyCSV { return &TidyCSV{w: w} }

// Begin writes the header and prepares the runs' fixed fields.
func (t *TidyCSV) Begin(runs []Meta, factors []string, weeks []int) error {
	t.factors = len(factors)
	t.weeks = append([]int(nil), weeks...)
	head := []byte("scenario,run,")
	if len(factors) > 0 {
		head = append(head, "point,"...)
		for _, f := range factors {
			head = append(appendField(head, f), ',')
		}
	}
	head = append(head, "replicate,week,date,metric,value\n"...)
	if _, err := t.w.Write(head); err != nil {
		return fmt.Errorf("results: writing tidy header: %w", err)
	}
	t.prefix, t.metric, t.weekOf = nil, nil, nil
	for _, m := range runs {
		p := append(appendField(nil, m.Scenario), ',')
		p = strconv.AppendInt(p, int64(m.Run), 10)
		t.prefix = append(t.prefix, append(p, ','))
		var ms [][]byte
		for _, mt := range m.Metrics {
			b := appendField([]byte{','}, mt.Name)
			ms = append(ms, append(b, ','))
		}
		t.metric = append(t.metric, ms)
		var wk [][]byte
		for _, w := range weeks {
			b := strconv.AppendInt(nil, int64(w), 10)
			b = append(b, ',')
			wk = append(wk, append(b, dateOf(m.Start, w)...))
		}
		t.weekOf = append(t.weekOf, wk)
	}
	return nil
}

// Write writes one replicate of run at a design point.
func (t *TidyCSV) Write(run, point int, values []string, tr *sim.Trajectory) error {
	if run < 0 || run >= len(t.prefix) {
		return fmt.Errorf("results: tidy CSV: run %d not declared", run)
	}
	if len(values) != t.factors {
		return fmt.Errorf("results: tidy CSV: %d factor values for %d factors", len(values), t.factors)
	}
	nm := len(t.metric[run])
	if tr.Width != nm || len(tr.Values) != len(t.weeks)*nm {
		return fmt.Errorf("results: tidy CSV: run %d replicate %d: %d values of width %d, expected %d weeks of %d metrics",
			run, tr.Replicate, len(tr.Values), tr.Width, len(t.weeks), nm)
	}
	lead := append([]byte(nil), t.prefix[run]...)
	if t.factors > 0 {
		lead = strconv.AppendInt(lead, int64(point), 10)
		lead = append(lead, ',')
		for _, v := range values {
			lead = append(appendField(lead, v), ',')
		}
	}
	lead = strconv.AppendInt(lead, int64(tr.Replicate), 10)
	lead = append(lead, ',')
	b := t.buf[:0]
	for i := range t.weeks {
		row := tr.Values[i*nm : (i+1)*nm]
		for j, v := range row {
			b = append(b, lead...)
			b = append(b, t.weekOf[run][i]...)
			b = append(b, t.metric[run][j]...)
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
			b = append(b, '\n')
		}
		if len(b) >= flushAt {
			if _, err := t.w.Write(b); err != nil {
				return fmt.Errorf("results: writing tidy CSV: %w", err)
			}
			b = b[:0]
		}
	}
	t.buf = b[:0]
	t.rows += len(tr.Values)
	if len(b) > 0 {
		if _, err := t.w.Write(b); err != nil {
			return fmt.Errorf("results: writing tidy CSV: %w", err)
		}
	}
	return nil
}

// Rows reports how many data rows have been written.
func (t *TidyCSV) Rows() int { return t.rows }

// Close does nothing: every row is handed to the writer as it is made.
func (t *TidyCSV) Close() error { return nil }

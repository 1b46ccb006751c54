package results

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/joinedup/joinedup/sim"
)

// TidyHeader is the header line of the tidy long CSV written by a Recorder.
const TidyHeader = "scenario,run,replicate,week,date,metric,value\n"

// WriteTidyHeader writes the tidy CSV header. Call it once per file, before
// the first Recorder writes to it; several recorders (the runs of a compare)
// may then share the file.
func WriteTidyHeader(w io.Writer) error {
	if _, err := io.WriteString(w, TidyHeader); err != nil {
		return fmt.Errorf("results: writing tidy header: %w", err)
	}
	return nil
}

// flushAt is the buffered size at which a Recorder hands bytes to its writer.
const flushAt = 64 << 10

// Recorder is a sim.Observer that writes each trajectory as tidy long CSV
// rows (scenario,run,replicate,week,date,metric,value) and keeps every value
// in a Set for summaries.
//
// Rows are written in the order received: replicate, then week, then metric
// in Meta.Metrics order. The Recorder buffers internally and hands everything
// it has buffered to the writer before Observe returns, so nothing needs
// flushing and several recorders may write to one file in turn. Values are
// formatted with strconv.FormatFloat(v, 'g', -1, 64); NaN is written as
// "NaN" and infinities as "+Inf" and "-Inf". Text fields are quoted as
// encoding/csv quotes them.
type Recorder struct {
	w    io.Writer // nil: keep values only
	set  *Set
	rows int

	buf    []byte
	prefix []byte   // `scenario,run,`
	metric [][]byte // `,metric,` per metric
	week   [][]byte // `week,date` per observed week, built on first trajectory
}

// NewRecorder returns a Recorder for the run described by m. If csv is nil
// it keeps values only. Meta.Metrics must list one Metric per value in a
// trajectory row.
func NewRecorder(m Meta, csv io.Writer) *Recorder {
	m.Metrics = append([]Metric(nil), m.Metrics...)
	r := &Recorder{w: csv, set: &Set{meta: m}}
	r.prefix = append(appendField(nil, m.Scenario), ',')
	r.prefix = strconv.AppendInt(r.prefix, int64(m.Run), 10)
	r.prefix = append(r.prefix, ',')
	for _, mt := range m.Metrics {
		b := appendField([]byte{','}, mt.Name)
		r.metric = append(r.metric, append(b, ','))
	}
	return r
}

// Set returns the values recorded so far. The Set grows as the Recorder
// observes more replicates; read it once the run is over.
func (r *Recorder) Set() *Set { return r.set }

// Rows reports how many CSV rows the Recorder has written (or, with no
// writer, would have written).
func (r *Recorder) Rows() int { return r.rows }

// Observe records one replicate. All replicates of a run must observe the
// same weeks, and each row must hold one value per metric.
func (r *Recorder) Observe(tr *sim.Trajectory) error {
	s := r.set
	nm := len(s.meta.Metrics)
	if tr.Width != nm {
		return fmt.Errorf("results: scenario %q replicate %d: trajectory rows hold %d values, meta lists %d metrics", s.meta.Scenario, tr.Replicate, tr.Width, nm)
	}
	if tr.Stream != s.meta.Stream {
		return fmt.Errorf("results: scenario %q replicate %d: trajectory stream %d, meta says %d", s.meta.Scenario, tr.Replicate, tr.Stream, s.meta.Stream)
	}
	if len(tr.Values) != len(tr.Ticks)*nm {
		return fmt.Errorf("results: scenario %q replicate %d: %d values for %d ticks of %d metrics", s.meta.Scenario, tr.Replicate, len(tr.Values), len(tr.Ticks), nm)
	}
	if len(s.reps) == 0 {
		s.weeks = make([]int, len(tr.Ticks))
		for i, t := range tr.Ticks {
			s.weeks[i] = int(t)
			if i > 0 && s.weeks[i] <= s.weeks[i-1] {
				return fmt.Errorf("results: scenario %q replicate %d: ticks not increasing", s.meta.Scenario, tr.Replicate)
			}
		}
		r.week = make([][]byte, len(s.weeks))
		for i, w := range s.weeks {
			b := strconv.AppendInt(nil, int64(w), 10)
			b = append(b, ',')
			r.week[i] = append(b, dateOf(s.meta.Start, w)...)
		}
	} else if !sameWeeks(s.weeks, tr.Ticks) {
		return fmt.Errorf("results: scenario %q replicate %d: observed weeks differ from replicate %d", s.meta.Scenario, tr.Replicate, s.reps[0])
	}
	s.reps = append(s.reps, tr.Replicate)
	s.vals = append(s.vals, append([]float64(nil), tr.Values...))
	r.rows += len(tr.Values)
	if r.w == nil {
		return nil
	}

	rep := strconv.AppendInt(nil, int64(tr.Replicate), 10)
	b := r.buf[:0]
	for i := range s.weeks {
		row := tr.Values[i*nm : (i+1)*nm]
		for j, v := range row {
			b = append(b, r.prefix...)
			b = append(b, rep...)
			b = append(b, ',')
			b = append(b, r.week[i]...)
			b = append(b, r.metric[j]...)
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
			b = append(b, '\n')
		}
		if len(b) >= flushAt {
			if _, err := r.w.Write(b); err != nil {
				return fmt.Errorf("results: writing tidy CSV: %w", err)
			}
			b = b[:0]
		}
	}
	r.buf = b[:0]
	if len(b) > 0 {
		if _, err := r.w.Write(b); err != nil {
			return fmt.Errorf("results: writing tidy CSV: %w", err)
		}
	}
	return nil
}

func sameWeeks(weeks []int, ticks []sim.Tick) bool {
	if len(weeks) != len(ticks) {
		return false
	}
	for i, t := range ticks {
		if weeks[i] != int(t) {
			return false
		}
	}
	return true
}

// appendField appends s as one CSV field, quoted exactly as encoding/csv
// would quote it.
func appendField(dst []byte, s string) []byte {
	if s == "" {
		return dst // encoding/csv leaves an empty field bare within a record
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{s}) // writes to memory; cannot fail
	w.Flush()
	return append(dst, strings.TrimSuffix(buf.String(), "\n")...)
}

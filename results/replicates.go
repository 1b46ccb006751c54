package results

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/joinedup/joinedup/sim"
)

// A per-replicate table holds every observed value of every replicate of an
// experiment: one arm (a scenario plus overrides), one design point of that
// arm, one replicate at a time. Its rows carry the design factors and arm
// settings as columns of their own, so a reader can group or filter by them
// without consulting any other file.
//
// Two layouts implement ReplicateWriter:
//
//   - Parquet (ParquetWriter): wide, one row per (arm, point, replicate,
//     week) and one column per metric; pandas, polars, R (arrow) and DuckDB
//     read it directly.
//   - Tidy CSV (TidyWriter): long, one row per (arm, point, replicate, week,
//     metric), optionally gzip-compressed; what spreadsheets and older
//     scripts read.

// FactorColumn is one column of the per-replicate table that holds a design
// factor or an arm setting, for example "partnership.pace" (numeric) or
// "finance.regime" (categorical).
type FactorColumn struct {
	Name    string // column name; must not clash with a fixed column or a metric
	Numeric bool   // true: values are numbers (FactorValue.Num); false: strings (FactorValue.Text)
}

// ReplicateSchema fixes the columns of a per-replicate table. Every
// replicate written to one table has these factors, in this order, and one
// value per metric in each observed week, in Metrics order.
type ReplicateSchema struct {
	Factors []FactorColumn // design factors and arm settings; may be empty
	Metrics []string       // metric names, e.g. "waiting_weeks", "cohesion[pathway team]"
}

// FactorValue is one factor's value at a design point: Num for a numeric
// column, Text for a categorical one. The other field is ignored.
type FactorValue struct {
	Num  float64
	Text string
}

// Num returns a FactorValue holding the number x.
func Num(x float64) FactorValue { return FactorValue{Num: x} }

// Text returns a FactorValue holding the category s.
func Text(s string) FactorValue { return FactorValue{Text: s} }

// ReplicateKey identifies one replicate within an experiment.
type ReplicateKey struct {
	Arm       string        // arm name, e.g. "sedgefield" or "pace=0.5"
	Point     int           // design point index within the arm, from 0
	Factors   []FactorValue // one per ReplicateSchema.Factors, in that order
	Replicate int           // replicate number, from 0
}

// ReplicateWriter writes a per-replicate table, one whole replicate at a
// time. A replicate is a block of observations: weeks[i] is the i'th
// observed week (increasing), dates[i] its calendar date (YYYY-MM-DD,
// supplied by the caller; anything else is an error), and values holds
// width values per observed week, row by row, in ReplicateSchema.Metrics
// order (width must equal len(Metrics)), as in a sim.Trajectory. Arms that
// observe different metrics (per-team metrics of different teams) share one
// table whose Metrics are the union, with NaN where an arm has no value. Writers copy what they keep: the caller may reuse its
// slices once WriteReplicate returns.
//
// Rows are written in the order replicates arrive; the same replicates in
// the same order give byte-identical files. A ReplicateWriter is not safe for
// concurrent use.
//
// Close finishes the table (for Parquet, writes the last row group and the
// footer; for gzip, the trailer) but does not close the underlying
// io.Writer. A table is complete only once Close has returned nil; after an
// error from WriteReplicate the caller should discard the file.
type ReplicateWriter interface {
	WriteReplicate(key ReplicateKey, weeks []int, dates []string, width int, values []float64) error
	Close() error
}

// ReplicateFormat names a file format for the per-replicate table.
type ReplicateFormat string

// The per-replicate table formats.
const (
	FormatParquet ReplicateFormat = "parquet" // replicates.parquet: wide, zstd-compressed
	FormatCSVGzip ReplicateFormat = "csv.gz"  // tidy.csv.gz: tidy long CSV, gzip-compressed
	FormatCSV     ReplicateFormat = "csv"     // tidy.csv: tidy long CSV, plain
)

// DefaultReplicateFormat is the format used when none is asked for:
// Parquet, which for 1,000 Sedgefield replicates observed weekly made a
// file 2.8 times smaller than the gzip tidy CSV `joinedup run` wrote before
// (35.8 MB against 100.3 MB) in a tenth of the CPU time, and which DuckDB
// queries in a tenth of a second where it takes seconds to scan the CSV
// (BenchmarkReplicateWriter, BenchmarkRecorderTidyGzip,
// testdata/interop/load.mjs).
const DefaultReplicateFormat = FormatParquet

// ReplicateFormats lists the formats in the order a usage message should
// show them.
var ReplicateFormats = []ReplicateFormat{FormatParquet, FormatCSVGzip, FormatCSV}

// ParseReplicateFormat returns the format named s ("parquet", "csv.gz" or
// "csv"), or an error listing the known names.
func ParseReplicateFormat(s string) (ReplicateFormat, error) {
	for _, f := range ReplicateFormats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(ReplicateFormats))
	for i, f := range ReplicateFormats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("results: unknown per-replicate format %q; known: %s", s, strings.Join(names, ", "))
}

// FileName returns the name of the per-replicate table file in this
// format: "replicates.parquet", "tidy.csv.gz" or "tidy.csv".
func (f ReplicateFormat) FileName() string {
	switch f {
	case FormatParquet:
		return "replicates.parquet"
	case FormatCSVGzip:
		return "tidy.csv.gz"
	case FormatCSV:
		return "tidy.csv"
	}
	return ""
}

// NewReplicateWriter returns a writer of the per-replicate table in format
// f, writing to w.
func NewReplicateWriter(f ReplicateFormat, w io.Writer, s ReplicateSchema) (ReplicateWriter, error) {
	switch f {
	case FormatParquet:
		return NewParquetWriter(w, s)
	case FormatCSVGzip:
		return NewTidyWriter(w, s, TidyOptions{Gzip: true})
	case FormatCSV:
		return NewTidyWriter(w, s, TidyOptions{})
	}
	_, err := ParseReplicateFormat(string(f))
	return nil, err
}

// TidyOptions sets how a TidyWriter writes. The zero value writes plain CSV.
type TidyOptions struct {
	// Gzip compresses the CSV with gzip at its fastest level, through
	// github.com/klauspost/compress/gzip: the same format as compress/gzip,
	// in about half the CPU time and 7% smaller on the per-replicate table
	// of 1,000 Sedgefield replicates (BenchmarkReplicateWriter/csv.gz
	// against BenchmarkRecorderTidyGzip). Any gzip reader reads it.
	Gzip bool
}

// TidyWriter writes the per-replicate table as tidy long CSV, one row per
// observed value:
//
//	arm,point,<factor>...,replicate,week,date,metric,value
//
// the layout of the tidy CSV written by a Recorder, with the run's scenario
// and run id replaced by the arm, the design point and one column per
// factor. Rows are written replicate by replicate, then week, then metric in
// ReplicateSchema.Metrics order. Numbers (values and numeric factors) are
// written with strconv.AppendFloat(v, 'g', -1, 64), the shortest text that
// reads back as the same float64 (NaN as "NaN", infinities as "+Inf" and
// "-Inf"); text fields are quoted as encoding/csv quotes them. The header is
// written by the constructor. Output is buffered; Close flushes it.
type TidyWriter struct {
	schema ReplicateSchema
	out    io.Writer    // w, or gz
	gz     *gzip.Writer // nil: plain
	buf    []byte
	metric [][]byte // `,metric,` per metric
	dates  dateCache
	rows   int64
	err    error
}

// NewTidyWriter returns a TidyWriter writing to w and writes the header
// (into its buffer: nothing reaches w before the first flush). It reports
// an error if the schema's column names are empty, not valid UTF-8, or
// clash with each other or with a fixed column.
func NewTidyWriter(w io.Writer, s ReplicateSchema, opt TidyOptions) (*TidyWriter, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	s = cloneSchema(s)
	t := &TidyWriter{schema: s, out: w, buf: make([]byte, 0, tidyFlushAt+4096)}
	if opt.Gzip {
		t.gz, _ = gzip.NewWriterLevel(w, gzip.BestSpeed) // the level is valid
		t.out = t.gz
	}
	t.buf = append(t.buf, "arm,point,"...)
	for _, f := range s.Factors {
		t.buf = append(appendCSVField(t.buf, f.Name), ',')
	}
	t.buf = append(t.buf, "replicate,week,date,metric,value\n"...)
	for _, m := range s.Metrics {
		b := appendCSVField([]byte{','}, m)
		t.metric = append(t.metric, append(b, ','))
	}
	return t, nil
}

// tidyFlushAt is the buffered size at which a TidyWriter hands bytes on.
const tidyFlushAt = 256 << 10

// WriteReplicate appends one replicate's rows; see ReplicateWriter.
func (t *TidyWriter) WriteReplicate(key ReplicateKey, weeks []int, dates []string, width int, values []float64) error {
	if t.err != nil {
		return t.err
	}
	if err := t.schema.checkReplicate(key, weeks, dates, width, values); err != nil {
		return err
	}
	if _, err := t.dates.days(key, dates); err != nil {
		return err
	}
	// prefix: arm,point,factors...,replicate,
	prefix := appendCSVField(make([]byte, 0, 64), key.Arm)
	prefix = append(prefix, ',')
	prefix = strconv.AppendInt(prefix, int64(key.Point), 10)
	prefix = append(prefix, ',')
	for i, f := range t.schema.Factors {
		if f.Numeric {
			prefix = appendFloat(prefix, key.Factors[i].Num)
		} else {
			prefix = appendCSVField(prefix, key.Factors[i].Text)
		}
		prefix = append(prefix, ',')
	}
	prefix = strconv.AppendInt(prefix, int64(key.Replicate), 10)
	prefix = append(prefix, ',')

	var wd []byte // week,date
	b := t.buf
	for i, wk := range weeks {
		wd = strconv.AppendInt(wd[:0], int64(wk), 10)
		wd = append(wd, ',')
		wd = appendCSVField(wd, dates[i])
		row := values[i*width : (i+1)*width]
		for j, v := range row {
			b = append(b, prefix...)
			b = append(b, wd...)
			b = append(b, t.metric[j]...)
			b = appendFloat(b, v)
			b = append(b, '\n')
		}
		if len(b) >= tidyFlushAt {
			if _, err := t.out.Write(b); err != nil {
				t.err = fmt.Errorf("results: writing tidy CSV: %w", err)
				return t.err
			}
			b = b[:0]
		}
	}
	t.buf = b
	t.rows += int64(len(values))
	return nil
}

// Close flushes buffered rows (and finishes the gzip stream). It does not
// close the underlying writer.
func (t *TidyWriter) Close() error {
	if t.err != nil {
		return t.err
	}
	if len(t.buf) > 0 {
		if _, err := t.out.Write(t.buf); err != nil {
			t.err = fmt.Errorf("results: writing tidy CSV: %w", err)
			return t.err
		}
		t.buf = t.buf[:0]
	}
	if t.gz != nil {
		if err := t.gz.Close(); err != nil {
			t.err = fmt.Errorf("results: writing tidy CSV: %w", err)
			return t.err
		}
	}
	t.err = errClosed
	return nil
}

// Rows reports how many CSV rows (one per value, not counting the header)
// have been written.
func (t *TidyWriter) Rows() int64 { return t.rows }

// fixedColumns are the key columns every per-replicate table has, besides
// its factors and metrics.
var fixedColumns = []string{"arm", "point", "replicate", "week", "date", "metric", "value"}

// validate checks that the schema's column names are usable: non-empty,
// valid UTF-8 without control characters, and unique across fixed columns,
// factors and metrics.
func (s ReplicateSchema) validate() error {
	var errs []error
	seen := map[string]string{}
	for _, c := range fixedColumns {
		seen[c] = "a fixed column"
	}
	check := func(kind string, i int, name string) {
		what := fmt.Sprintf("%s %d", kind, i)
		switch {
		case name == "":
			errs = append(errs, fmt.Errorf("results: %s has an empty name", what))
			return
		case !validName(name):
			errs = append(errs, fmt.Errorf("results: %s name %q has a control character or is not valid UTF-8", what, name))
			return
		}
		if prev, ok := seen[name]; ok {
			errs = append(errs, fmt.Errorf("results: %s %q has the same name as %s; rename one", what, name, prev))
			return
		}
		seen[name] = fmt.Sprintf("%s %q", what, name)
	}
	for i, f := range s.Factors {
		check("factor", i, f.Name)
	}
	for i, m := range s.Metrics {
		check("metric", i, m)
	}
	if len(s.Metrics) == 0 {
		errs = append(errs, errors.New("results: a per-replicate table needs at least one metric"))
	}
	return errors.Join(errs...)
}

func validName(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// checkReplicate checks one replicate block against the schema.
func (s ReplicateSchema) checkReplicate(key ReplicateKey, weeks []int, dates []string, width int, values []float64) error {
	where := fmt.Sprintf("arm %q point %d replicate %d", key.Arm, key.Point, key.Replicate)
	switch {
	case width != len(s.Metrics):
		return fmt.Errorf("results: %s: rows hold %d values, the table has %d metrics", where, width, len(s.Metrics))
	case len(dates) != len(weeks):
		return fmt.Errorf("results: %s: %d dates for %d weeks", where, len(dates), len(weeks))
	case len(values) != len(weeks)*width:
		return fmt.Errorf("results: %s: %d values for %d weeks of %d metrics", where, len(values), len(weeks), width)
	case len(key.Factors) != len(s.Factors):
		return fmt.Errorf("results: %s: %d factor values, the table has %d factors", where, len(key.Factors), len(s.Factors))
	case key.Point < 0 || key.Replicate < 0:
		return fmt.Errorf("results: %s: point and replicate must not be negative", where)
	case key.Point > math.MaxInt32 || key.Replicate > math.MaxInt32:
		return fmt.Errorf("results: %s: point and replicate must be below 2^31", where)
	}
	for i := 1; i < len(weeks); i++ {
		if weeks[i] <= weeks[i-1] {
			return fmt.Errorf("results: %s: weeks not increasing (week %d after week %d)", where, weeks[i], weeks[i-1])
		}
	}
	return nil
}

// errClosed is returned by a ReplicateWriter used after Close.
var errClosed = errors.New("results: per-replicate table already closed")

// appendCSVField appends s as one CSV field, quoted exactly as encoding/csv
// would quote it; fields that need no quotes (the usual case) are appended
// without going through encoding/csv.
func appendCSVField(dst []byte, s string) []byte {
	if s == `\.` || s != "" && s[0] <= ' ' || strings.ContainsAny(s, ",\"\r\n") || !isASCII(s) {
		return appendField(dst, s)
	}
	return append(dst, s...)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendFloat appends strconv.AppendFloat(dst, v, 'g', -1, 64), taking a
// short cut for whole numbers below a million (counts, ratings), which that
// writes as integers.
func appendFloat(dst []byte, v float64) []byte {
	if i := int64(v); float64(i) == v && i > -1e6 && i < 1e6 && (i != 0 || !math.Signbit(v)) {
		return strconv.AppendInt(dst, i, 10)
	}
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}

// dateCache checks the dates of a replicate and turns them into day numbers
// (days since 1970-01-01), parsing only when they differ from the last
// replicate's, which they rarely do.
type dateCache struct {
	dates []string
	nums  []int32
}

func (c *dateCache) days(key ReplicateKey, dates []string) ([]int32, error) {
	if slices.Equal(dates, c.dates) {
		return c.nums, nil
	}
	nums := make([]int32, len(dates))
	for i, d := range dates {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, fmt.Errorf("results: arm %q point %d replicate %d: date %q of week %d is not YYYY-MM-DD", key.Arm, key.Point, key.Replicate, d, i)
		}
		nums[i] = int32(t.Unix() / 86400)
	}
	c.nums = nums
	c.dates = append(c.dates[:0], dates...)
	return nums, nil
}

// RunTable writes a per-replicate table from the runs of an experiment in
// the shape an experiment hands them over: Begin declares one Meta per arm
// (Meta.Scenario names the arm, Meta.Start dates the weeks), the design's
// factor names and the observed weeks; Write gives one replicate of one arm
// at a design point as a sim.Trajectory, with the factor values as text.
// The table is written by a ReplicateWriter in the RunTable's format. Its
// metrics are the union of the arms' metrics, in order of first appearance;
// an arm's replicate has NaN in the columns of metrics it does not observe.
type RunTable struct {
	format  ReplicateFormat
	out     io.Writer
	numeric map[string]bool

	w       ReplicateWriter
	schema  ReplicateSchema
	arms    []runArm
	weeks   []int
	factors []FactorValue
	row     []float64 // one replicate's values in table order, for arms that need mapping
}

type runArm struct {
	name  string
	dates []string
	cols  []int // table column of each of the arm's metrics; nil if the arm's metrics are the table's
}

// NewRunTable returns a RunTable writing to w in format f. The factors
// named in numeric hold numbers and become numeric columns (a value that is
// not a number is an error; an empty value, a point that does not set the
// factor, is NaN); the other factors become text columns.
func NewRunTable(f ReplicateFormat, w io.Writer, numeric ...string) *RunTable {
	t := &RunTable{format: f, out: w, numeric: map[string]bool{}}
	for _, n := range numeric {
		t.numeric[n] = true
	}
	return t
}

// Begin declares the arms, the design's factors and the observed weeks, and
// starts the table.
func (t *RunTable) Begin(runs []Meta, factors []string, weeks []int) error {
	if t.w != nil {
		return errors.New("results: per-replicate table begun twice")
	}
	var s ReplicateSchema
	for _, f := range factors {
		s.Factors = append(s.Factors, FactorColumn{Name: f, Numeric: t.numeric[f]})
	}
	col := map[string]int{}
	t.arms = make([]runArm, len(runs))
	for i, m := range runs {
		a := runArm{name: m.Scenario, cols: make([]int, len(m.Metrics))}
		for j, mt := range m.Metrics {
			c, ok := col[mt.Name]
			if !ok {
				c = len(s.Metrics)
				col[mt.Name] = c
				s.Metrics = append(s.Metrics, mt.Name)
			}
			a.cols[j] = c
		}
		for _, w := range weeks {
			a.dates = append(a.dates, dateOf(m.Start, w))
		}
		t.arms[i] = a
	}
	// An arm whose metrics are the table's, in order, needs no mapping.
	for i := range t.arms {
		a := &t.arms[i]
		identity := len(a.cols) == len(s.Metrics)
		for j, c := range a.cols {
			identity = identity && c == j
		}
		if identity {
			a.cols = nil
		}
	}
	w, err := NewReplicateWriter(t.format, t.out, s)
	if err != nil {
		return err
	}
	t.w, t.schema = w, s
	t.weeks = append([]int(nil), weeks...)
	t.factors = make([]FactorValue, len(factors))
	return nil
}

// Write writes one replicate of arm run at a design point, with one value
// per factor declared to Begin.
func (t *RunTable) Write(run, point int, values []string, tr *sim.Trajectory) error {
	if t.w == nil {
		return errors.New("results: per-replicate table written before Begin")
	}
	if run < 0 || run >= len(t.arms) {
		return fmt.Errorf("results: per-replicate table: arm %d not declared (%d arms)", run, len(t.arms))
	}
	a := t.arms[run]
	if len(values) != len(t.factors) {
		return fmt.Errorf("results: arm %q point %d replicate %d: %d factor values for %d factors", a.name, point, tr.Replicate, len(values), len(t.factors))
	}
	for i, v := range values {
		f := t.schema.Factors[i]
		if !f.Numeric {
			t.factors[i] = Text(v)
			continue
		}
		x := math.NaN()
		if v != "" {
			var err error
			if x, err = strconv.ParseFloat(v, 64); err != nil {
				return fmt.Errorf("results: arm %q point %d: factor %q is numeric, but its value is %q", a.name, point, f.Name, v)
			}
		}
		t.factors[i] = Num(x)
	}
	if len(tr.Ticks) != len(t.weeks) {
		return fmt.Errorf("results: arm %q point %d replicate %d: %d observed weeks, %d declared", a.name, point, tr.Replicate, len(tr.Ticks), len(t.weeks))
	}
	for i, tk := range tr.Ticks {
		if int(tk) != t.weeks[i] {
			return fmt.Errorf("results: arm %q point %d replicate %d: observed week %d is %d, declared %d", a.name, point, tr.Replicate, i, tk, t.weeks[i])
		}
	}
	key := ReplicateKey{Arm: a.name, Point: point, Factors: t.factors, Replicate: tr.Replicate}
	if a.cols == nil {
		return t.w.WriteReplicate(key, t.weeks, a.dates, tr.Width, tr.Values)
	}
	if tr.Width != len(a.cols) || len(tr.Values) != len(t.weeks)*tr.Width {
		return fmt.Errorf("results: arm %q point %d replicate %d: %d values of width %d, expected %d weeks of %d metrics", a.name, point, tr.Replicate, len(tr.Values), tr.Width, len(t.weeks), len(a.cols))
	}
	nm := len(t.schema.Metrics)
	t.row = slices.Grow(t.row[:0], len(t.weeks)*nm)[:len(t.weeks)*nm]
	for i := range t.row {
		t.row[i] = math.NaN()
	}
	for i := range t.weeks {
		for j, c := range a.cols {
			t.row[i*nm+c] = tr.Values[i*tr.Width+j]
		}
	}
	return t.w.WriteReplicate(key, t.weeks, a.dates, nm, t.row)
}

// Close finishes the table; it does not close the underlying writer.
func (t *RunTable) Close() error {
	if t.w == nil {
		return errors.New("results: per-replicate table closed before Begin")
	}
	return t.w.Close()
}

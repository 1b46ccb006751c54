package results

import (
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding"
)

// ParquetWriter writes the per-replicate table as a Parquet file in the wide
// layout: one row per (arm, point, replicate, week), with the columns
//
//	arm        string, dictionary-encoded
//	point      int32
//	<factor>   one per ReplicateSchema.Factors: double if Numeric, else a
//	           dictionary-encoded string
//	replicate  int32
//	week       int32
//	date       DATE (days since 1970-01-01)
//	<metric>   one per ReplicateSchema.Metrics, double
//
// all required (not nullable); a missing value is NaN. Every column is
// compressed with zstd at its fastest level, and the metric columns use the
// byte-stream-split encoding, which groups the bytes of each float by
// position so that the compressor finds the repetition in signs, exponents
// and high mantissa bytes. Metrics are stored as double, so every value
// reads back bit-identical to the float64 written: summaries recomputed
// from the file (as a result cache would) match those of a fresh run.
//
// Those choices come from BenchmarkParquetChoices on 1,000 Sedgefield
// replicates observed weekly (9.7 million values; CPU times are medians of
// three runs on a 2-core machine): zstd at its fastest level made a file of
// 35.8 MB in 306 ms, snappy one of 39.3 MB in 284 ms, zstd's default level
// one of 36.1 MB in 428 ms; byte-stream-split made the file 4% smaller than
// plain encoding (37.3 MB) and took less time. Storing metrics as float32
// would make the file 2.2 times smaller (16.0 MB), and moves no weekly mean
// across replicates by more than 1e-4 of its standard error, but values
// would no longer read back exactly.
//
// Memory is bounded: rows go into a row group of at most ParquetRowGroupRows
// rows, which is then written to the underlying writer and its buffers
// reused, so the memory used does not grow with the number of replicates;
// only the metadata kept for the footer grows, by some hundreds of bytes
// per column and row group (TestParquetMemoryBounded).
// The output depends only on the rows written and their order: the file
// carries no timestamp, and its created_by is fixed ("joinedup").
//
// It is built on github.com/parquet-go/parquet-go: pure Go (no cgo, so the
// binary stays static and cross-compiles), maintained (v0.32.0 here), with
// a column-wise write path that takes a schema built at run time and a
// page-by-page reader. Of the alternatives, github.com/apache/arrow-go's
// pqarrow, the Apache project's own, writes from Arrow record batches: the
// values would be copied into Arrow arrays through builders first, for a
// much larger dependency, to write a table of plain numbers. The last
// release of github.com/xitongsys/parquet-go is v1.6.2; a request for
// another (its issue #566) has been open since January 2024 and a question
// whether it is still maintained (issue #626) is unanswered.
type ParquetWriter struct {
	schema ReplicateSchema
	w      *parquet.Writer
	cols   []*parquet.ColumnWriter
	rows   int64 // rows written in total
	group  int64 // rows in the current row group
	limit  int64 // rows per row group

	float32 bool // metrics stored as float

	// Per-column value buffers for one replicate, reused. The column
	// writers take values without levels or column index: every column is
	// a required leaf, written on its own.
	vals  [][]parquet.Value
	dates dateCache
	err   error // first error; the writer refuses further use after it
}

// ParquetRowGroupRows is the most rows a ParquetWriter puts in one row
// group, about 250 replicates of five years observed weekly. The writer
// holds the current row group's compressed pages in memory (about 9 MB for
// Sedgefield's 37 metrics), so this bounds its memory; it is close to
// DuckDB's own row group size (122,880), large enough for fast scans, and
// writing groups four times larger made the file only 0.3% smaller.
const ParquetRowGroupRows = 1 << 16

// rowGroupRows is ParquetRowGroupRows, lowered by tests to exercise
// replicates that straddle row groups.
var rowGroupRows int64 = ParquetRowGroupRows

// parquetCreatedBy is the created_by of every file: fixed, so the bytes of
// a file do not depend on the build.
var parquetCreatedBy = &parquet.WriterConfig{CreatedBy: "joinedup"}

// The column layout: fixed key columns before the factors, then three more,
// then the metrics.
const (
	colArm = iota
	colPoint
	colFactors // first factor column
)

// NewParquetWriter returns a ParquetWriter writing to w. It reports an
// error if the schema's column names are empty, not valid UTF-8, or clash
// with each other or with a fixed column (arm, point, replicate, week, date,
// metric, value).
func NewParquetWriter(w io.Writer, s ReplicateSchema) (*ParquetWriter, error) {
	return newParquetWriter(w, s, parquetDefaults)
}

// parquetOptions are the choices NewParquetWriter makes; the benchmarks
// vary them to measure the alternatives.
type parquetOptions struct {
	codec   compress.Codec
	float32 bool // metrics as float (4 bytes) instead of double
	plain   bool // metrics PLAIN-encoded instead of BYTE_STREAM_SPLIT
}

var parquetDefaults = parquetOptions{codec: &zstd.Codec{Level: zstd.SpeedFastest}}

func newParquetWriter(w io.Writer, s ReplicateSchema, opt parquetOptions) (*ParquetWriter, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	s = cloneSchema(s)
	schema := parquet.NewSchema("replicates", parquetNode(s, opt))
	pw := parquet.NewWriter(w, schema,
		parquetCreatedBy,
		parquet.Compression(opt.codec),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
		parquet.PageBufferSize(256<<10),
		parquet.DataPageStatistics(true),
	)
	p := &ParquetWriter{schema: s, w: pw, limit: rowGroupRows, float32: opt.float32}
	p.vals = make([][]parquet.Value, len(schema.Columns()))
	return p, nil
}

// parquetNode builds the file's schema, columns in table order.
func parquetNode(s ReplicateSchema, opt parquetOptions) parquet.Node {
	dictString := parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
	metric := parquet.Leaf(parquet.DoubleType)
	if opt.float32 {
		metric = parquet.Leaf(parquet.FloatType)
	}
	if !opt.plain {
		metric = parquet.Encoded(metric, &parquet.ByteStreamSplit)
	}
	var g orderedGroup
	add := func(name string, n parquet.Node) { g = append(g, orderedField{Node: n, name: name, index: len(g)}) }
	add("arm", dictString)
	add("point", parquet.Int(32))
	for _, f := range s.Factors {
		if f.Numeric {
			add(f.Name, parquet.Leaf(parquet.DoubleType))
		} else {
			add(f.Name, dictString)
		}
	}
	add("replicate", parquet.Int(32))
	add("week", parquet.Int(32))
	add("date", parquet.Date())
	for _, m := range s.Metrics {
		add(m, metric)
	}
	return g
}

// WriteReplicate appends one replicate's rows; see ReplicateWriter.
func (p *ParquetWriter) WriteReplicate(key ReplicateKey, weeks []int, dates []string, width int, values []float64) error {
	if p.err != nil {
		return p.err
	}
	if err := p.schema.checkReplicate(key, weeks, dates, width, values); err != nil {
		return err
	}
	days, err := p.dates.days(key, dates)
	if err != nil {
		return err
	}
	// A replicate may straddle row groups: write it in parts that fit.
	for start := 0; start < len(weeks); {
		n := min(len(weeks)-start, int(p.limit-p.group))
		if err := p.writeRows(key, weeks, days, width, values, start, start+n); err != nil {
			p.err = fmt.Errorf("results: writing Parquet: %w", err)
			return p.err
		}
		start += n
		if p.group == p.limit {
			if err := p.w.Flush(); err != nil {
				p.err = fmt.Errorf("results: writing Parquet: %w", err)
				return p.err
			}
			p.group = 0
		}
	}
	return nil
}

// writeRows writes the rows of observed weeks [lo, hi) column by column.
func (p *ParquetWriter) writeRows(key ReplicateKey, weeks []int, days []int32, width int, values []float64, lo, hi int) error {
	n := hi - lo
	nf := len(p.schema.Factors)
	col := 0
	put := func(v parquet.Value) {
		b := p.vals[col][:0]
		for range n {
			b = append(b, v)
		}
		p.vals[col] = b
		col++
	}
	put(parquet.ByteArrayValue([]byte(key.Arm)))
	put(parquet.Int32Value(int32(key.Point)))
	for i, f := range p.schema.Factors {
		if f.Numeric {
			put(parquet.DoubleValue(key.Factors[i].Num))
		} else {
			put(parquet.ByteArrayValue([]byte(key.Factors[i].Text)))
		}
	}
	put(parquet.Int32Value(int32(key.Replicate)))
	wk, dt := col, col+1
	p.vals[wk], p.vals[dt] = p.vals[wk][:0], p.vals[dt][:0]
	for i := lo; i < hi; i++ {
		p.vals[wk] = append(p.vals[wk], parquet.Int32Value(int32(weeks[i])))
		p.vals[dt] = append(p.vals[dt], parquet.Int32Value(days[i]))
	}
	first := colFactors + nf + 3
	for j := range width {
		c := first + j
		b := p.vals[c][:0]
		if p.float32 {
			for i := lo; i < hi; i++ {
				b = append(b, parquet.FloatValue(float32(values[i*width+j])))
			}
		} else {
			for i := lo; i < hi; i++ {
				b = append(b, parquet.DoubleValue(values[i*width+j]))
			}
		}
		p.vals[c] = b
	}
	if p.cols == nil {
		p.cols = p.w.ColumnWriters()
	}
	for c, vs := range p.vals {
		if _, err := p.cols[c].WriteRowValues(vs); err != nil {
			return err
		}
	}
	p.rows += int64(n)
	p.group += int64(n)
	return nil
}

// Close writes the last row group and the file footer. It does not close
// the underlying writer.
func (p *ParquetWriter) Close() error {
	if p.err != nil {
		return p.err
	}
	if err := p.w.Close(); err != nil {
		p.err = fmt.Errorf("results: writing Parquet: %w", err)
		return p.err
	}
	p.err = errClosed
	return nil
}

// Rows reports how many rows (one per observed week of a replicate) have
// been written.
func (p *ParquetWriter) Rows() int64 { return p.rows }

// orderedGroup is a Parquet group whose columns keep the order given, unlike
// parquet.Group, which sorts them by name.
type orderedGroup []parquet.Field

type orderedField struct {
	parquet.Node
	name  string
	index int
}

func (f orderedField) Name() string                           { return f.name }
func (f orderedField) Value(base reflect.Value) reflect.Value { return base.Field(f.index) }

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) String() string              { return parquet.NewSchema("", g).String() }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Fields() []parquet.Field     { return g }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) GoType() reflect.Type {
	fs := make([]reflect.StructField, len(g))
	for i, f := range g {
		fs[i] = reflect.StructField{Name: "C" + strconv.Itoa(i), Type: f.GoType(), Tag: reflect.StructTag(`parquet:"` + f.Name() + `"`)}
	}
	return reflect.StructOf(fs)
}

func cloneSchema(s ReplicateSchema) ReplicateSchema {
	return ReplicateSchema{
		Factors: append([]FactorColumn(nil), s.Factors...),
		Metrics: append([]string(nil), s.Metrics...),
	}
}

package results

import (
	"errors"
	"io"
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
//	<metric>   one per ReplicateSchema.Metrics
//
// Memory is bounded: rows are buffered up to a fixed row-group size and then
// flushed to the underlying writer, so the memory used does not grow with
// the number of replicates. The output depends only on the rows written and
// their order: the file carries no timestamp and a fixed created_by.
//
// It is built on github.com/parquet-go/parquet-go, a maintained pure-Go
// Parquet library (no cgo, so the binary stays static and cross-compiles).
type ParquetWriter struct {
	schema ReplicateSchema
}

// NewParquetWriter returns a ParquetWriter writing to w. It reports an
// error if the schema's column names are empty, not valid UTF-8, or clash
// with each other or with a fixed column (arm, point, replicate, week, date).
func NewParquetWriter(w io.Writer, s ReplicateSchema) (*ParquetWriter, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	return nil, errors.New("results: Parquet writer not yet implemented")
}

// WriteReplicate appends one replicate's rows; see ReplicateWriter.
func (p *ParquetWriter) WriteReplicate(key ReplicateKey, weeks []int, dates []string, width int, values []float64) error {
	return errors.New("results: Parquet writer not yet implemented")
}

// Close writes the last row group and the file footer. It does not close
// the underlying writer.
func (p *ParquetWriter) Close() error { return nil }

// Rows reports how many rows (one per observed week of a replicate) have
// been written.
func (p *ParquetWriter) Rows() int64 { return 0 }

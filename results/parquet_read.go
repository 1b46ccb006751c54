package results

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/parquet-go/parquet-go"
)

// ReplicateFunc receives one replicate read back from a per-replicate
// table, with the arguments ReplicateWriter.WriteReplicate received when it
// was written; a writer's WriteReplicate method is one. The slices are
// reused once it returns.
type ReplicateFunc func(key ReplicateKey, weeks []int, dates []string, width int, values []float64) error

// ParquetSchema reads the schema of a per-replicate table written by a
// ParquetWriter: the factor columns (those between point and replicate;
// numeric if stored as double) and the metric columns (those after date).
func ParquetSchema(r io.ReaderAt, size int64) (ReplicateSchema, error) {
	f, err := openParquet(r, size)
	if err != nil {
		return ReplicateSchema{}, err
	}
	s, _, err := replicateSchemaOf(f)
	return s, err
}

// ReadParquet reads a per-replicate table written by a ParquetWriter and
// calls fn once per replicate, in file order, with the values written.
// Memory is bounded by one row group's pages and one replicate. A replicate
// is a run of consecutive rows with the same arm, point, factors and
// replicate number and increasing weeks.
func ReadParquet(r io.ReaderAt, size int64, fn ReplicateFunc) error {
	f, err := openParquet(r, size)
	if err != nil {
		return err
	}
	s, nf, err := replicateSchemaOf(f)
	if err != nil {
		return err
	}
	width := len(s.Metrics)
	ncol := colFactors + nf + 3 + width
	var (
		key    ReplicateKey
		weeks  []int
		dates  []string
		values []float64
		open   bool
	)
	emit := func() error {
		if !open {
			return nil
		}
		open = false
		return fn(key, weeks, dates, width, values)
	}
	rows := parquet.NewReader(f)
	defer rows.Close()
	buf := make([]parquet.Row, 256)
	var row int64
	for {
		n, err := rows.ReadRows(buf)
		for _, rw := range buf[:n] {
			row++
			if len(rw) != ncol {
				return fmt.Errorf("results: Parquet row %d has %d values, want %d", row, len(rw), ncol)
			}
			arm := rw[colArm].ByteArray()
			point := int(rw[colPoint].Int32())
			rep := int(rw[colFactors+nf].Int32())
			week := int(rw[colFactors+nf+1].Int32())
			same := open && string(arm) == key.Arm && point == key.Point && rep == key.Replicate && week > weeks[len(weeks)-1]
			for i := 0; same && i < nf; i++ {
				v := rw[colFactors+i]
				if s.Factors[i].Numeric {
					// Compare bits, so NaN factors match themselves.
					same = v.Uint64() == parquet.DoubleValue(key.Factors[i].Num).Uint64()
				} else {
					same = string(v.ByteArray()) == key.Factors[i].Text
				}
			}
			if !same {
				if err := emit(); err != nil {
					return err
				}
				open = true
				key = ReplicateKey{Arm: string(arm), Point: point, Replicate: rep, Factors: make([]FactorValue, nf)}
				for i := range nf {
					v := rw[colFactors+i]
					if s.Factors[i].Numeric {
						key.Factors[i].Num = v.Double()
					} else {
						key.Factors[i].Text = string(v.ByteArray())
					}
				}
				weeks, dates, values = weeks[:0], dates[:0], values[:0]
			}
			weeks = append(weeks, week)
			days := int64(rw[colFactors+nf+2].Int32())
			dates = append(dates, time.Unix(days*86400, 0).UTC().Format(time.DateOnly))
			for _, v := range rw[colFactors+nf+3:] {
				values = append(values, v.Double())
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("results: reading Parquet: %w", err)
		}
	}
	return emit()
}

func openParquet(r io.ReaderAt, size int64) (*parquet.File, error) {
	f, err := parquet.OpenFile(r, size)
	if err != nil {
		return nil, fmt.Errorf("results: reading Parquet: %w", err)
	}
	return f, nil
}

// replicateSchemaOf checks that f has the layout a ParquetWriter writes
// and returns its schema and number of factors.
func replicateSchemaOf(f *parquet.File) (ReplicateSchema, int, error) {
	fields := f.Schema().Fields()
	var names []string
	kinds := make([]parquet.Kind, len(fields))
	for i, fd := range fields {
		if !fd.Leaf() || !fd.Required() {
			return ReplicateSchema{}, 0, fmt.Errorf("results: Parquet column %q is not a required leaf column; not a per-replicate table", fd.Name())
		}
		names = append(names, fd.Name())
		kinds[i] = fd.Type().Kind()
	}
	find := func(name string) int {
		for i, n := range names {
			if n == name {
				return i
			}
		}
		return -1
	}
	rep, date := find("replicate"), find("date")
	bad := len(names) < 6 || names[colArm] != "arm" || names[colPoint] != "point" ||
		rep < colFactors || date != rep+2 || names[rep+1] != "week" || date == len(names)-1
	if bad {
		return ReplicateSchema{}, 0, fmt.Errorf("results: Parquet columns %q are not a per-replicate table: want arm, point, factors..., replicate, week, date, metrics...", names)
	}
	want := map[int]parquet.Kind{colArm: parquet.ByteArray, colPoint: parquet.Int32, rep: parquet.Int32, rep + 1: parquet.Int32, date: parquet.Int32}
	for i, k := range want {
		if kinds[i] != k {
			return ReplicateSchema{}, 0, fmt.Errorf("results: Parquet column %q is %v, want %v", names[i], kinds[i], k)
		}
	}
	var s ReplicateSchema
	for i := colFactors; i < rep; i++ {
		switch kinds[i] {
		case parquet.Double:
			s.Factors = append(s.Factors, FactorColumn{Name: names[i], Numeric: true})
		case parquet.ByteArray:
			s.Factors = append(s.Factors, FactorColumn{Name: names[i]})
		default:
			return ReplicateSchema{}, 0, fmt.Errorf("results: Parquet factor column %q is %v, want double or string", names[i], kinds[i])
		}
	}
	for i := date + 1; i < len(names); i++ {
		if kinds[i] != parquet.Double {
			return ReplicateSchema{}, 0, fmt.Errorf("results: Parquet metric column %q is %v, want double", names[i], kinds[i])
		}
		s.Metrics = append(s.Metrics, names[i])
	}
	return s, len(s.Factors), nil
}

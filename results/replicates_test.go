package results

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/joinedup/joinedup/sim"
)

// block is one replicate as a ReplicateWriter receives it.
type block struct {
	key    ReplicateKey
	weeks  []int
	dates  []string
	values []float64
}

// testSchema has a numeric and a categorical factor and metrics whose names
// need quoting in CSV.
var testSchema = ReplicateSchema{
	Factors: []FactorColumn{{Name: "partnership.pace", Numeric: true}, {Name: "finance.regime"}},
	Metrics: []string{"waiting_weeks", "cohesion[pathway team]", `odd "name", with comma`},
}

// testBlocks makes replicates of two arms over two design points each,
// observed every every weeks up to week last, with values that include the
// awkward floats (NaN, infinities, negative zero, subnormals, large and tiny
// magnitudes) alongside ordinary ones.
func testBlocks(nrep, last, every int) []block {
	r := rand.New(rand.NewPCG(1, 2))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 5e-324, math.MaxFloat64, 1e-300, 0.1, 1.0 / 3}
	start := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	var weeks []int
	var dates []string
	for w := 0; w <= last; w += every {
		weeks = append(weeks, w)
		dates = append(dates, start.AddDate(0, 0, 7*w).Format(time.DateOnly))
	}
	var out []block
	for _, arm := range []string{"sedgefield", "pace=0.5, regime \"pooled\""} {
		for pt := range 2 {
			f := []FactorValue{Num(0.25 * float64(pt+1)), Text([]string{"aligned", "pooled"}[pt])}
			for rp := range nrep {
				vals := make([]float64, len(weeks)*len(testSchema.Metrics))
				for i := range vals {
					switch r.IntN(4) {
					case 0:
						vals[i] = special[r.IntN(len(special))]
					case 1:
						vals[i] = float64(r.IntN(50))
					default:
						vals[i] = r.NormFloat64() * 10
					}
				}
				out = append(out, block{ReplicateKey{Arm: arm, Point: pt, Factors: f, Replicate: rp}, weeks, dates, vals})
			}
		}
	}
	return out
}

func writeAll(t testing.TB, w ReplicateWriter, bs []block) {
	t.Helper()
	for _, b := range bs {
		if err := w.WriteReplicate(b.key, b.weeks, b.dates, len(testSchema.Metrics), b.values); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// TestParquetRoundTrip writes replicates, including some that straddle row
// groups, reads them back with parquet-go and compares every value bit for
// bit, the keys, weeks and dates.
func TestParquetRoundTrip(t *testing.T) {
	for _, rg := range []int64{ParquetRowGroupRows, 7} {
		t.Run("rowgroup="+strconv.FormatInt(rg, 10), func(t *testing.T) {
			old := rowGroupRows
			rowGroupRows = rg
			defer func() { rowGroupRows = old }()

			bs := testBlocks(5, 20, 3)
			var buf bytes.Buffer
			w, err := NewParquetWriter(&buf, testSchema)
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, w, bs)
			if want := int64(len(bs) * len(bs[0].weeks)); w.Rows() != want {
				t.Errorf("Rows() = %d, want %d", w.Rows(), want)
			}
			data := buf.Bytes()
			s, err := ParquetSchema(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if !sameSchema(s, testSchema) {
				t.Fatalf("schema read back %+v, want %+v", s, testSchema)
			}
			i := 0
			err = ReadParquet(bytes.NewReader(data), int64(len(data)), func(key ReplicateKey, weeks []int, dates []string, width int, values []float64) error {
				if i >= len(bs) {
					t.Fatalf("more replicates read than written (%d)", len(bs))
				}
				b := bs[i]
				i++
				if key.Arm != b.key.Arm || key.Point != b.key.Point || key.Replicate != b.key.Replicate ||
					key.Factors[0].Num != b.key.Factors[0].Num || key.Factors[1].Text != b.key.Factors[1].Text {
					t.Errorf("replicate %d: key %+v, want %+v", i-1, key, b.key)
				}
				if width != len(testSchema.Metrics) || len(values) != len(b.values) || len(weeks) != len(b.weeks) {
					t.Fatalf("replicate %d: width %d, %d values for %d weeks; want %d, %d, %d", i-1, width, len(values), len(weeks), len(testSchema.Metrics), len(b.values), len(b.weeks))
				}
				for k := range weeks {
					if weeks[k] != b.weeks[k] || dates[k] != b.dates[k] {
						t.Errorf("replicate %d row %d: week %d %s, want %d %s", i-1, k, weeks[k], dates[k], b.weeks[k], b.dates[k])
					}
				}
				for k := range values {
					if !sameFloat(values[k], b.values[k]) {
						t.Errorf("replicate %d value %d: %v, want %v", i-1, k, values[k], b.values[k])
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if i != len(bs) {
				t.Errorf("read %d replicates, wrote %d", i, len(bs))
			}
		})
	}
}

func sameSchema(a, b ReplicateSchema) bool {
	if len(a.Factors) != len(b.Factors) || len(a.Metrics) != len(b.Metrics) {
		return false
	}
	for i := range a.Factors {
		if a.Factors[i] != b.Factors[i] {
			return false
		}
	}
	for i := range a.Metrics {
		if a.Metrics[i] != b.Metrics[i] {
			return false
		}
	}
	return true
}

// TestReplicateWritersDeterministic: the same replicates give the same bytes
// in every format.
func TestReplicateWritersDeterministic(t *testing.T) {
	bs := testBlocks(3, 30, 1)
	for _, f := range ReplicateFormats {
		t.Run(string(f), func(t *testing.T) {
			var one, two bytes.Buffer
			for _, buf := range []*bytes.Buffer{&one, &two} {
				w, err := NewReplicateWriter(f, buf, testSchema)
				if err != nil {
					t.Fatal(err)
				}
				writeAll(t, w, bs)
			}
			if !bytes.Equal(one.Bytes(), two.Bytes()) {
				t.Errorf("two writes of the same replicates differ (%d and %d bytes)", one.Len(), two.Len())
			}
			if one.Len() == 0 {
				t.Error("nothing written")
			}
		})
	}
}

// TestTidyWriter checks the exact text of a small table.
func TestTidyWriter(t *testing.T) {
	s := ReplicateSchema{Factors: []FactorColumn{{Name: "pace", Numeric: true}, {Name: "regime"}}, Metrics: []string{"a", "cohesion[x, y]"}}
	var buf bytes.Buffer
	w, err := NewTidyWriter(&buf, s, TidyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	key := ReplicateKey{Arm: "base", Point: 3, Factors: []FactorValue{Num(0.1), Text("pooled")}, Replicate: 7}
	if err := w.WriteReplicate(key, []int{0, 4}, []string{"2024-04-01", "2024-04-29"}, 2, []float64{1, 0.5, math.NaN(), math.Inf(-1)}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := `arm,point,pace,regime,replicate,week,date,metric,value
base,3,0.1,pooled,7,0,2024-04-01,a,1
base,3,0.1,pooled,7,0,2024-04-01,"cohesion[x, y]",0.5
base,3,0.1,pooled,7,4,2024-04-29,a,NaN
base,3,0.1,pooled,7,4,2024-04-29,"cohesion[x, y]",-Inf
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	if w.Rows() != 4 {
		t.Errorf("Rows() = %d, want 4", w.Rows())
	}
	if err := w.WriteReplicate(key, nil, nil, 2, nil); err == nil {
		t.Error("WriteReplicate after Close: no error")
	}
}

// TestTidyRoundTrip reads the tidy CSV (plain and gzip) back with
// encoding/csv and compares every value bit for bit.
func TestTidyRoundTrip(t *testing.T) {
	bs := testBlocks(2, 10, 2)
	for _, gz := range []bool{false, true} {
		t.Run("gzip="+strconv.FormatBool(gz), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewTidyWriter(&buf, testSchema, TidyOptions{Gzip: gz})
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, w, bs)
			var r io.Reader = &buf
			if gz {
				zr, err := gzip.NewReader(&buf)
				if err != nil {
					t.Fatal(err)
				}
				r = zr
			}
			recs, err := csv.NewReader(r).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			wantHead := "arm,point,partnership.pace,finance.regime,replicate,week,date,metric,value"
			if got := strings.Join(recs[0], ","); got != wantHead {
				t.Errorf("header %q, want %q", got, wantHead)
			}
			recs = recs[1:]
			nm := len(testSchema.Metrics)
			k := 0
			for _, b := range bs {
				for i, wk := range b.weeks {
					for j := range nm {
						rec := recs[k]
						k++
						v, err := strconv.ParseFloat(rec[8], 64)
						if err != nil {
							t.Fatal(err)
						}
						want := []string{b.key.Arm, strconv.Itoa(b.key.Point), strconv.FormatFloat(b.key.Factors[0].Num, 'g', -1, 64), b.key.Factors[1].Text,
							strconv.Itoa(b.key.Replicate), strconv.Itoa(wk), b.dates[i], testSchema.Metrics[j]}
						if strings.Join(rec[:8], "|") != strings.Join(want, "|") || !sameFloat(v, b.values[i*nm+j]) && !(math.IsNaN(v) && math.IsNaN(b.values[i*nm+j])) {
							t.Fatalf("row %d: %q, want %q value %v", k, rec, want, b.values[i*nm+j])
						}
					}
				}
			}
			if k != len(recs) {
				t.Errorf("%d rows, want %d", len(recs), k)
			}
		})
	}
}

// TestReplicateSchemaErrors: clashing or empty names are refused when the
// writer is made, wrongly shaped replicates when written.
func TestReplicateSchemaErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    ReplicateSchema
		want string
	}{
		{"no metrics", ReplicateSchema{}, "at least one metric"},
		{"factor named week", ReplicateSchema{Factors: []FactorColumn{{Name: "week"}}, Metrics: []string{"a"}}, `factor 0 "week" has the same name as a fixed column`},
		{"metric twice", ReplicateSchema{Metrics: []string{"a", "a"}}, `metric 1 "a" has the same name as metric 0 "a"`},
		{"factor as metric", ReplicateSchema{Factors: []FactorColumn{{Name: "a", Numeric: true}}, Metrics: []string{"a"}}, `metric 0 "a" has the same name as factor 0 "a"`},
		{"empty", ReplicateSchema{Metrics: []string{""}}, "metric 0 has an empty name"},
		{"control", ReplicateSchema{Metrics: []string{"a\nb"}}, "control character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range ReplicateFormats {
				_, err := NewReplicateWriter(f, io.Discard, tc.s)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: error %v, want one containing %q", f, err, tc.want)
				}
			}
		})
	}

	key := ReplicateKey{Arm: "a", Factors: []FactorValue{Num(1), Text("x")}}
	weeks, dates := []int{0, 1}, []string{"2024-04-01", "2024-04-08"}
	vals := make([]float64, 6)
	for _, tc := range []struct {
		name  string
		key   ReplicateKey
		weeks []int
		dates []string
		width int
		vals  []float64
		want  string
	}{
		{"width", key, weeks, dates, 2, vals[:4], "rows hold 2 values, the table has 3 metrics"},
		{"values", key, weeks, dates, 3, vals[:5], "5 values for 2 weeks of 3 metrics"},
		{"dates", key, weeks, dates[:1], 3, vals, "1 dates for 2 weeks"},
		{"factors", ReplicateKey{Arm: "a"}, weeks, dates, 3, vals, "0 factor values, the table has 2 factors"},
		{"weeks", key, []int{1, 1}, dates, 3, vals, "weeks not increasing"},
		{"negative", ReplicateKey{Arm: "a", Replicate: -1, Factors: key.Factors}, weeks, dates, 3, vals, "must not be negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range ReplicateFormats {
				w, err := NewReplicateWriter(f, io.Discard, testSchema)
				if err != nil {
					t.Fatal(err)
				}
				err = w.WriteReplicate(tc.key, tc.weeks, tc.dates, tc.width, tc.vals)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: error %v, want one containing %q", f, err, tc.want)
				}
			}
		})
	}

	for _, f := range ReplicateFormats {
		w, _ := NewReplicateWriter(f, io.Discard, testSchema)
		if err := w.WriteReplicate(key, weeks, []string{"2024-04-01", "1 April"}, 3, vals); err == nil || !strings.Contains(err.Error(), `date "1 April" of week 1 is not YYYY-MM-DD`) {
			t.Errorf("%s: bad date: error %v", f, err)
		}
	}
}

func TestParseReplicateFormat(t *testing.T) {
	for _, f := range ReplicateFormats {
		g, err := ParseReplicateFormat(string(f))
		if err != nil || g != f {
			t.Errorf("ParseReplicateFormat(%q) = %q, %v", f, g, err)
		}
		if f.FileName() == "" {
			t.Errorf("%q has no file name", f)
		}
	}
	if _, err := ParseReplicateFormat("xlsx"); err == nil || !strings.Contains(err.Error(), "known: parquet, csv.gz, csv") {
		t.Errorf("ParseReplicateFormat(xlsx): %v", err)
	}
}

// TestParquetRowGroups checks that no row group holds more rows than the
// limit, the bound on the writer's memory, and that the file names its
// creator without a version of the build.
func TestParquetRowGroups(t *testing.T) {
	old := rowGroupRows
	rowGroupRows = 100
	defer func() { rowGroupRows = old }()
	bs := testBlocks(30, 40, 1) // 120 replicates of 41 weeks
	var buf bytes.Buffer
	w, _ := NewParquetWriter(&buf, testSchema)
	writeAll(t, w, bs)
	data := buf.Bytes()
	f, err := openParquet(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rows := int64(len(bs) * 41)
	groups := f.RowGroups()
	if want := int((rows + 99) / 100); len(groups) != want {
		t.Errorf("%d row groups, want %d", len(groups), want)
	}
	for i, g := range groups {
		if g.NumRows() > 100 {
			t.Errorf("row group %d has %d rows, more than the limit 100", i, g.NumRows())
		}
	}
	if f.NumRows() != rows {
		t.Errorf("%d rows, want %d", f.NumRows(), rows)
	}
	// Encodings and compression as documented on ParquetWriter.
	for _, cc := range f.Metadata().RowGroups[0].Columns {
		md := cc.MetaData
		name := md.PathInSchema[0]
		if md.Codec.String() != "ZSTD" {
			t.Errorf("column %q compressed with %v, want ZSTD", name, md.Codec)
		}
		encs := fmt.Sprint(md.Encoding)
		var want string
		switch {
		case name == "arm" || name == "finance.regime":
			want = "RLE_DICTIONARY"
		case slices.Contains(testSchema.Metrics, name):
			want = "BYTE_STREAM_SPLIT"
		default:
			continue
		}
		if !strings.Contains(encs, want) {
			t.Errorf("column %q encoded %s, want %s", name, encs, want)
		}
	}
	if cb := f.Metadata().CreatedBy; cb != "joinedup" {
		t.Errorf("created_by %q", cb)
	}
}

// TestAppendCSVField: the fast path quotes exactly as encoding/csv does.
func TestAppendCSVField(t *testing.T) {
	for _, s := range []string{"", "a", `\.`, " a", "\ta", "a b", "a,b", `a"b`, "a\rb", "a\nb", "\u00a0a", "é", "cohesion[pathway team]", "2024-04-01"} {
		var buf bytes.Buffer
		cw := csv.NewWriter(&buf)
		_ = cw.Write([]string{s})
		cw.Flush()
		want := strings.TrimSuffix(buf.String(), "\n")
		if got := string(appendCSVField(nil, s)); got != want {
			t.Errorf("appendCSVField(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestParquetMemoryBounded writes ten times as many replicates to one
// table and checks that the writer's live memory stays within 15% (plus
// 1 MB) of what it was for the shorter table: only the footer's metadata,
// a few hundred bytes per row group, grows with the table.
func TestParquetMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 660,000 rows")
	}
	old := rowGroupRows
	rowGroupRows = 6000 // many row groups, so that any growth per group shows
	defer func() { rowGroupRows = old }()
	peak := func(nrep int) uint64 {
		s := ReplicateSchema{Metrics: []string{"a", "b", "c", "d", "e", "f"}}
		w, err := NewParquetWriter(io.Discard, s)
		if err != nil {
			t.Fatal(err)
		}
		const weeks = 30
		wk := make([]int, weeks)
		dates := make([]string, weeks)
		day0 := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
		for i := range wk {
			wk[i] = i
			dates[i] = day0.AddDate(0, 0, 7*i).Format(time.DateOnly)
		}
		vals := make([]float64, weeks*len(s.Metrics))
		var most uint64
		var ms runtime.MemStats
		for r := range nrep {
			for i := range vals {
				vals[i] = float64((r*31+i*7)%1000) / 8
			}
			if err := w.WriteReplicate(ReplicateKey{Arm: "base", Replicate: r}, wk, dates, len(s.Metrics), vals); err != nil {
				t.Fatal(err)
			}
			if r%199 == 198 {
				// Twice, to empty the pools of buffers released by a
				// row group's flush, which survive one collection.
				runtime.GC()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				most = max(most, ms.HeapAlloc)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return most
	}
	small := peak(2000)  // 60,000 rows: 10 row groups
	large := peak(20000) // 600,000 rows: 100 row groups
	if float64(large) > 1.15*float64(small)+1<<20 {
		t.Errorf("live heap %d bytes writing 20,000 replicates, %d writing 2,000: the writer's memory grows with the table", large, small)
	}
	t.Logf("live heap: %.1f MB for 2,000 replicates, %.1f MB for 20,000", float64(small)/1e6, float64(large)/1e6)
}

// TestAppendFloat: the short cut for whole numbers writes what
// strconv.AppendFloat(v, 'g', -1, 64) writes.
func TestAppendFloat(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 999999, -999999, 1e6, -1e6, 123456, 100000, 1e15, 0.5, -2.5, math.NaN(), math.Inf(1), math.Inf(-1), 1 << 62, -(1 << 63), 9.3e18}
	r := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		vals = append(vals, float64(r.IntN(4e6)-2e6), r.NormFloat64()*1e6)
	}
	for _, v := range vals {
		if got, want := string(appendFloat(nil, v)), strconv.FormatFloat(v, 'g', -1, 64); got != want {
			t.Errorf("appendFloat(%v) = %s, want %s", v, got, want)
		}
	}
}

// TestRunTable writes two arms with different metrics and a numeric and a
// categorical factor through a RunTable, and reads the Parquet back.
func TestRunTable(t *testing.T) {
	start := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	runs := []Meta{
		{Scenario: "base", Start: start, Metrics: []Metric{{Name: "a"}, {Name: "b"}}},
		{Scenario: "more teams", Start: start, Metrics: []Metric{{Name: "b"}, {Name: "c"}, {Name: "a"}}},
	}
	var buf bytes.Buffer
	rt := NewRunTable(FormatParquet, &buf, "pace")
	if err := rt.Begin(runs, []string{"pace", "regime"}, []int{0, 2}); err != nil {
		t.Fatal(err)
	}
	tr0 := &sim.Trajectory{Replicate: 4, Width: 2, Ticks: []sim.Tick{0, 2}, Values: []float64{1, 2, 3, 4}}
	tr1 := &sim.Trajectory{Replicate: 4, Width: 3, Ticks: []sim.Tick{0, 2}, Values: []float64{5, 6, 7, 8, 9, 10}}
	if err := rt.Write(0, 1, []string{"0.5", "pooled"}, tr0); err != nil {
		t.Fatal(err)
	}
	if err := rt.Write(1, 1, []string{"", "aligned"}, tr1); err != nil {
		t.Fatal(err)
	}
	if err := rt.Write(1, 1, []string{"fast", "aligned"}, tr1); err == nil || !strings.Contains(err.Error(), `factor "pace" is numeric, but its value is "fast"`) {
		t.Errorf("non-numeric value of a numeric factor: error %v", err)
	}
	if err := rt.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	s, err := ParquetSchema(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := ReplicateSchema{Factors: []FactorColumn{{Name: "pace", Numeric: true}, {Name: "regime"}}, Metrics: []string{"a", "b", "c"}}
	if !sameSchema(s, want) {
		t.Errorf("schema %+v, want %+v", s, want)
	}
	nan := math.NaN()
	wantVals := [][]float64{{1, 2, nan, 3, 4, nan}, {7, 5, 6, 10, 8, 9}}
	wantKeys := []string{`base 1 0.5 pooled 4 [0 2] [2024-04-01 2024-04-15]`, `more teams 1 NaN aligned 4 [0 2] [2024-04-01 2024-04-15]`}
	i := 0
	err = ReadParquet(bytes.NewReader(data), int64(len(data)), func(key ReplicateKey, weeks []int, dates []string, width int, values []float64) error {
		got := fmt.Sprintf("%s %d %v %s %d %v %v", key.Arm, key.Point, key.Factors[0].Num, key.Factors[1].Text, key.Replicate, weeks, dates)
		if got != wantKeys[i] {
			t.Errorf("replicate %d: %s, want %s", i, got, wantKeys[i])
		}
		for k, v := range values {
			if w := wantVals[i][k]; !(v == w || math.IsNaN(v) && math.IsNaN(w)) {
				t.Errorf("replicate %d value %d: %v, want %v", i, k, v, w)
			}
		}
		i++
		return nil
	})
	if err != nil || i != 2 {
		t.Errorf("read %d replicates, want 2; error %v", i, err)
	}
}

// TestParquetGolden keeps the bytes of a small table fixed, so that a change
// of library version or setting that changes the files written is seen
// (and accepted with -update).
func TestParquetGolden(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewParquetWriter(&buf, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, testBlocks(2, 10, 2))
	path := filepath.Join("testdata", "replicates.parquet")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the Parquet written (%d bytes) differs from %s (%d bytes); if the change is meant, run go test ./results -run ParquetGolden -update", buf.Len(), path, len(want))
	}
}

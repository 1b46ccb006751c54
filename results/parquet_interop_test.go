package results

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestParquetInterop has DuckDB, an independent Parquet reader (C++, through
// its Node.js bindings), read a table the ParquetWriter made, and checks the
// column names and types it sees and a checksum of every value against what
// was written. It needs node and the packages of testdata/interop
// (`npm ci` there); without them it skips, unless JOINEDUP_REQUIRE_INTEROP=1,
// as .ci/run sets, when it fails.
func TestParquetInterop(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "interop"))
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api", "package.json"))
	}
	if err != nil {
		msg := "the Parquet interoperability check needs node and `npm ci` in results/testdata/interop: " + err.Error()
		if os.Getenv("JOINEDUP_REQUIRE_INTEROP") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}

	old := rowGroupRows
	rowGroupRows = 50 // several row groups, replicates straddling them
	defer func() { rowGroupRows = old }()
	bs := testBlocks(4, 25, 2)
	var buf bytes.Buffer
	w, err := NewParquetWriter(&buf, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, bs)
	file := filepath.Join(t.TempDir(), "replicates.parquet")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(node, "read.mjs", file)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node read.mjs: %v\n%s", err, stderr.String())
	}
	var got struct {
		Columns [][2]string
		Rows    int
		SHA256  string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node read.mjs printed %q: %v", out, err)
	}

	want := [][2]string{{"arm", "VARCHAR"}, {"point", "INTEGER"}, {"partnership.pace", "DOUBLE"}, {"finance.regime", "VARCHAR"},
		{"replicate", "INTEGER"}, {"week", "INTEGER"}, {"date", "DATE"}}
	for _, m := range testSchema.Metrics {
		want = append(want, [2]string{m, "DOUBLE"})
	}
	if len(got.Columns) != len(want) {
		t.Errorf("DuckDB sees columns %q, want %q", got.Columns, want)
	} else {
		for i := range want {
			if got.Columns[i] != want[i] {
				t.Errorf("DuckDB sees column %d as %q, want %q", i, got.Columns[i], want[i])
			}
		}
	}
	rows, sum := canonicalChecksum(bs)
	if got.Rows != rows {
		t.Errorf("DuckDB reads %d rows, want %d", got.Rows, rows)
	}
	if got.SHA256 != sum {
		t.Errorf("DuckDB's checksum of the values %s, want %s", got.SHA256, sum)
	}
}

// canonicalChecksum returns the rows of the wide table and the SHA-256 of
// their canonical text, as testdata/interop/read.mjs computes it.
func canonicalChecksum(bs []block) (int, string) {
	h := sha256.New()
	hexBits := func(b []byte, x float64) []byte {
		if math.IsNaN(x) {
			return append(b, "NaN"...)
		}
		s := strconv.FormatUint(math.Float64bits(x), 16)
		return append(append(b, strings.Repeat("0", 16-len(s))...), s...)
	}
	rows := 0
	var line []byte
	for _, bl := range bs {
		nm := len(testSchema.Metrics)
		for i, wk := range bl.weeks {
			line = append(line[:0], bl.key.Arm...)
			line = append(line, '\t')
			line = strconv.AppendInt(line, int64(bl.key.Point), 10)
			for k, f := range testSchema.Factors {
				line = append(line, '\t')
				if f.Numeric {
					line = hexBits(line, bl.key.Factors[k].Num)
				} else {
					line = append(line, bl.key.Factors[k].Text...)
				}
			}
			line = append(line, '\t')
			line = strconv.AppendInt(line, int64(bl.key.Replicate), 10)
			line = append(line, '\t')
			line = strconv.AppendInt(line, int64(wk), 10)
			line = append(line, '\t')
			line = append(line, bl.dates[i]...)
			for _, v := range bl.values[i*nm : (i+1)*nm] {
				line = append(line, '\t')
				line = hexBits(line, v)
			}
			line = append(line, '\n')
			h.Write(line)
			rows++
		}
	}
	return rows, hex.EncodeToString(h.Sum(nil))
}

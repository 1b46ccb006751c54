package results

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// tableSets returns two runs of 8 replicates over two years, observed every
// 26 weeks, on common random numbers: the other run waits about 1.5 weeks
// less, and sees the same number of cases.
func tableSets(t *testing.T) (a, b *Set) {
	t.Helper()
	ms := []Metric{{Name: "waiting", Unit: "weeks"}, {Name: "cases"}}
	var ra, rb []rep
	for i := 0; i < 8; i++ {
		noise := math.Sin(float64(i*7 + 1)) // shared by both runs
		var pa, pb rep
		for _, w := range []int{0, 26, 52, 78, 104, 110} {
			wait := 6 + float64(w)/52 + 2*noise
			cases := 1200 + 300*noise + float64(w)
			pa.weeks = append(pa.weeks, w)
			pb.weeks = append(pb.weeks, w)
			pa.rows = append(pa.rows, []float64{wait, cases})
			pb.rows = append(pb.rows, []float64{wait - 1.5*float64(w)/110 + 0.05*math.Cos(float64(i)), cases})
		}
		ra, rb = append(ra, pa), append(rb, pb)
	}
	x, _ := record(t, Meta{Scenario: "usual-care", Start: start, Metrics: ms}, ra)
	y, _ := record(t, Meta{Scenario: "sedgefield", Run: 1, Start: start, Metrics: ms}, rb)
	return x.Set(), y.Set()
}

// tableOpt marks waiting as better lower and asks for lines on both
// metrics: cases has no better direction.
var tableOpt = TableOptions{Better: map[string]Direction{"waiting": LowerBetter}, Lines: []string{"waiting", "cases"}}

func TestWriteTable(t *testing.T) {
	a, b := tableSets(t)
	diffs, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := record(t, Meta{Scenario: "usual-care", Run: 2, Start: start, Metrics: a.Metrics()}, []rep{
		{weeks: []int{0, 52}, rows: [][]float64{{1, 2}, {3, 4}}},
	})
	// A third run: the second run's values plus one week of waiting.
	var rc []rep
	for i := 0; i < b.Replicates(); i++ {
		var r rep
		for w, week := range b.Weeks() {
			r.weeks = append(r.weeks, week)
			r.rows = append(r.rows, []float64{b.Value(i, w, 0) + 1, b.Value(i, w, 1)})
		}
		rc = append(rc, r)
	}
	third, _ := record(t, Meta{Scenario: "joined-up", Run: 2, Start: start, Metrics: a.Metrics()}, rc)
	diffs3, err := Compare(a, third.Set())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		sets    []*Set
		metrics []string
		weeks   []int
		diffs   []Difference
		opt     TableOptions
	}{
		{name: "one", sets: []*Set{a}},
		{name: "compare three", sets: []*Set{a, b, third.Set()}, weeks: []int{52, EndWeek}, diffs: append(append([]Difference(nil), diffs...), diffs3...)},
		{name: "compare", sets: []*Set{a, b}, diffs: diffs},
		{name: "compare with lines", sets: []*Set{a, b}, diffs: diffs, opt: tableOpt},
		{name: "compare three with lines", sets: []*Set{a, b, third.Set()}, weeks: []int{52, EndWeek},
			diffs: append(append([]Difference(nil), diffs...), diffs3...), opt: TableOptions{Better: tableOpt.Better, Lines: tableOpt.Lines, LinesAt: 52}},
		{name: "chosen", sets: []*Set{a, b}, metrics: []string{"cases"}, weeks: []int{30, 26, 104, EndWeek}, diffs: diffs},
		{name: "same names", sets: []*Set{a, same.Set()}, weeks: []int{52, EndWeek}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTable(&buf, summarisers(tt.sets), tt.metrics, tt.weeks, tt.diffs, tt.opt); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "table-"+strings.ReplaceAll(tt.name, " ", "-")+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./results -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("table differs from %s:\n%s\nwant:\n%s", golden, buf.Bytes(), want)
			}
		})
	}
}

func TestWriteTableErrors(t *testing.T) {
	a, _ := tableSets(t)
	tests := []struct {
		name    string
		sets    []*Set
		metrics []string
		weeks   []int
		diffs   []Difference
		want    string
	}{
		{"no sets", nil, nil, nil, nil, "at least one set"},
		{"unknown metric", []*Set{a}, []string{"queue"}, nil, nil, `unknown metric "queue"; known: waiting, cases`},
		{"week before observations", []*Set{a}, nil, []int{-5}, nil, "precedes the first observed week"},
		{"differences need two sets", []*Set{a}, nil, nil, []Difference{{}}, "only between two or more sets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteTable(&bytes.Buffer{}, summarisers(tt.sets), tt.metrics, tt.weeks, tt.diffs, TableOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestSig3(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {1, "1.00"}, {-2.5, "-2.50"}, {3.14159, "3.14"}, {12.345, "12.3"}, {999.7, "1000"},
		{1234, "1230"}, {0.012345, "0.0123"}, {0.00099, "0.00099"}, {-0.0001, "-0.0001"},
		{2.5e7, "2.5e+07"}, {-0.0004, "-0.0004"}, {math.NaN(), "NaN"}, {math.Inf(-1), "-Inf"},
	}
	for _, tt := range tests {
		if got := sig3(tt.v); got != tt.want {
			t.Errorf("sig3(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// summarisers summarises each set.
func summarisers(sets []*Set) []*Summariser {
	var out []*Summariser
	for _, s := range sets {
		out = append(out, SummariseSet(s))
	}
	return out
}

func TestSpreadCell(t *testing.T) {
	tests := []struct {
		n                  int
		mean, hi, p05, p95 float64
		want               string
	}{
		{200, 0.5514, 0.5531, 0.49, 0.612, "0.551 ±0.002 (90%: 0.490 to 0.612)"},
		{200, 0.8163, 0.81645, 0.815, 0.817, "0.816 ±<0.001 (90%: 0.815 to 0.817)"},
		{200, 0, 0, 0, 0, "0 ±0 (90%: 0 to 0)"},
		{200, -0.006, 0.094, -1.156, 2, "-0.006 ±0.100 (90%: -1.156 to 2.000)"},
		{200, 2350, 2540, 657, 4718, "2350 ±190 (90%: 657 to 4718)"},
		{1, 3, 3, 3, 3, "3.00 (one replicate)"},
		{0, math.NaN(), math.NaN(), math.NaN(), math.NaN(), "-"},
	}
	for _, tt := range tests {
		if got := spreadCell(tt.n, tt.mean, tt.hi, tt.p05, tt.p95); got != tt.want {
			t.Errorf("spreadCell(%d, %v, %v, %v, %v) = %q, want %q", tt.n, tt.mean, tt.hi, tt.p05, tt.p95, got, tt.want)
		}
	}
}

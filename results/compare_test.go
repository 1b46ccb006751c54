package results

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestComparePairing(t *testing.T) {
	// Levels vary widely between replicates, as common random numbers make
	// them vary alike in both runs; the effect is a steady +1.
	base := []float64{10, 50, 30, 80, 20, 65}
	jitter := []float64{0.01, -0.01, 0, 0.02, -0.02, 0}
	other := make([]float64, len(base))
	for i := range base {
		other[i] = base[i] + 1 + jitter[i]
	}
	diffs, err := Compare(column(t, "usual", 0, base...), column(t, "joined", 1, other...))
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 1 {
		t.Fatalf("%d differences, want 1", len(diffs))
	}
	d := diffs[0]
	if d.Base != "usual" || d.BaseRun != 0 || d.Other != "joined" || d.OtherRun != 1 || d.Week != 52 || d.Date != "2025-03-31" || d.N != 6 {
		t.Errorf("labels %+v", d)
	}
	if !near(d.Diff, 1, 1e-9) || !near(d.MeanOther-d.MeanBase, d.Diff, 1e-9) {
		t.Errorf("diff %v (means %v, %v), want 1", d.Diff, d.MeanBase, d.MeanOther)
	}
	if !d.Excludes0 || d.Hi-d.Lo > 0.05 {
		t.Errorf("paired interval [%v, %v] (excludes 0: %v), want a narrow interval around 1", d.Lo, d.Hi, d.Excludes0)
	}
	// An unpaired (Welch) interval on the same data is wide and includes 0.
	a, b := Summarise(column(t, "a", 0, base...))[0], Summarise(column(t, "b", 0, other...))[0]
	half := 2 * math.Sqrt(a.SD*a.SD/6+b.SD*b.SD/6)
	if diff := b.Mean - a.Mean; diff-half > 0 {
		t.Errorf("unpaired interval [%v, %v] excludes 0; the test data does not show what pairing gains", diff-half, diff+half)
	}
}

func TestCompareMatchesByName(t *testing.T) {
	a, _ := record(t, Meta{Scenario: "a", Start: start, Metrics: metrics("x", "y", "only_a")}, []rep{
		{weeks: []int{0, 4, 8}, rows: [][]float64{{1, 10, 0}, {2, 20, 0}, {3, 30, 0}}},
		{weeks: []int{0, 4, 8}, rows: [][]float64{{1, 10, 0}, {2, math.NaN(), 0}, {3, 30, 0}}},
	})
	b, _ := record(t, Meta{Scenario: "b", Run: 1, Start: start.AddDate(1, 0, 0), Metrics: metrics("only_b", "y", "x")}, []rep{
		{weeks: []int{0, 8}, rows: [][]float64{{0, 11, 5}, {0, 33, 7}}},
		{weeks: []int{0, 8}, rows: [][]float64{{0, 13, 5}, {0, 31, 9}}},
	})
	diffs, err := Compare(a.Set(), b.Set())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range diffs {
		got = append(got, d.Metric+"@"+itoa(d.Week)+"="+ftoa(d.Diff)+"/"+itoa(d.N))
	}
	want := "x@0=4/2 x@8=5/2 y@0=2/2 y@8=2/2"
	if joinSpace(got) != want {
		t.Errorf("differences %q, want %q", joinSpace(got), want)
	}
	if diffs[0].Date != "2024-04-01" {
		t.Errorf("date %q, want the base run's 2024-04-01", diffs[0].Date)
	}
}

func TestCompareNaN(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name    string
		a, b    []float64
		n       int
		diff    float64
		exclude bool
	}{
		{"pair skipped when either is NaN", []float64{1, nan, 3, 4, 5}, []float64{2, 5, nan, 6, 7}, 3, 5.0 / 3, true},
		{"no pairs", []float64{nan, 1}, []float64{2, nan}, 0, nan, false},
		{"one pair cannot exclude 0", []float64{1, nan}, []float64{3, 1}, 1, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs, err := Compare(column(t, "a", 0, tt.a...), column(t, "b", 1, tt.b...))
			if err != nil {
				t.Fatal(err)
			}
			d := diffs[0]
			if d.N != tt.n || !near(d.Diff, tt.diff, 1e-12) || d.Excludes0 != tt.exclude {
				t.Errorf("N %d diff %v excludes0 %v; want %d %v %v", d.N, d.Diff, d.Excludes0, tt.n, tt.diff, tt.exclude)
			}
		})
	}
}

func TestCompareUnequalReplicates(t *testing.T) {
	_, err := Compare(column(t, "a", 0, 1, 2, 3), column(t, "b", 1, 1, 2))
	if err == nil || !strings.Contains(err.Error(), "3 replicates against 2") {
		t.Errorf("error %v, want a replicate count mismatch", err)
	}
}

func TestWriteComparisonAndRunsCSV(t *testing.T) {
	diffs := []Difference{{Base: "a", BaseRun: 0, Other: "b, c", OtherRun: 1, Week: 52, Date: "2025-03-31", Metric: "x",
		N: 2, MeanBase: 1.5, MeanOther: 3, Diff: 1.5, SD: 0.7071067811865476, Lo: -4.75, Hi: 7.75, Excludes0: false,
		Higher: 0.5, Same: 0.5, Lower: 0, P05: 0, Median: 0, P95: 3}}
	var buf bytes.Buffer
	if err := WriteComparisonCSV(&buf, diffs); err != nil {
		t.Fatal(err)
	}
	want := "base,base_run,other,other_run,week,date,metric,n,mean_base,mean_other,diff,sd,ci_lo,ci_hi,excludes_0," +
		"share_higher,share_same,share_lower,diff_p5,diff_median,diff_p95\n" +
		"a,0,\"b, c\",1,52,2025-03-31,x,2,1.5,3,1.5,0.7071067811865476,-4.75,7.75,false,0.5,0.5,0,0,0,3\n"
	if buf.String() != want {
		t.Errorf("comparison CSV\n%s\nwant\n%s", buf.String(), want)
	}

	buf.Reset()
	runs := []Meta{
		{Run: 0, Scenario: "usual-care", Source: "embedded:usual-care.toml", Hash: "ab12", Seed: 18446744073709551615, Stream: 7, Replicates: 100, Weeks: 260, Every: 4, Start: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)},
		{Run: 1, Scenario: "sedgefield", Source: "my dir/a,b.toml", Hash: "cd34", Seed: 1, Stream: 7, Replicates: 100, Weeks: 260, Every: 4, Start: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)},
	}
	if err := WriteRunsCSV(&buf, runs); err != nil {
		t.Fatal(err)
	}
	want = "run,scenario,source,hash,seed,stream,replicates,weeks,every,start\n" +
		"0,usual-care,embedded:usual-care.toml,ab12,18446744073709551615,7,100,260,4,2025-01-06\n" +
		"1,sedgefield,\"my dir/a,b.toml\",cd34,1,7,100,260,4,2025-01-06\n"
	if buf.String() != want {
		t.Errorf("runs CSV\n%s\nwant\n%s", buf.String(), want)
	}
}

package results

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/sim"
)

// column builds a one-metric, one-week set whose replicates hold vals.
func column(t *testing.T, scenario string, run int, vals ...float64) *Set {
	t.Helper()
	reps := make([]rep, len(vals))
	for i, v := range vals {
		reps[i] = rep{weeks: []int{52}, rows: [][]float64{{v}}}
	}
	r, _ := record(t, Meta{Scenario: scenario, Run: run, Start: start, Metrics: metrics("x")}, reps)
	return r.Set()
}

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

func TestSummarise(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name             string
		vals             []float64
		n                int
		mean, sd, lo, hi float64
		p025, p975       float64
	}{
		// sd = sqrt(2.5) = 1.5811; t(0.975, 4) = 2.7764; half-width 2.7764*1.5811/sqrt(5) = 1.9632.
		{"one to five", []float64{5, 1, 4, 2, 3}, 5, 3, 1.5811388, 3 - 1.9632432, 3 + 1.9632432, 1, 5},
		// t(0.975, 1) = 12.7062; sd = sqrt(2); half-width 12.7062*sqrt(2)/sqrt(2).
		{"two values", []float64{2, 4}, 2, 3, math.Sqrt2, 3 - 12.7062047, 3 + 12.7062047, 2, 4},
		{"one value", []float64{7}, 1, 7, 0, 7, 7, 7, 7},
		{"NaN skipped", []float64{nan, 5, 1, 4, nan, 2, 3}, 5, 3, 1.5811388, 3 - 1.9632432, 3 + 1.9632432, 1, 5},
		{"all NaN", []float64{nan, nan}, 0, nan, nan, nan, nan, nan, nan},
		{"constant", []float64{2, 2, 2}, 3, 2, 0, 2, 2, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sums := Summarise(column(t, "s", 4, tt.vals...))
			if len(sums) != 1 {
				t.Fatalf("%d summaries, want 1", len(sums))
			}
			s := sums[0]
			if s.Scenario != "s" || s.Run != 4 || s.Week != 52 || s.Date != "2025-03-31" || s.Metric != "x" {
				t.Errorf("labels %+v", s)
			}
			if s.N != tt.n {
				t.Errorf("N = %d, want %d", s.N, tt.n)
			}
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"mean", s.Mean, tt.mean}, {"sd", s.SD, tt.sd}, {"lo", s.Lo, tt.lo}, {"hi", s.Hi, tt.hi}, {"p2.5", s.P025, tt.p025}, {"p97.5", s.P975, tt.p975}} {
				if !near(c.got, c.want, 1e-6) {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestSummariseOrder(t *testing.T) {
	r, _ := record(t, Meta{Scenario: "s", Start: start, Metrics: metrics("a", "b")}, []rep{
		{weeks: []int{0, 1}, rows: [][]float64{{1, 2}, {3, 4}}},
	})
	var got []string
	for _, s := range Summarise(r.Set()) {
		got = append(got, s.Metric+itoa(s.Week))
	}
	if want := "a0 a1 b0 b1"; joinSpace(got) != want {
		t.Errorf("order %q, want %q", joinSpace(got), want)
	}
}

func joinSpace(xs []string) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}

func TestWriteSummaryCSV(t *testing.T) {
	var buf bytes.Buffer
	sums := []Summary{{Scenario: "s", Week: 52, Date: "2025-03-31", Metric: "x", N: 2, Mean: 1.5, SD: 0.7071067811865476,
		Lo: -4.75, Hi: 7.75, P025: 1, P05: 1, P95: 2, P975: 2}, {Scenario: "s", Run: 1, Metric: "y", Mean: math.NaN(), SD: math.Inf(1)}}
	if err := WriteSummaryCSV(&buf, sums); err != nil {
		t.Fatal(err)
	}
	want := "scenario,run,week,date,metric,n,mean,sd,ci_lo,ci_hi,p2.5,p5,p95,p97.5\n" +
		"s,0,52,2025-03-31,x,2,1.5,0.7071067811865476,-4.75,7.75,1,1,2,2\n" +
		"s,1,0,,y,0,NaN,+Inf,0,0,0,0,0,0\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestSummariserRefusesInfinity(t *testing.T) {
	m := Meta{Scenario: "s", Metrics: []Metric{{Name: "a"}, {Name: "cost_per_case"}}}
	s := NewSummariser(m, []int{0, 1})
	ok := &sim.Trajectory{Replicate: 0, Width: 2, Ticks: []sim.Tick{0, 1}, Values: []float64{1, math.NaN(), 2, 3}}
	if err := s.Add(ok); err != nil {
		t.Fatalf("NaN refused: %v", err)
	}
	bad := &sim.Trajectory{Replicate: 1, Width: 2, Ticks: []sim.Tick{0, 1}, Values: []float64{1, 2, 2, math.Inf(1)}}
	err := s.Add(bad)
	if err == nil || !strings.Contains(err.Error(), `scenario "s" replicate 1 week 1: cost_per_case is +Inf`) {
		t.Errorf("infinity: %v", err)
	}
	if s.Replicates() != 1 {
		t.Errorf("%d replicates summarised, want 1", s.Replicates())
	}
}

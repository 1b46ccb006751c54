package results

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/joinedup/joinedup/sim"
)

// TestTidyCSVAsRecorder checks that TidyCSV writes, for a run without
// design factors, exactly what a Recorder writes, and that ReadTidy reads
// the arms of a replicate written one after the other.
func TestTidyCSVAsRecorder(t *testing.T) {
	start := time.Date(2003, 4, 1, 0, 0, 0, 0, time.UTC)
	metas := []Meta{
		{Scenario: "a", Run: 0, Start: start, Metrics: []Metric{{Name: "x"}, {Name: "y, quoted"}}},
		{Scenario: "b + p=1; q=2", Run: 1, Start: start, Metrics: []Metric{{Name: "x"}, {Name: "y, quoted"}}},
	}
	weeks := []int{0, 4, 8}
	traj := func(run, rep int) *sim.Trajectory {
		tr := &sim.Trajectory{Replicate: rep, Width: 2, Ticks: []sim.Tick{0, 4, 8}}
		for i := range 3 {
			tr.Values = append(tr.Values, float64(run*100+rep*10+i), math.NaN())
		}
		return tr
	}
	var tidy bytes.Buffer
	w := NewTidyCSV(&tidy)
	if err := w.Begin(metas, nil, weeks); err != nil {
		t.Fatal(err)
	}
	var rec [2]bytes.Buffer
	recs := []*Recorder{NewRecorder(metas[0], &rec[0]), NewRecorder(metas[1], &rec[1])}
	for rep := range 3 {
		for run := range 2 {
			if err := w.Write(run, 0, nil, traj(run, rep)); err != nil {
				t.Fatal(err)
			}
			if err := recs[run].Observe(traj(run, rep)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Recorder rows of both runs, interleaved replicate by replicate.
	var want strings.Builder
	want.WriteString(TidyHeader)
	lines := [2][]string{strings.SplitAfter(rec[0].String(), "\n"), strings.SplitAfter(rec[1].String(), "\n")}
	for rep := range 3 {
		for run := range 2 {
			want.WriteString(strings.Join(lines[run][rep*6:rep*6+6], ""))
		}
	}
	if tidy.String() != want.String() {
		t.Errorf("TidyCSV wrote\n%s\nRecorders wrote\n%s", tidy.String(), want.String())
	}
	if w.Rows() != 36 {
		t.Errorf("Rows %d, want 36", w.Rows())
	}
	sets, err := ReadTidy(strings.NewReader(tidy.String()), metas)
	if err != nil {
		t.Fatal(err)
	}
	if sets[1].Replicates() != 3 || sets[1].Value(2, 1, 0) != 121 {
		t.Errorf("read back %d replicates, value %g", sets[1].Replicates(), sets[1].Value(2, 1, 0))
	}
}

// TestTidyCSVFactors checks the header and rows of a design with factors.
func TestTidyCSVFactors(t *testing.T) {
	var b bytes.Buffer
	w := NewTidyCSV(&b)
	m := Meta{Scenario: "s", Start: time.Date(2003, 4, 1, 0, 0, 0, 0, time.UTC), Metrics: []Metric{{Name: "x"}}}
	if err := w.Begin([]Meta{m}, []string{"trust_gain", "team[0].colocated"}, []int{0}); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(0, 3, []string{"0.02", "false"}, &sim.Trajectory{Replicate: 1, Width: 1, Ticks: []sim.Tick{0}, Values: []float64{0.5}}); err != nil {
		t.Fatal(err)
	}
	want := "scenario,run,point,trust_gain,team[0].colocated,replicate,week,date,metric,value\ns,0,3,0.02,false,1,0,2003-04-01,x,0.5\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

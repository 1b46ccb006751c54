package results

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

// sameSet reports how a and b differ, or "" if they hold the same values
// (NaN equal to NaN, bit for bit), weeks, replicates and meta.
func sameSet(a, b *Set) string {
	am, bm := a.Meta(), b.Meta()
	if am.Scenario != bm.Scenario || am.Run != bm.Run || !am.Start.Equal(bm.Start) || am.Seed != bm.Seed {
		return "meta differs"
	}
	if len(am.Metrics) != len(bm.Metrics) {
		return "metric count differs"
	}
	for i := range am.Metrics {
		if am.Metrics[i] != bm.Metrics[i] {
			return "metric " + am.Metrics[i].Name + " differs"
		}
	}
	if len(a.weeks) != len(b.weeks) || a.Replicates() != b.Replicates() {
		return "shape differs"
	}
	for i := range a.weeks {
		if a.weeks[i] != b.weeks[i] {
			return "weeks differ"
		}
	}
	for r := range a.reps {
		if a.reps[r] != b.reps[r] {
			return "replicate numbers differ"
		}
		for i := range a.vals[r] {
			if math.Float64bits(a.vals[r][i]) != math.Float64bits(b.vals[r][i]) {
				return "values differ"
			}
		}
	}
	return ""
}

func TestReadTidyRoundTrip(t *testing.T) {
	ms := []Metric{{Name: "cases", Unit: "cases", Description: "open cases"}, {Name: "wait, mean", Unit: "weeks"}}
	metaA := Meta{Scenario: "sedgefield", Run: 0, Seed: 7, Replicates: 3, Weeks: 104, Every: 52, Start: start, Metrics: ms}
	metaB := Meta{Scenario: "usual \"care\"", Run: 1, Seed: 7, Replicates: 3, Weeks: 104, Every: 52, Start: start, Metrics: ms}
	reps := []rep{
		{weeks: []int{0, 52, 104}, rows: [][]float64{{3, 0.5}, {1e6, 1.0 / 3}, {-0.0, 1e-300}}},
		{weeks: []int{0, 52, 104}, rows: [][]float64{{-2, math.NaN()}, {math.Inf(1), 0.1}, {math.Inf(-1), 2}}},
		{weeks: []int{0, 52, 104}, rows: [][]float64{{math.Pi, math.E}, {5, 6}, {7, 8}}},
	}
	var tidy, runs bytes.Buffer
	WriteTidyHeader(&tidy)
	var want []*Set
	for _, m := range []Meta{metaA, metaB} {
		r := NewRecorder(m, &tidy)
		if err := observe(r, m.Stream, reps); err != nil {
			t.Fatal(err)
		}
		want = append(want, r.Set())
	}
	if err := WriteRunsCSV(&runs, []Meta{metaA, metaB}); err != nil {
		t.Fatal(err)
	}
	metas, err := ReadRunsCSV(&runs)
	if err != nil {
		t.Fatal(err)
	}
	if len(metas) != 2 || metas[1].Scenario != metaB.Scenario || !metas[1].Start.Equal(start) || metas[1].Every != 52 {
		t.Fatalf("ReadRunsCSV: %+v", metas)
	}

	t.Run("with metric descriptions", func(t *testing.T) {
		metas := append([]Meta(nil), metas...)
		for i := range metas {
			metas[i].Metrics = ms
		}
		got, err := ReadTidy(bytes.NewReader(tidy.Bytes()), metas)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if d := sameSet(got[i], want[i]); d != "" {
				t.Errorf("run %d: %s", i, d)
			}
		}
	})
	t.Run("names only", func(t *testing.T) {
		got, err := ReadTidy(bytes.NewReader(tidy.Bytes()), metas)
		if err != nil {
			t.Fatal(err)
		}
		if m := got[0].Metrics(); len(m) != 2 || m[0] != (Metric{Name: "cases"}) || m[1].Name != "wait, mean" {
			t.Errorf("metrics %+v", m)
		}
		if got[1].Value(1, 0, 1) == got[1].Value(1, 0, 1) {
			t.Error("NaN not read back as NaN")
		}
	})
}

func TestReadTidyErrors(t *testing.T) {
	runs := []Meta{{Scenario: "s", Run: 0, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}}
	const head = "scenario,run,replicate,week,date,metric,value\n"
	row := func(run, rep, week int, metric string, v string) string {
		return strings.Join([]string{"s", itoa(run), itoa(rep), itoa(week), dateOf(runs[0].Start, week), metric, v}, ",") + "\n"
	}
	good := row(0, 0, 0, "a", "1") + row(0, 0, 0, "b", "2") + row(0, 0, 1, "a", "3") + row(0, 0, 1, "b", "4")
	tests := []struct {
		name, csv, want string
	}{
		{"empty", "", "tidy CSV is empty"},
		{"wrong header", "a,b,c,d,e,f,g\n", "line 1: header"},
		{"bad value", head + row(0, 0, 0, "a", "x"), `line 2: value "x"`},
		{"unknown run", head + row(3, 0, 0, "a", "1"), "run 3 is not in runs.csv"},
		{"wrong date", head + "s,0,0,0,2024-04-02,a,1\n", "date 2024-04-02 of week 0"},
		{"wrong scenario", head + "t,0,0,0,2024-04-01,a,1\n", `scenario "t"`},
		{"missing metric in later week", head + row(0, 0, 0, "a", "1") + row(0, 0, 0, "b", "2") + row(0, 0, 1, "a", "3") + row(0, 0, 2, "a", "5"), "week 1 lacks some metrics"},
		{"short replicate", head + good + row(0, 1, 0, "a", "1"), "replicate 1 has 1 rows, want 4"},
		{"reordered metric", head + good + row(0, 1, 0, "b", "1"), `week 0 metric "b" where the first replicate's order gives week 0 metric "a"`},
		{"repeated replicate", head + good + row(0, 1, 0, "a", "1") + row(0, 1, 0, "b", "1") + row(0, 1, 1, "a", "1") + row(0, 1, 1, "b", "1") + good, "replicate 0 appears again"},
		{"duplicate metric", head + row(0, 0, 0, "a", "1") + row(0, 0, 0, "a", "2"), `metric "a" twice`},
		{"weeks decrease", head + row(0, 0, 1, "a", "1") + row(0, 0, 0, "a", "2"), "week 0 after week 1"},
		{"no rows", head, "no rows for run 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTidy(strings.NewReader(tt.csv), runs)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "results: ") {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := ReadTidy(strings.NewReader(head+good), runs); err != nil {
		t.Errorf("good file: %v", err)
	}
}

func TestReadRunsCSVErrors(t *testing.T) {
	head := strings.Join(RunsHeader, ",") + "\n"
	tests := []struct{ name, csv, want string }{
		{"empty", "", "runs.csv is empty"},
		{"no runs", head, "lists no runs"},
		{"bad seed", head + "0,s,src,h,x,0,1,1,1,2024-04-01\n", `line 2: seed "x"`},
		{"bad date", head + "0,s,src,h,1,0,1,1,1,April\n", `start "April" is not a date`},
		{"twice", head + "0,s,src,h,1,0,1,1,1,2024-04-01\n0,t,src,h,1,0,1,1,1,2024-04-01\n", "run 0 listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRunsCSV(strings.NewReader(tt.csv))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

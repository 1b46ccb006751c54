package results

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/joinedup/joinedup/sim"
)

var start = time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)

// rep is one hand-made replicate: rows[i] is observed at weeks[i].
type rep struct {
	weeks []int
	rows  [][]float64
}

// record feeds reps, numbered 0, 1, ..., into a new Recorder through one
// reused Trajectory, overwritten after each Observe as sim.Run does.
func record(t *testing.T, m Meta, reps []rep) (*Recorder, string) {
	t.Helper()
	var buf bytes.Buffer
	r := NewRecorder(m, &buf)
	if err := observe(r, m.Stream, reps); err != nil {
		t.Fatal(err)
	}
	return r, buf.String()
}

func observe(r *Recorder, stream uint64, reps []rep) error {
	tr := new(sim.Trajectory)
	for i, rp := range reps {
		tr.Stream, tr.Replicate = stream, i
		tr.Ticks, tr.Values = tr.Ticks[:0], tr.Values[:0]
		tr.Width = 0
		if len(rp.rows) > 0 {
			tr.Width = len(rp.rows[0])
		}
		for j, w := range rp.weeks {
			tr.Ticks = append(tr.Ticks, sim.Tick(w))
			tr.Values = append(tr.Values, rp.rows[j]...)
		}
		if err := r.Observe(tr); err != nil {
			return err
		}
		for k := range tr.Values {
			tr.Values[k] = -999 // the runner reuses trajectories
		}
	}
	return nil
}

func metrics(names ...string) []Metric {
	ms := make([]Metric, len(names))
	for i, n := range names {
		ms[i] = Metric{Name: n}
	}
	return ms
}

func TestRecorderCSV(t *testing.T) {
	tests := []struct {
		name string
		meta Meta
		reps []rep
		want string
	}{
		{
			name: "two replicates two metrics",
			meta: Meta{Scenario: "sedgefield", Run: 1, Start: start, Metrics: metrics("cases", "wait")},
			reps: []rep{
				{weeks: []int{0, 52}, rows: [][]float64{{3, 0.5}, {1e6, 1.0 / 3}}},
				{weeks: []int{0, 52}, rows: [][]float64{{-2, math.NaN()}, {math.Inf(1), 0.1}}},
			},
			want: "sedgefield,1,0,0,2024-04-01,cases,3\n" +
				"sedgefield,1,0,0,2024-04-01,wait,0.5\n" +
				"sedgefield,1,0,52,2025-03-31,cases,1e+06\n" +
				"sedgefield,1,0,52,2025-03-31,wait,0.3333333333333333\n" +
				"sedgefield,1,1,0,2024-04-01,cases,-2\n" +
				"sedgefield,1,1,0,2024-04-01,wait,NaN\n" +
				"sedgefield,1,1,52,2025-03-31,cases,+Inf\n" +
				"sedgefield,1,1,52,2025-03-31,wait,0.1\n",
		},
		{
			name: "names quoted as encoding/csv quotes them",
			meta: Meta{Scenario: `north, "east"`, Start: start, Metrics: metrics("a,b", "")},
			reps: []rep{{weeks: []int{7}, rows: [][]float64{{1, 2}}}},
			want: "\"north, \"\"east\"\"\",0,0,7,2024-05-20,\"a,b\",1\n" +
				"\"north, \"\"east\"\"\",0,0,7,2024-05-20,,2\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, got := record(t, tt.meta, tt.reps)
			if got != tt.want {
				t.Errorf("CSV:\n%s\nwant:\n%s", got, tt.want)
			}
			if want := strings.Count(tt.want, "\n"); r.Rows() != want {
				t.Errorf("Rows() = %d, want %d", r.Rows(), want)
			}
		})
	}
}

func TestRecorderKeepsCopies(t *testing.T) {
	r, _ := record(t, Meta{Scenario: "s", Metrics: metrics("x", "y")}, []rep{
		{weeks: []int{0, 4, 8}, rows: [][]float64{{1, 2}, {3, 4}, {5, 6}}},
		{weeks: []int{0, 4, 8}, rows: [][]float64{{7, 8}, {9, 10}, {11, 12}}},
	})
	s := r.Set()
	if got := s.Value(1, 2, 0); got != 11 {
		t.Errorf("Value(1, 2, 0) = %v, want 11", got)
	}
	if got := s.Column(1, 1); !equal(got, []float64{4, 10}) {
		t.Errorf("Column(1, 1) = %v, want [4 10]", got)
	}
	if s.Replicates() != 2 || s.Replicate(1) != 1 {
		t.Errorf("replicates %d, second numbered %d", s.Replicates(), s.Replicate(1))
	}
	if i, ok := s.MetricIndex("y"); !ok || i != 1 {
		t.Errorf(`MetricIndex("y") = %d, %v`, i, ok)
	}
	if _, ok := s.MetricIndex("z"); ok {
		t.Error(`MetricIndex("z") found`)
	}
	for _, tt := range []struct {
		week, want int
		ok         bool
	}{{-1, 0, false}, {0, 0, true}, {3, 0, true}, {4, 1, true}, {7, 1, true}, {8, 2, true}, {100, 2, true}} {
		if i, ok := s.WeekIndex(tt.week); ok != tt.ok || (ok && i != tt.want) {
			t.Errorf("WeekIndex(%d) = %d, %v; want %d, %v", tt.week, i, ok, tt.want, tt.ok)
		}
	}
}

func TestRecorderErrors(t *testing.T) {
	two := [][]float64{{1, 2}}
	tests := []struct {
		name   string
		meta   Meta
		stream uint64
		reps   []rep
		want   string
	}{
		{"width differs from metrics", Meta{Metrics: metrics("x")}, 0,
			[]rep{{weeks: []int{0}, rows: two}}, "rows hold 2 values, meta lists 1"},
		{"stream differs from meta", Meta{Stream: 3, Metrics: metrics("x", "y")}, 4,
			[]rep{{weeks: []int{0}, rows: two}}, "stream 4, meta says 3"},
		{"weeks differ between replicates", Meta{Metrics: metrics("x", "y")}, 0,
			[]rep{{weeks: []int{0}, rows: two}, {weeks: []int{1}, rows: two}}, "observed weeks differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := observe(NewRecorder(tt.meta, nil), tt.stream, tt.reps)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "results: ") {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// walk is a small random-walk model for checking output against the runner.
type walk struct {
	x, y float64
	r    interface{ NormFloat64() float64 }
}

func (w *walk) Step(sim.Tick) error { w.x += w.r.NormFloat64(); w.y = w.x * w.x / 7; return nil }
func (w *walk) Observe(_ sim.Tick, dst []float64) []float64 {
	return append(dst, w.x, w.y)
}

func TestRecorderSameBytesAnyWorkers(t *testing.T) {
	var want string
	for _, workers := range []int{1, 3, 8} {
		var buf bytes.Buffer
		m := Meta{Scenario: "walk", Stream: 2, Start: start, Metrics: metrics("x", "y")}
		if err := WriteTidyHeader(&buf); err != nil {
			t.Fatal(err)
		}
		r := NewRecorder(m, &buf)
		cfg := sim.Config{Ticks: 60, Every: 7, Replicates: 20, Workers: workers, Seed: 9, Stream: 2}
		f := func(rep sim.Replicate) (sim.Model, error) { return &walk{r: rep.Rand(1)}, nil }
		if err := sim.Run(context.Background(), cfg, f, r); err != nil {
			t.Fatal(err)
		}
		if want == "" {
			want = buf.String()
			if n := strings.Count(want, "\n") - 1; n != r.Rows() || n != 20*10*2 {
				t.Fatalf("%d rows written, Rows() = %d, want %d", n, r.Rows(), 20*10*2)
			}
			continue
		}
		if buf.String() != want {
			t.Errorf("workers=%d: CSV differs from workers=1", workers)
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

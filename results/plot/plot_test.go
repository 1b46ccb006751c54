package plot

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/sim"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

// synthetic builds a hand-made run: replicate r of metric "rise" is
// level + slope·year + r/reps, "fall" is 1 − that, and "gappy" is NaN
// in its first 20 weeks and in every replicate's week 60 to 70. It starts
// on 1 April 2003.
func synthetic(name string, run, reps, weeks int, level, slope float64) *results.Set {
	return syntheticFrom(time.Date(2003, 4, 1, 0, 0, 0, 0, time.UTC), name, run, reps, weeks, level, slope)
}

// syntheticFrom is synthetic starting on start.
func syntheticFrom(start time.Time, name string, run, reps, weeks int, level, slope float64) *results.Set {
	meta := results.Meta{
		Scenario: name, Run: run, Replicates: reps, Weeks: weeks, Every: 4,
		Start: start,
		Metrics: []results.Metric{
			{Name: "rise", Unit: "0-1"},
			{Name: "fall", Unit: "weeks"},
			{Name: "gappy"},
		},
	}
	rec := results.NewRecorder(meta, nil)
	for r := range reps {
		tr := &sim.Trajectory{Replicate: r, Width: 3}
		for w := 0; w <= weeks; w += 4 {
			v := level + slope*float64(w)/52 + 0.2*float64(r)/float64(reps) + 0.05*math.Sin(float64(w+7*r)/9) + 0.04*float64(run)*math.Cos(float64(13*r+w)/5)
			g := v
			if w < 20 || (w >= 60 && w <= 70) {
				g = math.NaN()
			}
			tr.Ticks = append(tr.Ticks, sim.Tick(w))
			tr.Values = append(tr.Values, v, 1-v, g)
		}
		if err := rec.Observe(tr); err != nil {
			panic(err)
		}
	}
	return rec.Set()
}

func twoRuns() []*results.Set {
	return []*results.Set{
		synthetic("alpha", 0, 20, 260, 0.3, 0.05),
		synthetic("beta", 1, 20, 260, 0.35, 0.02),
	}
}

// twoStarts is twoRuns with beta starting two years earlier, in 2001.
func twoStarts() []*results.Set {
	return []*results.Set{
		synthetic("alpha", 0, 20, 260, 0.3, 0.05),
		syntheticFrom(time.Date(2001, 4, 1, 0, 0, 0, 0, time.UTC), "beta", 1, 20, 260, 0.35, 0.02),
	}
}

// checkGolden compares the PNG encoding of f with testdata/name, or
// rewrites it with -update.
func checkGolden(t *testing.T, f *Figure, name string) {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Encode(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./results/plot -update to create it)", err)
	}
	if diff := pixelDiff(buf.Bytes(), want); diff != "" {
		got := filepath.Join(t.TempDir(), name)
		os.WriteFile(got, buf.Bytes(), 0o644)
		t.Errorf("%s differs from the golden image: %s; got written to %s", name, diff, got)
	}
}

// pixelDiff decodes two PNGs and reports how they differ, or "" if every
// pixel is equal. (gonum's cmpimg.Equal does the same but needs rsc.io/pdf,
// which the module does not require.)
func pixelDiff(a, b []byte) string {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return "new image: " + err.Error()
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return "golden image: " + err.Error()
	}
	if ia.Bounds() != ib.Bounds() {
		return "size " + ia.Bounds().String() + ", golden " + ib.Bounds().String()
	}
	n := 0
	var first image.Point
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := ia.At(x, y).RGBA()
			r2, g2, b2, a2 := ib.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				if n == 0 {
					first = image.Point{X: x, Y: y}
				}
				n++
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d pixels differ, the first at %v", n, first)
}

func TestGolden(t *testing.T) {
	sets := twoRuns()
	diffs, err := results.Compare(sets[0], sets[1])
	if err != nil {
		t.Fatal(err)
	}
	short := []*results.Set{synthetic("short", 0, 8, 60, 0.5, 0.1)}
	starts := twoStarts()
	startDiffs, err := results.Compare(starts[0], starts[1])
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]string{"rise": "0-1", "fall": "weeks"}
	tests := []struct {
		name   string
		figure func() (*Figure, error)
	}{
		{"curves.golden.png", func() (*Figure, error) { return Curves(sums(sets), []string{"rise", "fall", "gappy"}, Options{}) }},
		{"curves-short.golden.png", func() (*Figure, error) {
			return Curves(sums(short), []string{"rise"}, Options{Title: "A short run", Width: 6, DPI: 100})
		}},
		{"differences.golden.png", func() (*Figure, error) {
			return Differences(diffs, []string{"rise", "fall"}, Options{Units: units, Cols: 1})
		}},
		// Different start dates: years since start by default, the
		// calendar (curves two years apart) when asked.
		{"curves-years.golden.png", func() (*Figure, error) { return Curves(sums(starts), []string{"rise", "gappy"}, Options{}) }},
		{"curves-calendar.golden.png", func() (*Figure, error) {
			return Curves(sums(starts), []string{"rise", "gappy"}, Options{Axis: AxisCalendar})
		}},
		{"curves-short-years.golden.png", func() (*Figure, error) {
			return Curves(sums(short), []string{"rise"}, Options{Width: 6, DPI: 100, Axis: AxisYears})
		}},
		{"differences-years.golden.png", func() (*Figure, error) {
			return Differences(startDiffs, []string{"rise"}, Options{Units: units, Axis: AxisYears})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.figure()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, f, tt.name)
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var out [2][]byte
			for i := range out {
				f, err := Curves(sums(twoRuns()), nil, Options{})
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := f.Encode(&buf, format); err != nil {
					t.Fatal(err)
				}
				out[i] = buf.Bytes()
			}
			if len(out[0]) == 0 || !bytes.Equal(out[0], out[1]) {
				t.Errorf("two encodings of the same figure differ (%d and %d bytes)", len(out[0]), len(out[1]))
			}
		})
	}
}

func TestSave(t *testing.T) {
	f, err := Curves(sums(twoRuns()[:1]), []string{"rise"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	magic := map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF"}
	dir := t.TempDir()
	for ext, want := range magic {
		t.Run(ext, func(t *testing.T) {
			path := filepath.Join(dir, "f"+ext)
			if err := f.Save(path); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil || !strings.HasPrefix(string(b), want) {
				t.Errorf("%s starts %q, %v; want %q", path, b[:min(len(b), 8)], err, want)
			}
		})
	}
	t.Run("unknown format", func(t *testing.T) {
		err := f.Save(filepath.Join(dir, "f.gif"))
		if err == nil || !strings.Contains(err.Error(), `unknown format "gif"; known: png, svg, pdf`) {
			t.Errorf("error %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "f.gif")); err == nil {
			t.Error("a failed Save left a file")
		}
	})
}

func TestErrors(t *testing.T) {
	sets := twoRuns()
	diffs, _ := results.Compare(sets[0], sets[1])
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"curves without sets", func() error { _, err := Curves(sums(nil), nil, Options{}); return err }, "plot: no runs to plot"},
		{"curves with empty metric list", func() error { _, err := Curves(sums(sets), []string{}, Options{}); return err }, "plot: no metrics to plot"},
		{"curves unknown metric", func() error { _, err := Curves(sums(sets), []string{"rize"}, Options{}); return err },
			`plot: unknown metric "rize" (did you mean "rise"?); known: fall, gappy, rise`},
		{"curves far-off metric", func() error { _, err := Curves(sums(sets), []string{"cohesion"}, Options{}); return err },
			`plot: unknown metric "cohesion"; known: fall, gappy, rise`},
		{"curves bad band", func() error { _, err := Curves(sums(sets), nil, Options{Band: 1.5}); return err }, "band share 1.5 outside (0, 1)"},
		{"differences without rows", func() error { _, err := Differences(nil, nil, Options{}); return err }, "plot: no differences to plot"},
		{"differences unknown metric", func() error { _, err := Differences(diffs, []string{"falls"}, Options{}); return err },
			`plot: unknown metric "falls" (did you mean "fall"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestBandsAndMeans(t *testing.T) {
	// Replicate r holds r at every week; the mean of 0..19 is 9.5 and the
	// empirical 5th and 95th percentiles are 0 and 18.
	meta := results.Meta{Scenario: "s", Start: time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC), Metrics: []results.Metric{{Name: "m"}}}
	rec := results.NewRecorder(meta, nil)
	for r := range 20 {
		v := float64(r)
		if r == 3 {
			v = math.NaN() // skipped: the mean of the other 19 is 187/19
		}
		rec.Observe(&sim.Trajectory{Replicate: r, Width: 1, Ticks: []sim.Tick{0, 52}, Values: []float64{float64(r), v}})
	}
	s := curve(results.SummariseSet(rec.Set()), 0, 0.05, 0.95, AxisCalendar)
	if s.x[0] != 2004 || math.Abs(s.x[1]-(2004+364.0/366)) > 1e-12 {
		t.Errorf("x %v, want 2004 and 52 weeks on in a leap year", s.x)
	}
	if math.Abs(s.y[0]-9.5) > 1e-12 || math.Abs(s.y[1]-187.0/19) > 1e-12 {
		t.Errorf("means %v", s.y)
	}
	if s.lo[0] < 0 || s.lo[0] > 1 || s.hi[0] < 18 || s.hi[0] > 19 {
		t.Errorf("band %g..%g, want the 5th and 95th percentiles of 0..19", s.lo[0], s.hi[0])
	}
}

func TestDateTicks(t *testing.T) {
	labels := func(min, max float64) string {
		var ls []string
		for _, tk := range dateTicks(min, max) {
			if tk.Label != "" {
				ls = append(ls, tk.Label)
			}
		}
		return strings.Join(ls, " ")
	}
	tests := []struct {
		name     string
		min, max float64
		want     string
	}{
		{"five years", 2003.25, 2008.25, "2004 2005 2006 2007 2008"},
		{"twenty years", 2000, 2020, "2000 2005 2010 2015 2020"},
		{"sixty weeks", yearOf(time.Date(2003, 4, 1, 0, 0, 0, 0, time.UTC)), 2004.4, "Apr 2003 Jul Oct Jan 2004 Apr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := labels(tt.min, tt.max); got != tt.want {
				t.Errorf("labels %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAxis(t *testing.T) {
	same, starts := twoRuns(), twoStarts()
	diffs, err := results.Compare(starts[0], starts[1])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		figure  func() (*Figure, error)
		want    Axis
		caption string // in the caption; "" means no word on the axis
		xlo     float64
		xhi     float64
	}{
		{"same start, auto", func() (*Figure, error) { return Curves(sums(same), nil, Options{}) }, AxisCalendar, "", 2003.25, 2008.23},
		{"different starts, auto", func() (*Figure, error) { return Curves(sums(starts), nil, Options{}) }, AxisYears,
			"X axis: years since each scenario's start, as their start dates differ.", 0, 5},
		{"different starts, calendar", func() (*Figure, error) { return Curves(sums(starts), nil, Options{Axis: AxisCalendar}) }, AxisCalendar, "", 2001.25, 2008.23},
		{"same start, years", func() (*Figure, error) { return Curves(sums(same), nil, Options{Axis: AxisYears}) }, AxisYears,
			"X axis: years since start (2003-04-01).", 0, 5},
		{"differences, auto", func() (*Figure, error) { return Differences(diffs, nil, Options{}) }, AxisCalendar, "", 2003.25, 2008.23},
		{"differences, years", func() (*Figure, error) { return Differences(diffs, nil, Options{Axis: AxisYears}) }, AxisYears,
			"X axis: years since start.", 0, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.figure()
			if err != nil {
				t.Fatal(err)
			}
			if f.Axis() != tt.want {
				t.Errorf("axis %v, want %v", f.Axis(), tt.want)
			}
			if tt.caption == "" && strings.Contains(f.caption, "X axis") || !strings.Contains(f.caption, tt.caption) {
				t.Errorf("caption %q, want it to say %q", f.caption, tt.caption)
			}
			x := f.panels[0].X
			if math.Abs(x.Min-tt.xlo) > 0.01 || math.Abs(x.Max-tt.xhi) > 0.01 {
				t.Errorf("x axis %.3f to %.3f, want %g to %g", x.Min, x.Max, tt.xlo, tt.xhi)
			}
			wantLabel := ""
			if tt.want == AxisYears {
				wantLabel = "years since start"
			}
			if x.Label.Text != wantLabel {
				t.Errorf("x axis label %q, want %q", x.Label.Text, wantLabel)
			}
		})
	}
	t.Run("unknown axis", func(t *testing.T) {
		if _, err := Curves(sums(same), nil, Options{Axis: 7}); err == nil || !strings.Contains(err.Error(), "plot: unknown axis 7") {
			t.Errorf("Curves error %v", err)
		}
		if _, err := Differences(diffs, nil, Options{Axis: -1}); err == nil || !strings.Contains(err.Error(), "plot: unknown axis -1") {
			t.Errorf("Differences error %v", err)
		}
	})
}

func TestParseAxis(t *testing.T) {
	for _, a := range []Axis{AxisAuto, AxisCalendar, AxisYears} {
		t.Run(a.String(), func(t *testing.T) {
			got, err := ParseAxis(a.String())
			if err != nil || got != a {
				t.Errorf("ParseAxis(%q) = %v, %v", a.String(), got, err)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		_, err := ParseAxis("weeks")
		if err == nil || err.Error() != `plot: unknown axis "weeks"; known: auto, calendar, years` {
			t.Errorf("error %v", err)
		}
	})
}

func TestYearsTicks(t *testing.T) {
	labels := func(min, max float64) (string, int) {
		var ls []string
		ticks := yearsTicks(min, max)
		for _, tk := range ticks {
			if tk.Label != "" {
				ls = append(ls, tk.Label)
			}
		}
		return strings.Join(ls, " "), len(ticks)
	}
	tests := []struct {
		name     string
		min, max float64
		want     string
		ticks    int
	}{
		{"five years", 0, 5, "0 1 2 3 4 5", 21},
		{"twenty years", 0, 20, "0 5 10 15 20", 21},
		{"sixty weeks", 0, 60.0 / 52, "0 0.25 0.5 0.75 1", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := labels(tt.min, tt.max)
			if got != tt.want || n != tt.ticks {
				t.Errorf("labels %q and %d ticks, want %q and %d", got, n, tt.want, tt.ticks)
			}
		})
	}
}

// sums summarises each set, as Curves takes them.
func sums(sets []*results.Set) []*results.Summariser {
	var out []*results.Summariser
	for _, s := range sets {
		out = append(out, results.SummariseSet(s))
	}
	return out
}

// TestEncodeAllSameBytes checks that the formats drawn at once are the
// bytes Encode writes for each, and that drawing them concurrently is
// race-free (go test -race).
func TestEncodeAllSameBytes(t *testing.T) {
	fig, err := Curves(sums(twoRuns()), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	enc, err := fig.EncodeAll(Formats)
	if err != nil {
		t.Fatal(err)
	}
	for i, format := range Formats {
		var b bytes.Buffer
		if err := fig.Encode(&b, format); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), enc[i]) {
			t.Errorf("%s: EncodeAll gave %d bytes differing from Encode's %d", format, len(enc[i]), b.Len())
		}
	}
	if _, err := fig.EncodeAll([]string{"png", "gif"}); err == nil {
		t.Error("EncodeAll took an unknown format")
	}
}

package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/joinedup/joinedup/results"
)

// Differences plots paired differences (other − base) over time,
// one panel per metric: a line for each compared run's mean difference
// over the band of its 95% confidence interval (the precision of the mean
// difference, as the caption says; not the spread of single pairs), and a
// dashed line at zero. A compared
// run takes the palette colour of its run id, matching Curves. Units come
// from Options.Units. A nil metrics means every metric in diffs, in order
// of first appearance. The x axis is the calendar of the base run, or
// with Options.Axis AxisYears years since start (see Axis).
func Differences(diffs []results.Difference, metrics []string, opt Options) (*Figure, error) {
	if len(diffs) == 0 {
		return nil, errors.New("plot: no differences to plot")
	}
	opt = opt.withDefaults()
	if err := opt.Axis.check(); err != nil {
		return nil, err
	}
	axis := opt.Axis
	if axis == AxisAuto {
		axis = AxisCalendar
	}
	var known []string
	type pair struct {
		run  int
		name string
	}
	var pairs []pair
	for _, d := range diffs {
		if !slices.Contains(known, d.Metric) {
			known = append(known, d.Metric)
		}
		if p := (pair{d.OtherRun, d.Other}); !slices.Contains(pairs, p) {
			pairs = append(pairs, p)
		}
	}
	if metrics == nil {
		metrics = known
	}
	if len(metrics) == 0 {
		return nil, errors.New("plot: no metrics to plot")
	}
	for _, name := range metrics {
		if !slices.Contains(known, name) {
			return nil, unknownMetric(name, known)
		}
	}
	base := diffs[0].Base
	f := &Figure{opt: opt, cols: cols(opt, len(metrics)), axis: axis}
	for _, p := range pairs {
		f.legend = append(f.legend, legendEntry{name: p.name + " − " + base, color: colorOf(p.run), band: true})
	}
	f.title = opt.Title
	if f.title == "" {
		f.title = "Differences from " + base
	}
	n := 0
	for _, d := range diffs {
		n = max(n, d.N)
	}
	f.caption = fmt.Sprintf("Lines: mean paired difference over %d replicate pairs (common random numbers). Dashed: no difference.\n"+
		"Bands: 95%% confidence interval of the mean difference, how precisely it is estimated; single paired runs spread wider (comparison.csv: diff_p5 to diff_p95).", n)
	if axis == AxisYears {
		f.caption += "\nX axis: years since start."
	}

	xlo, xhi := math.Inf(1), math.Inf(-1)
	for _, name := range metrics {
		p := newPanel(humanize(name), describedLabel("Δ "+name, opt.Units[name], opt.Descriptions), axis)
		var ss []series
		var runs []int
		for _, pr := range pairs {
			var rows []results.Difference
			for _, d := range diffs {
				if d.Metric == name && d.OtherRun == pr.run && d.Other == pr.name {
					rows = append(rows, d)
				}
			}
			if len(rows) == 0 {
				continue
			}
			slices.SortFunc(rows, func(a, b results.Difference) int { return a.Week - b.Week })
			var s series
			for _, d := range rows {
				t, err := time.Parse(time.DateOnly, d.Date)
				if err != nil {
					return nil, fmt.Errorf("plot: difference of %s at week %d: date %q is not YYYY-MM-DD", name, d.Week, d.Date)
				}
				x := yearOf(t)
				if axis == AxisYears {
					x = float64(d.Week) / weeksPerYear
				}
				s.x = append(s.x, x)
				s.y = append(s.y, nanIfNone(d.Diff, d.N))
				s.lo = append(s.lo, nanIfNone(d.Lo, d.N))
				s.hi = append(s.hi, nanIfNone(d.Hi, d.N))
			}
			xlo, xhi = math.Min(xlo, s.x[0]), math.Max(xhi, s.x[len(s.x)-1])
			ss, runs = append(ss, s), append(runs, pr.run)
		}
		if err := addSeries(p, ss, runs); err != nil {
			return nil, err
		}
		finishY(p, true)
		zero := plotter.NewFunction(func(float64) float64 { return 0 })
		zero.Color = color.Gray{Y: 0x33}
		zero.Width = vg.Points(0.8)
		zero.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(zero)
		f.panels = append(f.panels, p)
	}
	var start time.Time
	if t, err := time.Parse(time.DateOnly, diffs[0].Date); err == nil {
		start = t.AddDate(0, 0, -7*diffs[0].Week)
	}
	for _, p := range f.panels {
		finishX(p, xlo, xhi)
		if err := addMarks(p, opt.Marks, start, axis); err != nil {
			return nil, err
		}
	}
	if len(f.panels) > 0 {
		if c := marksCaption(opt.Marks, start, axis, f.panels[0].X.Min, f.panels[0].X.Max); c != "" {
			f.caption += "\n" + c
		}
	}
	return f, nil
}

func nanIfNone(v float64, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	return v
}

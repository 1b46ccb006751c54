package plot

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	gplot "gonum.org/v1/plot"

	"github.com/joinedup/joinedup/results"
)

// Curves plots metrics over time, one panel per metric in a grid.
// Each run is a line, the replicate mean at each observed week, over a
// shaded band holding the central Options.Band share of replicates, a
// prediction interval for one site (by default the 5th to 95th percentile;
// 0.95 gives the 2.5th to 97.5th; the caption says so in words;
// the percentiles are those of the summaries, see results.Quantiles). NaN values
// are skipped; weeks where every replicate is NaN leave a gap. Run i
// always takes the i'th palette colour, so runs keep their colours across
// figures. A nil metrics means every metric of the first set; a metric
// some sets lack is drawn for the others. The x axis is the calendar
// when the sets share their start date and years since start otherwise
// (see Axis; Options.Axis forces either); the caption says which.
func Curves(sets []*results.Summariser, metrics []string, opt Options) (*Figure, error) {
	if len(sets) == 0 {
		return nil, errors.New("plot: no runs to plot")
	}
	opt = opt.withDefaults()
	if opt.Band <= 0 || opt.Band >= 1 {
		return nil, fmt.Errorf("plot: band share %g outside (0, 1)", opt.Band)
	}
	if opt.Band != 0.9 && opt.Band != 0.95 {
		return nil, fmt.Errorf("plot: band share %g: summaries hold the 0.9 (5th to 95th percentile) and 0.95 (2.5th to 97.5th) bands", opt.Band)
	}
	if err := opt.Axis.check(); err != nil {
		return nil, err
	}
	if metrics == nil {
		for _, m := range sets[0].Metrics() {
			metrics = append(metrics, m.Name)
		}
	}
	if len(metrics) == 0 {
		return nil, errors.New("plot: no metrics to plot")
	}
	var known []string
	for _, s := range sets {
		for _, m := range s.Metrics() {
			if !slices.Contains(known, m.Name) {
				known = append(known, m.Name)
			}
		}
	}
	for _, name := range metrics {
		if !slices.Contains(known, name) {
			return nil, unknownMetric(name, known)
		}
	}

	sameStart := true
	for _, s := range sets {
		sameStart = sameStart && s.Meta().Start.Equal(sets[0].Meta().Start)
	}
	axis := opt.Axis
	if axis == AxisAuto {
		axis = AxisYears
		if sameStart {
			axis = AxisCalendar
		}
	}
	f := &Figure{opt: opt, cols: cols(opt, len(metrics)), axis: axis}
	var names []string
	for i, s := range sets {
		names = append(names, s.Meta().Scenario)
		f.legend = append(f.legend, legendEntry{name: s.Meta().Scenario, color: colorOf(i), band: true})
	}
	f.title = opt.Title
	if f.title == "" {
		f.title = "Outcomes: " + strings.Join(names, " vs ")
	}
	lo, hi := (1-opt.Band)/2, 1-(1-opt.Band)/2
	f.caption = fmt.Sprintf("Lines: mean over %s. Bands: %g%% prediction interval, the %s to %s percentile across replicates:\n"+
		"what could happen at one site like this (more replicates do not narrow it; the mean's own 95%% interval is in the printed table and summary.csv).",
		replicateCount(sets), math.Round(100*opt.Band), ordinal(100*lo), ordinal(100*hi))
	if axis == AxisYears {
		if sameStart {
			f.caption += "\nX axis: years since start (" + sets[0].Meta().Start.Format(time.DateOnly) + ")."
		} else {
			f.caption += "\nX axis: years since each scenario's start, as their start dates differ."
		}
	}

	xlo, xhi := math.Inf(1), math.Inf(-1)
	for _, name := range metrics {
		unit := ""
		var ss []series
		var runs []int
		for i, s := range sets {
			m, ok := s.MetricIndex(name)
			if !ok {
				continue
			}
			if unit == "" {
				unit = s.Metrics()[m].Unit
			}
			ser := curve(s, m, lo, hi, axis)
			if len(ser.x) > 0 {
				xlo, xhi = math.Min(xlo, ser.x[0]), math.Max(xhi, ser.x[len(ser.x)-1])
			}
			ss, runs = append(ss, ser), append(runs, i)
		}
		if unit == "" {
			unit = opt.Units[name]
		}
		p := newPanel(humanize(name), describedLabel(name, unit, opt.Descriptions), axis)
		if err := addSeries(p, ss, runs); err != nil {
			return nil, err
		}
		finishY(p, false)
		f.panels = append(f.panels, p)
	}
	start := sets[0].Meta().Start
	for _, p := range f.panels {
		finishX(p, xlo, xhi)
		if err := addMarks(p, opt.Marks, start, axis); err != nil {
			return nil, err
		}
	}
	if c := marksCaption(opt.Marks, start, axis, f.panels[0].X.Min, f.panels[0].X.Max); c != "" {
		f.caption += "\n" + c
	}
	return f, nil
}

// addSeries adds every band, then every line, so no band hides a line.
func addSeries(p *gplot.Plot, ss []series, runs []int) error {
	for k, s := range ss {
		if err := s.addBands(p, colorOf(runs[k])); err != nil {
			return err
		}
	}
	for k, s := range ss {
		if err := s.addLines(p, colorOf(runs[k])); err != nil {
			return err
		}
	}
	return nil
}

// curve takes the mean and the band (lo = 0.05 or 0.025, the matching hi)
// of metric m across replicates at each observed week of s from its
// summaries (NaN values skipped), placed on axis (AxisCalendar or
// AxisYears).
func curve(s *results.Summariser, m int, lo, hi float64, axis Axis) series {
	weeks := s.Weeks()
	meta := s.Meta()
	ser := series{
		x: make([]float64, len(weeks)), y: make([]float64, len(weeks)),
		lo: make([]float64, len(weeks)), hi: make([]float64, len(weeks)),
	}
	for w, week := range weeks {
		ser.x[w] = yearOf(meta.Start.AddDate(0, 0, 7*week))
		if axis == AxisYears {
			ser.x[w] = float64(week) / weeksPerYear
		}
		sm := s.Summary(w, m)
		if sm.N == 0 {
			ser.y[w], ser.lo[w], ser.hi[w] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		ser.y[w] = sm.Mean
		ser.lo[w], ser.hi[w] = sm.P05, sm.P95
		if lo < 0.04 {
			ser.lo[w], ser.hi[w] = sm.P025, sm.P975
		}
	}
	return ser
}

// cols is the number of panel columns for n panels.
func cols(opt Options, n int) int {
	c := opt.Cols
	if c <= 0 {
		c = 2
	}
	return max(1, min(c, n))
}

// replicateCount describes how many replicates the sets hold.
func replicateCount(sets []*results.Summariser) string {
	n := sets[0].Replicates()
	same := true
	var all []string
	for _, s := range sets {
		same = same && s.Replicates() == n
		all = append(all, fmt.Sprint(s.Replicates()))
	}
	if same {
		if n == 1 {
			return "1 replicate"
		}
		return fmt.Sprintf("%d replicates", n)
	}
	return strings.Join(all, ", ") + " replicates"
}

// ordinal writes a percentile as "5th", "95th", "2.5th".
func ordinal(p float64) string {
	p = math.Round(p*10) / 10
	s := fmt.Sprint(p)
	if p != math.Trunc(p) {
		return s + "th"
	}
	n := int(p)
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}

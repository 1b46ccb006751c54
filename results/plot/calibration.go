package plot

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Posterior is one calibrated parameter, for Posteriors: its prior range
// and the weighted values of an ensemble.
type Posterior struct {
	Name      string
	Low, High float64 // the prior's range
	Log       bool    // the prior is log-uniform: the panel's axis is log10 of the value
	Values    []float64
	Weights   []float64 // one per value; they need not sum to one
}

// Predictive is one target of a calibration, for Predictives: the observed
// figure and the values the ensemble simulates for it.
type Predictive struct {
	Target   string  // its id and use, as "csw-turnover-2023 (fit)"
	Observed float64 // the figure
	Lo, Hi   float64 // the 90% predictive interval
	// Draws are the simulated values, one per draw; +Inf stands for an
	// event that did not happen in the run.
	Draws []float64
}

// histBins is the number of bins of the calibration histograms.
const histBins = 20

// Posteriors draws one panel per parameter: the posterior's weighted
// histogram as a density over the prior's range, with the prior's flat
// density as a dashed line. A posterior no taller than the line says the
// targets do not inform the parameter.
func Posteriors(panels []Posterior, opt Options) (*Figure, error) {
	f, err := newPanels(len(panels), "no parameters to plot", "Prior and posterior of each calibrated parameter", opt)
	if err != nil {
		return nil, err
	}
	f.legend = []legendEntry{{name: "posterior (the ensemble)", color: colorOf(0), band: true}, {name: "prior", color: colorOf(4)}}
	f.caption = "Bars: density of the ensemble's weighted parameter sets. Dashed: the prior (uniform on the parameter table's range)."
	for _, q := range panels {
		if len(q.Values) != len(q.Weights) || len(q.Values) == 0 {
			return nil, fmt.Errorf("plot: posterior of %s: %d values and %d weights", q.Name, len(q.Values), len(q.Weights))
		}
		lo, hi := q.Low, q.High
		tr := func(x float64) float64 { return x }
		label := q.Name
		if q.Log {
			if !(lo > 0) {
				return nil, fmt.Errorf("plot: posterior of %s: a log-uniform prior needs a positive low end, not %g", q.Name, lo)
			}
			tr = math.Log10
			lo, hi = math.Log10(lo), math.Log10(hi)
			label = "log10 " + q.Name
		}
		if !(hi > lo) {
			return nil, fmt.Errorf("plot: posterior of %s: empty range [%g, %g]", q.Name, q.Low, q.High)
		}
		xs := make([]float64, len(q.Values))
		for i, v := range q.Values {
			xs[i] = tr(v)
		}
		p := plainPanel(q.Name, label, "density")
		if err := addHistogram(p, xs, q.Weights, lo, hi, colorOf(0), true); err != nil {
			return nil, err
		}
		d := 1 / (hi - lo)
		prior, err := plotter.NewLine(plotter.XYs{{X: lo, Y: d}, {X: hi, Y: d}})
		if err != nil {
			return nil, fmt.Errorf("plot: %w", err)
		}
		prior.LineStyle = draw.LineStyle{Color: colorOf(4), Width: vg.Points(1.4), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		p.Add(prior)
		p.X.Min, p.X.Max = lo, hi
		finishY(p, true)
		p.Y.Min = 0 // the bars stand on the axis
		f.panels = append(f.panels, p)
	}
	return f, nil
}

// Predictives draws one panel per target: the histogram of the values the
// ensemble simulates, its 90% interval shaded and the observed figure as a
// vertical line. Draws in which an event never happened are counted in the
// panel's title.
func Predictives(panels []Predictive, opt Options) (*Figure, error) {
	f, err := newPanels(len(panels), "no targets to plot", "Posterior predictive checks: each target against what the ensemble simulates", opt)
	if err != nil {
		return nil, err
	}
	f.legend = []legendEntry{{name: "simulated (90% interval shaded)", color: colorOf(0), band: true}, {name: "observed", color: colorOf(1)}}
	f.caption = "Bars: share of draws (a parameter set from the ensemble, one replicate each) in each bin. Vertical line: the observed figure; outside the shaded 90% interval, a target the model does not meet."
	for _, t := range panels {
		var xs []float64
		never := 0
		for _, v := range t.Draws {
			switch {
			case math.IsInf(v, 1):
				never++
			case finite(v):
				xs = append(xs, v)
			}
		}
		title := t.Target
		if never > 0 {
			title += fmt.Sprintf(" (never in %d of %d)", never, len(t.Draws))
		}
		p := plainPanel(title, "value", "share of draws")
		lo, hi := t.Observed, t.Observed
		for _, x := range xs {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		if hi-lo == 0 {
			lo, hi = lo-0.5, hi+0.5
		}
		m := 0.05 * (hi - lo)
		lo, hi = lo-m, hi+m
		if len(xs) > 0 {
			w := make([]float64, len(xs))
			for i := range w {
				w[i] = 1 / float64(len(t.Draws))
			}
			if err := addHistogram(p, xs, w, lo, hi, colorOf(0), false); err != nil {
				return nil, err
			}
		}
		top := p.Y.Max
		if !finite(top) || top <= 0 {
			top = 1
		}
		if finite(t.Lo) && finite(t.Hi) {
			band, err := plotter.NewPolygon(plotter.XYs{{X: math.Max(t.Lo, lo), Y: 0}, {X: math.Min(t.Hi, hi), Y: 0}, {X: math.Min(t.Hi, hi), Y: top}, {X: math.Max(t.Lo, lo), Y: top}})
			if err != nil {
				return nil, fmt.Errorf("plot: %w", err)
			}
			band.Color = bandColor(colorOf(0))
			band.LineStyle.Width = 0
			p.Add(band)
		}
		obs, err := plotter.NewLine(plotter.XYs{{X: t.Observed, Y: 0}, {X: t.Observed, Y: top}})
		if err != nil {
			return nil, fmt.Errorf("plot: %w", err)
		}
		obs.LineStyle = draw.LineStyle{Color: colorOf(1), Width: vg.Points(2)}
		p.Add(obs)
		p.X.Min, p.X.Max = lo, hi
		finishY(p, true)
		p.Y.Min = 0 // the bars stand on the axis
		f.panels = append(f.panels, p)
	}
	return f, nil
}

// addHistogram draws the weighted histogram of xs on [lo, hi] in
// histBins bins as a filled step line, the height of a bin being its
// weight, or with density its weight over its width.
func addHistogram(p *gplot.Plot, xs, w []float64, lo, hi float64, c color.Color, density bool) error {
	width := (hi - lo) / histBins
	h := make([]float64, histBins)
	tot := 0.0
	for _, x := range w {
		tot += x
	}
	if !(tot > 0) {
		return nil
	}
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	for _, i := range idx {
		b := int((xs[i] - lo) / width)
		b = min(max(b, 0), histBins-1)
		h[b] += w[i]
	}
	if density {
		for b := range h {
			h[b] /= width
		}
	}
	var pts plotter.XYs
	for b, v := range h {
		pts = append(pts, plotter.XY{X: lo + float64(b)*width, Y: v})
	}
	pts = append(pts, plotter.XY{X: hi, Y: h[histBins-1]})
	l, err := plotter.NewLine(pts)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	l.StepStyle = plotter.PostStep
	l.FillColor = bandColor(c)
	l.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(1.2)}
	p.Add(l)
	return nil
}

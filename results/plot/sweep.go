package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Indices are one outcome's variance-based sensitivity indices, one entry
// per factor, for SobolIndices.
type Indices struct {
	Outcome          string
	Factors          []string
	First, Total     []float64 // first-order and total indices
	FirstLo, FirstHi []float64 // interval on First
	TotalLo, TotalHi []float64 // interval on Total
}

// Screening is one outcome's elementary effects, one entry per factor,
// for MorrisEffects.
type Screening struct {
	Outcome            string
	Factors            []string
	MuStar             []float64
	MuStarLo, MuStarHi []float64 // interval on MuStar
	Sigma              []float64
}

// Response is one outcome against one factor, for Responses: the mean
// over the design points in each bin of the factor and a band.
type Response struct {
	Outcome, Factor    string
	X                  []float64 // bin centres, increasing
	Mean, Lower, Upper []float64
	// Levels, for a factor whose levels are words, names level i, drawn
	// at X = i as a point with a bar rather than a line with a band.
	Levels []string
}

// SobolIndices draws one panel per outcome: each factor's first-order
// index (circle) and total index (square) with their intervals.
func SobolIndices(panels []Indices, opt Options) (*Figure, error) {
	f, err := newPanels(len(panels), "no Sobol indices to plot", "Sobol sensitivity indices", opt)
	if err != nil {
		return nil, err
	}
	f.legend = []legendEntry{{name: "first-order", color: colorOf(0)}, {name: "total", color: colorOf(1)}}
	f.caption = "Points: Saltelli (first-order) and Jansen (total) estimates. Bars: bootstrap interval. The gap from first-order to total is interaction."
	for _, in := range panels {
		k := len(in.Factors)
		if len(in.First) != k || len(in.Total) != k || len(in.FirstLo) != k || len(in.FirstHi) != k || len(in.TotalLo) != k || len(in.TotalHi) != k {
			return nil, fmt.Errorf("plot: Sobol indices of %s: lengths differ from the %d factors", in.Outcome, k)
		}
		p := factorPanel(humanize(in.Outcome), "index", in.Factors)
		if err := addPointsWithBars(p, 0.12, in.First, in.FirstLo, in.FirstHi, colorOf(0), draw.CircleGlyph{}); err != nil {
			return nil, err
		}
		if err := addPointsWithBars(p, -0.12, in.Total, in.TotalLo, in.TotalHi, colorOf(1), draw.BoxGlyph{}); err != nil {
			return nil, err
		}
		finishXFrom(p, true)
		p.Y.Min, p.Y.Max = -0.6, float64(k)-0.4
		f.panels = append(f.panels, p)
	}
	return f, nil
}

// MorrisEffects draws one panel per outcome: each factor's μ* with its
// interval against σ, labelled by factor.
func MorrisEffects(panels []Screening, opt Options) (*Figure, error) {
	f, err := newPanels(len(panels), "no Morris effects to plot", "Morris elementary effects", opt)
	if err != nil {
		return nil, err
	}
	f.legend = []legendEntry{{name: "μ* (bar: bootstrap interval)", color: colorOf(0)}}
	f.caption = "μ*: mean absolute effect of moving a factor across its whole range. σ: spread of the effects (non-linearity, interaction)."
	for _, s := range panels {
		k := len(s.Factors)
		if len(s.MuStar) != k || len(s.Sigma) != k || len(s.MuStarLo) != k || len(s.MuStarHi) != k {
			return nil, fmt.Errorf("plot: Morris effects on %s: lengths differ from the %d factors", s.Outcome, k)
		}
		p := plainPanel(humanize(s.Outcome), "μ*", "σ")
		var pts plotter.XYs
		var labels []string
		var bars plotter.XErrors
		for i := range k {
			if finite(s.MuStar[i]) && finite(s.Sigma[i]) {
				pts = append(pts, plotter.XY{X: s.MuStar[i], Y: s.Sigma[i]})
				labels = append(labels, s.Factors[i])
				lo, hi := s.MuStarLo[i], s.MuStarHi[i]
				if !finite(lo) || !finite(hi) {
					lo, hi = s.MuStar[i], s.MuStar[i]
				}
				bars = append(bars, struct{ Low, High float64 }{s.MuStar[i] - lo, hi - s.MuStar[i]})
			}
		}
		if len(pts) > 0 {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("plot: %w", err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: colorOf(0), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			eb, err := plotter.NewXErrorBars(struct {
				plotter.XYer
				plotter.XErrorer
			}{pts, bars})
			if err != nil {
				return nil, fmt.Errorf("plot: %w", err)
			}
			eb.LineStyle = draw.LineStyle{Color: colorOf(0), Width: vg.Points(1)}
			lb, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
			if err != nil {
				return nil, fmt.Errorf("plot: %w", err)
			}
			for i := range lb.TextStyle {
				lb.TextStyle[i] = textStyle(8)
				lb.TextStyle[i].XAlign, lb.TextStyle[i].YAlign = draw.XLeft, draw.YBottom
			}
			lb.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
			p.Add(eb, sc, lb)
		}
		finishY(p, true)
		finishXFrom(p, true)
		f.panels = append(f.panels, p)
	}
	return f, nil
}

// Responses draws one panel per outcome and factor: the outcome's mean
// over the design points in each bin of the factor, with a band.
func Responses(panels []Response, band string, opt Options) (*Figure, error) {
	f, err := newPanels(len(panels), "no outcome curves to plot", "Outcomes against factors", opt)
	if err != nil {
		return nil, err
	}
	f.legend = []legendEntry{{name: "mean over design points", color: colorOf(0), band: true}}
	f.caption = "Line: mean of the points' outcome in each bin of the factor. Band: " + band + "."
	for _, r := range panels {
		n := len(r.X)
		if len(r.Mean) != n || len(r.Lower) != n || len(r.Upper) != n {
			return nil, fmt.Errorf("plot: curve of %s against %s: lengths differ", r.Outcome, r.Factor)
		}
		p := plainPanel(humanize(r.Outcome), r.Factor, r.Outcome)
		if len(r.Levels) > 0 {
			if err := addLevels(p, r); err != nil {
				return nil, err
			}
			f.panels = append(f.panels, p)
			continue
		}
		s := series{x: r.X, y: r.Mean, lo: r.Lower, hi: r.Upper}
		if err := s.addBands(p, colorOf(0)); err != nil {
			return nil, err
		}
		if err := s.addLines(p, colorOf(0)); err != nil {
			return nil, err
		}
		if n == 1 || len(s.segments()) > 1 || countFinite(r.Mean) == 1 {
			var pts plotter.XYs
			for i := range n {
				if finite(r.Mean[i]) {
					pts = append(pts, plotter.XY{X: r.X[i], Y: r.Mean[i]})
				}
			}
			if sc, err := plotter.NewScatter(pts); err == nil {
				sc.GlyphStyle = draw.GlyphStyle{Color: colorOf(0), Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
				p.Add(sc)
			}
		}
		finishY(p, false)
		finishXFrom(p, false)
		f.panels = append(f.panels, p)
	}
	return f, nil
}

// plainPanel is a panel with numeric axes.
func plainPanel(title, xlabel, ylabel string) *gplot.Plot {
	p := newPanel(title, ylabel, AxisCalendar)
	p.X.Tick.Marker = gplot.DefaultTicks{}
	p.X.Label.Text = xlabel
	return p
}

// factorPanel is a panel whose y axis names the factors, the first at the
// top (factor i at y = k−1−i), with the values along x.
func factorPanel(title, xlabel string, factors []string) *gplot.Plot {
	p := plainPanel(title, xlabel, "")
	k := len(factors)
	ticks := make([]gplot.Tick, k)
	for i, n := range factors {
		ticks[i] = gplot.Tick{Value: float64(k - 1 - i), Label: n}
	}
	p.Y.Tick.Marker = gplot.ConstantTicks(ticks)
	return p
}

// addPointsWithBars draws v[i] at y = k−1−i + dy with a horizontal bar
// lo..hi.
func addPointsWithBars(p *gplot.Plot, dy float64, v, lo, hi []float64, c color.Color, shape draw.GlyphDrawer) error {
	var pts plotter.XYs
	var errs plotter.XErrors
	k := len(v)
	for i := range v {
		if !finite(v[i]) {
			continue
		}
		l, h := lo[i], hi[i]
		if !finite(l) || !finite(h) {
			l, h = v[i], v[i]
		}
		pts = append(pts, plotter.XY{X: v[i], Y: float64(k-1-i) + dy})
		errs = append(errs, struct{ Low, High float64 }{v[i] - l, h - v[i]})
	}
	if len(pts) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: shape}
	eb, err := plotter.NewXErrorBars(struct {
		plotter.XYer
		plotter.XErrorer
	}{pts, errs})
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	eb.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(1.2)}
	p.Add(eb, sc)
	return nil
}

// finishXFrom widens the x range a little beyond the data and, if
// withZero, to include zero.
func finishXFrom(p *gplot.Plot, withZero bool) {
	lo, hi := p.X.Min, p.X.Max
	if withZero {
		lo = math.Min(lo, 0)
	}
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	if hi-lo == 0 {
		lo, hi = lo-0.5, hi+0.5
	}
	m := 0.06 * (hi - lo)
	if withZero && lo == 0 {
		p.X.Min, p.X.Max = 0, hi+m
		return
	}
	p.X.Min, p.X.Max = lo-m, hi+m
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func countFinite(v []float64) int {
	n := 0
	for _, x := range v {
		if finite(x) {
			n++
		}
	}
	return n
}

// addLevels draws a categorical factor's bins as points with bars, the
// levels named on the x axis.
func addLevels(p *gplot.Plot, r Response) error {
	var pts plotter.XYs
	var errs plotter.YErrors
	for i, x := range r.X {
		if !finite(r.Mean[i]) {
			continue
		}
		lo, hi := r.Lower[i], r.Upper[i]
		if !finite(lo) || !finite(hi) {
			lo, hi = r.Mean[i], r.Mean[i]
		}
		pts = append(pts, plotter.XY{X: x, Y: r.Mean[i]})
		errs = append(errs, struct{ Low, High float64 }{r.Mean[i] - lo, hi - r.Mean[i]})
	}
	ticks := make([]gplot.Tick, len(r.Levels))
	for i, l := range r.Levels {
		ticks[i] = gplot.Tick{Value: float64(i), Label: l}
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	if len(pts) > 0 {
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return fmt.Errorf("plot: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: colorOf(0), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		eb, err := plotter.NewYErrorBars(struct {
			plotter.XYer
			plotter.YErrorer
		}{pts, errs})
		if err != nil {
			return fmt.Errorf("plot: %w", err)
		}
		eb.LineStyle = draw.LineStyle{Color: colorOf(0), Width: vg.Points(1.4)}
		p.Add(eb, sc)
	}
	finishY(p, false)
	p.X.Min, p.X.Max = -0.5, float64(len(r.Levels))-0.5
	return nil
}

// newPanels starts a figure of n panels, one per item, with opt's
// defaults and title, or the given title when opt has none; with no items
// it says there is nothing (none: "no targets", say) to plot.
func newPanels(n int, none, title string, opt Options) (*Figure, error) {
	if n == 0 {
		return nil, errors.New("plot: " + none + " to plot")
	}
	opt = opt.withDefaults()
	f := &Figure{opt: opt, cols: cols(opt, n), title: opt.Title}
	if f.title == "" {
		f.title = title
	}
	return f, nil
}

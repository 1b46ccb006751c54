package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/joinedup/joinedup/internal/suggest"
)

// palette is the Okabe–Ito colour-blind-safe palette, ordered so that the
// first colours contrast most on white; run i takes palette[i%len].
var palette = []color.Color{
	color.RGBA{0x00, 0x72, 0xB2, 0xFF}, // blue
	color.RGBA{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	color.RGBA{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	color.RGBA{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	color.RGBA{0xE6, 0x9F, 0x00, 0xFF}, // orange
	color.RGBA{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	color.RGBA{0x00, 0x00, 0x00, 0xFF}, // black
	color.RGBA{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

func colorOf(run int) color.Color { return palette[((run%len(palette))+len(palette))%len(palette)] }

// bandColor is c at a fifth of its opacity.
func bandColor(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x38}
}

func lineStyle(c color.Color) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(1.6)}
}

var gridColor = color.Gray{Y: 0xE4}

// newPanel returns an empty panel with the figure's fonts, grid lines
// and time axis.
func newPanel(title, ylabel string, axis Axis) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 12)
	p.Title.Padding = vg.Points(4)
	for _, a := range []*gplot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 10)
		a.Tick.Label.Font = font.From(sans, 9)
		a.Padding = vg.Points(2)
		a.LineStyle.Color = color.Gray{Y: 0x66}
		a.Tick.LineStyle.Color = color.Gray{Y: 0x66}
	}
	p.Y.Label.Text = ylabel
	p.X.Tick.Marker = gplot.TickerFunc(dateTicks)
	if axis == AxisYears {
		p.X.Tick.Marker = gplot.TickerFunc(yearsTicks)
		p.X.Label.Text = "years since start"
	}
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridColor, gridColor
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.6), vg.Points(0.6)
	p.Add(g)
	return p
}

// finishY widens the y range of p a little beyond its data and, if
// withZero, to include zero. A flat range gets a unit height.
func finishY(p *gplot.Plot, withZero bool) {
	lo, hi := p.Y.Min, p.Y.Max
	if withZero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		lo, hi = 0, 1
	}
	if hi-lo == 0 {
		lo, hi = lo-0.5, hi+0.5
	}
	m := 0.04 * (hi - lo)
	p.Y.Min, p.Y.Max = lo-m, hi+m
}

// yearOf returns the date t as a decimal year: 1 January of year Y is
// exactly Y, so year ticks fall on new year's day.
func yearOf(t time.Time) float64 {
	y := t.Year()
	a := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	b := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	d := time.Date(y, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return float64(y) + float64(d.Sub(a))/float64(b.Sub(a))
}

func monthOf(y int, m time.Month) float64 { return yearOf(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)) }

// dateTicks marks calendar time on an axis of decimal years: labelled
// years (every 1, 2, 5, ... years, at most 8 labels) with quarterly minor
// ticks, or for spans under 18 months labelled quarters ("Jan 2004",
// "Apr", ...) with monthly minor ticks.
func dateTicks(min, max float64) []gplot.Tick {
	span := max - min
	var ticks []gplot.Tick
	if span >= 1.5 {
		step := 1
		for _, s := range []int{1, 2, 5, 10, 20, 50, 100} {
			step = s
			if span/float64(s) <= 8 {
				break
			}
		}
		for y := int(math.Floor(min)); float64(y) <= max; y++ {
			if float64(y) >= min && y%step == 0 {
				ticks = append(ticks, gplot.Tick{Value: float64(y), Label: fmt.Sprint(y)})
				continue
			}
			if float64(y) >= min && step > 1 {
				ticks = append(ticks, gplot.Tick{Value: float64(y)})
			}
		}
		if step == 1 && span <= 8 {
			for y := int(math.Floor(min)); float64(y) <= max; y++ {
				for _, m := range []time.Month{time.April, time.July, time.October} {
					if v := monthOf(y, m); v >= min && v <= max {
						ticks = append(ticks, gplot.Tick{Value: v})
					}
				}
			}
		}
		return ticks
	}
	for y := int(math.Floor(min)); float64(y) <= max; y++ {
		for m := time.January; m <= time.December; m++ {
			v := monthOf(y, m)
			if v < min || v > max {
				continue
			}
			t := gplot.Tick{Value: v}
			if (m-1)%3 == 0 {
				t.Label = m.String()[:3]
				if m == time.January || len(labelled(ticks)) == 0 {
					t.Label += fmt.Sprintf(" %d", y)
				}
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// weeksPerYear converts weeks to years on an AxisYears axis: 52, so that
// year 1 is week 52 as in the terminal table.
const weeksPerYear = 52

// yearsTicks marks years since start: labelled years (every 1, 2, 5, ...
// years, at most 8 labels) with a minor tick every other year, or
// quarterly when the span is at most 8 years; for spans under 18 months,
// labelled quarters (0, 0.25, 0.5, ...).
func yearsTicks(min, max float64) []gplot.Tick {
	span := max - min
	step, minor := 0.25, 0.25
	if span >= 1.5 {
		for _, s := range []float64{1, 2, 5, 10, 20, 50, 100} {
			step = s
			if span/s <= 8 {
				break
			}
		}
		minor = 1
		if span <= 8 {
			minor = 0.25
		}
	}
	var ticks []gplot.Tick
	for k := math.Ceil(min / minor); k*minor <= max; k++ {
		v := k * minor
		t := gplot.Tick{Value: v}
		if math.Mod(v, step) == 0 {
			t.Label = strconv.FormatFloat(v, 'g', -1, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

func labelled(ts []gplot.Tick) []gplot.Tick {
	var out []gplot.Tick
	for _, t := range ts {
		if !t.IsMinor() {
			out = append(out, t)
		}
	}
	return out
}

// splitEntity splits a per-entity metric name such as
// "cohesion[child development centre]" into the metric and the entity; a
// plain name has no entity.
func splitEntity(name string) (metric, entity string) {
	if i := strings.IndexByte(name, '['); i > 0 && strings.HasSuffix(name, "]") {
		return name[:i], name[i+1 : len(name)-1]
	}
	return name, ""
}

// humanize turns a metric name into a panel title: "team_identification"
// becomes "Team identification"; "performance[Sedgefield PCT]" becomes
// "Performance: Sedgefield PCT".
func humanize(name string) string {
	metric, entity := splitEntity(name)
	s := strings.ReplaceAll(metric, "_", " ")
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[size:]
	if entity != "" {
		s += ": " + entity
	}
	return s
}

// axisLabel is "name (unit)", or the name alone without a unit. A
// per-entity metric is labelled by its metric alone: the panel title names
// the entity, and a long name would not fit beside the axis.
func axisLabel(name, unit string) string {
	prefix := ""
	if rest, ok := strings.CutPrefix(name, "Δ "); ok {
		prefix, name = "Δ ", rest
	}
	if metric, entity := splitEntity(name); entity != "" {
		name = metric
	}
	name = prefix + name
	if unit == "" {
		return name
	}
	return name + " (" + unit + ")"
}

// unknownMetric reports a metric name not among known, suggesting the
// nearest known name.
func unknownMetric(name string, known []string) error {
	known = slices.Clone(known)
	slices.Sort(known)
	hint := ""
	if best := suggest.Closest(name, known); best != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", best)
	}
	return fmt.Errorf("plot: unknown metric %q%s; known: %s", name, hint, strings.Join(known, ", "))
}

// series is one line with an optional band, broken where the line is NaN.
type series struct {
	x, y, lo, hi []float64 // lo and hi may be nil: no band
}

// add draws s on p in colour c: the bands of all segments, then the lines.
// Callers add every series' bands before any line by calling addBands
// then addLines.
func (s series) addBands(p *gplot.Plot, c color.Color) error {
	if s.lo == nil {
		return nil
	}
	for _, seg := range s.segments() {
		var ring plotter.XYs
		for i := seg[0]; i < seg[1]; i++ {
			ring = append(ring, plotter.XY{X: s.x[i], Y: s.hi[i]})
		}
		for i := seg[1] - 1; i >= seg[0]; i-- {
			ring = append(ring, plotter.XY{X: s.x[i], Y: s.lo[i]})
		}
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			return fmt.Errorf("plot: band: %w", err)
		}
		poly.Color = bandColor(c)
		poly.LineStyle.Width = 0
		poly.LineStyle.Color = color.Transparent
		p.Add(poly)
	}
	return nil
}

func (s series) addLines(p *gplot.Plot, c color.Color) error {
	for _, seg := range s.segments() {
		var pts plotter.XYs
		for i := seg[0]; i < seg[1]; i++ {
			pts = append(pts, plotter.XY{X: s.x[i], Y: s.y[i]})
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("plot: line: %w", err)
		}
		l.LineStyle = lineStyle(c)
		p.Add(l)
	}
	return nil
}

// segments returns the [start, end) index ranges where y, lo and hi are
// all finite.
func (s series) segments() [][2]int {
	ok := func(i int) bool {
		f := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
		return f(s.y[i]) && (s.lo == nil || f(s.lo[i]) && f(s.hi[i]))
	}
	var segs [][2]int
	for i := 0; i < len(s.x); {
		if !ok(i) {
			i++
			continue
		}
		j := i
		for j < len(s.x) && ok(j) {
			j++
		}
		segs = append(segs, [2]int{i, j})
		i = j
	}
	return segs
}

// finishX fixes the x range of p to [lo, hi], or a year from lo if the
// range is empty.
func finishX(p *gplot.Plot, lo, hi float64) {
	if hi <= lo {
		hi = lo + 1
	}
	p.X.Min, p.X.Max = lo, hi
}

// maxLabel is the most characters of a y axis label drawn from a
// description.
const maxLabel = 34

// describedLabel is the y axis label of metric name: the start of its
// description in descriptions (by its full name, or the metric of a
// per-entity name) with the unit, or axisLabel when it has none.
func describedLabel(name, unit string, descriptions map[string]string) string {
	prefix, bare := "", name
	if rest, ok := strings.CutPrefix(name, "Δ "); ok {
		prefix, bare = "Δ ", rest
	}
	d, ok := descriptions[bare]
	if !ok {
		metric, _ := splitEntity(bare)
		d, ok = descriptions[metric]
	}
	if !ok || d == "" {
		return axisLabel(name, unit)
	}
	if i := strings.IndexAny(d, ":("); i > 0 {
		d = d[:i]
	}
	d = strings.TrimSpace(d)
	if unit != "" {
		unit = " (" + unit + ")"
	}
	// Longer than the panel is high, the label would push the panels out
	// of line.
	if room := maxLabel - utf8.RuneCountInString(prefix+unit); utf8.RuneCountInString(d) > room {
		d = strings.TrimSpace(string([]rune(d)[:room-1])) + "…"
	}
	return prefix + d + unit
}

// markX is where date falls on axis, for runs starting at start.
func markX(date, start time.Time, axis Axis) float64 {
	if axis == AxisYears {
		return date.Sub(start).Hours() / 24 / 7 / weeksPerYear
	}
	return yearOf(date)
}

// addMarks draws each mark inside p's x range as a dotted vertical line;
// the caption (marksCaption) says what each is.
func addMarks(p *gplot.Plot, marks []Mark, start time.Time, axis Axis) error {
	for _, m := range marks {
		x := markX(m.Date, start, axis)
		if x < p.X.Min || x > p.X.Max {
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: p.Y.Min}, {X: x, Y: p.Y.Max}})
		if err != nil {
			return err
		}
		l.LineStyle = draw.LineStyle{Color: color.Gray{Y: 0x55}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}}
		p.Add(l)
	}
	return nil
}

// marksCaption lists the marks within [lo, hi] on axis, those of one date
// together, in lines of at most about 160 characters.
func marksCaption(marks []Mark, start time.Time, axis Axis, lo, hi float64) string {
	var parts []string
	for i := 0; i < len(marks); {
		m := marks[i]
		labels := []string{m.Label}
		j := i + 1
		for ; j < len(marks) && marks[j].Date.Equal(m.Date); j++ {
			labels = append(labels, marks[j].Label)
		}
		i = j
		if x := markX(m.Date, start, axis); x >= lo && x <= hi {
			parts = append(parts, m.Date.Format(time.DateOnly)+" "+strings.Join(labels, ", "))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	var b strings.Builder
	line := "Dotted lines: "
	for k, part := range parts {
		sep := "; "
		if k == len(parts)-1 {
			sep = "."
		}
		if len(line)+len(part) > 160 && line != "" {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = ""
		}
		line += part + sep
	}
	b.WriteString(line)
	return b.String()
}

package plot

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Options control a figure. The zero value gives the defaults.
type Options struct {
	Title     string            // figure title; "" means one made from the scenario names
	Cols      int               // panels per row; 0 means 2 (1 for a single panel)
	Width     float64           // figure width in inches; 0 means 10
	RowHeight float64           // height of a row of panels in inches; 0 means 3
	DPI       float64           // resolution of PNG output; 0 means 150
	Band      float64           // central share of replicates a Curves band covers; 0 means 0.9
	Units     map[string]string // unit per metric name where the data do not say (Differences); may be nil
	Axis      Axis              // how the x axis shows time; AxisAuto (the zero value) chooses, see Axis
	// Descriptions, when not nil, label each metric's y axis with the
	// start of its description (up to a colon or parenthesis, at most 34
	// characters with the unit) instead of its code name; metrics not in it keep the name.
	Descriptions map[string]string
	// Marks are dates drawn as dotted vertical lines on every panel, such as
	// shocks and teams integrating, numbered on the panel and listed in
	// the caption. Marks outside the time axis are left out.
	Marks []Mark
}

// Mark is a dated event drawn on a figure's time axis.
type Mark struct {
	Date  time.Time
	Label string // "reorganisation of Sedgefield PCT"
}

// Axis selects how a figure's x axis shows time.
type Axis int

const (
	// AxisAuto shows the calendar when every run plotted starts on the
	// same date, and years since start when the start dates differ, so
	// that runs of different years line up. Differences sees only the
	// base run's dates and takes AxisAuto as AxisCalendar; pass it the
	// Axis of the Curves figure (Figure.Axis) to keep the two alike.
	AxisAuto Axis = iota
	// AxisCalendar places each run at its calendar dates, years labelled.
	AxisCalendar
	// AxisYears places week w of every run at w/52 years since its start,
	// so year 1 is week 52 as in the terminal table; ticks every year.
	AxisYears
)

var axisNames = []string{"auto", "calendar", "years"}

// String returns "auto", "calendar" or "years".
func (a Axis) String() string {
	if a < 0 || int(a) >= len(axisNames) {
		return fmt.Sprintf("Axis(%d)", int(a))
	}
	return axisNames[a]
}

// ParseAxis returns the Axis that String names.
func ParseAxis(s string) (Axis, error) {
	for i, n := range axisNames {
		if s == n {
			return Axis(i), nil
		}
	}
	return 0, fmt.Errorf("plot: unknown axis %q; known: %s", s, strings.Join(axisNames, ", "))
}

func (a Axis) check() error {
	if a < AxisAuto || a > AxisYears {
		return fmt.Errorf("plot: unknown axis %d; use AxisAuto, AxisCalendar or AxisYears", int(a))
	}
	return nil
}

func (o Options) withDefaults() Options {
	if o.Width == 0 {
		o.Width = 10
	}
	if o.RowHeight == 0 {
		o.RowHeight = 3
	}
	if o.DPI == 0 {
		o.DPI = 150
	}
	if o.Band == 0 {
		o.Band = 0.9
	}
	return o
}

// Formats lists the file formats Save and Encode write.
var Formats = []string{"png", "svg", "pdf"}

// Figure is a grid of panels under a title and a legend, with a caption
// explaining lines and bands. Make one with Curves or Differences.
type Figure struct {
	title   string
	caption string
	legend  []legendEntry
	panels  []*gplot.Plot // row by row
	cols    int
	opt     Options
	axis    Axis // AxisCalendar or AxisYears, never AxisAuto
}

type legendEntry struct {
	name  string
	color color.Color
	band  bool // draw a band swatch behind the line
}

// Panels reports how many panels the figure holds.
func (f *Figure) Panels() int { return len(f.panels) }

// Axis reports the time axis the figure uses: AxisCalendar or AxisYears,
// never AxisAuto.
func (f *Figure) Axis() Axis { return f.axis }

func (f *Figure) rows() int { return (len(f.panels) + f.cols - 1) / f.cols }

// header and footer heights.
const (
	headerHeight = 0.75 * vg.Inch
	footerHeight = 0.3 * vg.Inch
)

// Size returns the figure's width and height in inches.
func (f *Figure) Size() (w, h float64) {
	hh := vg.Length(f.opt.RowHeight)*vg.Inch*vg.Length(f.rows()) + headerHeight + f.footer()
	return f.opt.Width, float64(hh / vg.Inch)
}

// Save writes the figure to path in the format its extension names: .png,
// .svg or .pdf. The file appears only once complete.
func (f *Figure) Save(path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	var buf bytes.Buffer
	if err := f.Encode(&buf, format); err != nil {
		return fmt.Errorf("%w (saving %s)", err, path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("plot: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("plot: writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	return nil
}

// Encode writes the figure to w as format: "png", "svg" or "pdf". The
// same figure always encodes to the same bytes: PDFs carry a fixed
// creation date and SVGs no date at all.
func (f *Figure) Encode(w io.Writer, format string) error {
	width, height := f.Size()
	wl, hl := vg.Length(width)*vg.Inch, vg.Length(height)*vg.Inch
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(wl, hl), vgimg.UseDPI(int(f.opt.DPI)))}
	case "svg":
		c = vgsvg.New(wl, hl)
	case "pdf":
		c = vgpdf.New(wl, hl)
	default:
		return fmt.Errorf("plot: unknown format %q; known: %s", format, strings.Join(Formats, ", "))
	}
	f.draw(draw.New(c))
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("plot: writing %s: %w", format, err)
	}
	return nil
}

// EncodeAll encodes the figure in each of formats, all at once: the
// formats are drawn concurrently, each on its own canvas, and the result
// holds each format's bytes in the order asked, the same bytes Encode
// writes. Drawing the three formats of a figure one after the other is
// most of the time an output folder takes once its replicates are in.
func (f *Figure) EncodeAll(formats []string) ([][]byte, error) {
	out := make([][]byte, len(formats))
	errs := make([]error, len(formats))
	var wg sync.WaitGroup
	for i, format := range formats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			errs[i] = f.Encode(&b, format)
			out[i] = b.Bytes()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// pdfDate is the creation date written into every PDF, so that the same
// figure gives the same file.
var pdfDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func init() {
	// vgpdf gives no access to its document, so the fixed date and the
	// sorted resource catalogue (fonts otherwise come in map order) are set
	// as fpdf's defaults. Only this package makes PDFs.
	fpdf.SetDefaultCreationDate(pdfDate)
	fpdf.SetDefaultModificationDate(pdfDate)
	fpdf.SetDefaultCatalogSort(true)
}

// footer is the height under the panels: room for the caption, one line
// more per line break in it.
func (f *Figure) footer() vg.Length {
	return footerHeight + captionLine*vg.Length(strings.Count(f.caption, "\n"))
}

// captionLine is the height of a caption line.
const captionLine = 0.14 * vg.Inch

// draw lays the figure out on c: title and legend on top, the panels in a
// grid with aligned data areas, the caption at the bottom.
func (f *Figure) draw(c draw.Canvas) {
	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	top := c.Max.Y
	left, right := c.Min.X, c.Max.X
	pad := 0.15 * vg.Inch

	title := textStyle(15)
	title.XAlign, title.YAlign = draw.XLeft, draw.YTop
	c.FillText(title, vg.Point{X: left + pad, Y: top - 0.12*vg.Inch}, f.title)

	// Legend: one row of swatches under the title.
	lt := textStyle(10)
	lt.XAlign, lt.YAlign = draw.XLeft, draw.YCenter
	x, y := left+pad, top-0.52*vg.Inch
	for _, e := range f.legend {
		sw := 0.3 * vg.Inch
		if e.band {
			c.FillPolygon(bandColor(e.color), []vg.Point{{X: x, Y: y - 4}, {X: x + sw, Y: y - 4}, {X: x + sw, Y: y + 4}, {X: x, Y: y + 4}})
		}
		c.StrokeLine2(lineStyle(e.color), x, y, x+sw, y)
		c.FillText(lt, vg.Point{X: x + sw + 4, Y: y}, e.name)
		x += sw + 4 + lt.Width(e.name) + 0.25*vg.Inch
	}

	cap := textStyle(8)
	cap.Color = color.Gray{Y: 0x55}
	cap.XAlign, cap.YAlign = draw.XLeft, draw.YBottom
	c.FillText(cap, vg.Point{X: left + pad, Y: c.Min.Y + 0.08*vg.Inch}, f.caption)

	grid := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: left, Y: c.Min.Y + f.footer()},
		Max: vg.Point{X: right, Y: top - headerHeight},
	}}
	rows := f.rows()
	plots := make([][]*gplot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*gplot.Plot, f.cols)
		for k := range f.cols {
			if i := r*f.cols + k; i < len(f.panels) {
				plots[r][k] = f.panels[i]
			}
		}
	}
	tiles := draw.Tiles{
		Rows: rows, Cols: f.cols,
		PadX: 0.35 * vg.Inch, PadY: 0.25 * vg.Inch,
		PadLeft: pad, PadRight: 0.25 * vg.Inch, PadTop: 0.05 * vg.Inch, PadBottom: 0.05 * vg.Inch,
	}
	canvases := gplot.Align(plots, tiles, grid)
	for r := range plots {
		for k, p := range plots[r] {
			if p != nil {
				p.Draw(canvases[r][k])
			}
		}
	}
}

// sans is the typeface of all text.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// textStyle returns a style of the given size. Bold is not used: vgpdf
// cannot find Liberation Sans Bold.
func textStyle(size vg.Length) text.Style {
	f := sans
	return text.Style{
		Color:   color.Black,
		Font:    font.From(f, size),
		Handler: gplot.DefaultTextHandler,
	}
}

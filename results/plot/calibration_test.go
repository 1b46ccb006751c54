package plot

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestCalibrationFigures checks the prior-posterior and predictive
// figures: one panel per parameter or target, the same bytes every time,
// and errors that name what is wrong.
func TestCalibrationFigures(t *testing.T) {
	posts := []Posterior{
		{Name: "turnover", Low: 0, High: 1, Values: []float64{0.2, 0.25, 0.3}, Weights: []float64{0.2, 0.5, 0.3}},
		{Name: "rate", Low: 0.01, High: 10, Log: true, Values: []float64{0.1, 1, 5}, Weights: []float64{1, 1, 1}},
	}
	preds := []Predictive{
		{Target: "vacancy (fit)", Observed: 0.19, Lo: 0.05, Hi: 0.2, Draws: []float64{0.04, 0.1, 0.12, 0.2, 0.3}},
		{Target: "ended (check)", Observed: 127, Lo: 60, Hi: math.Inf(1), Draws: []float64{60, 127, math.Inf(1), math.NaN()}},
		{Target: "flat (check)", Observed: 0, Lo: 0, Hi: 0, Draws: []float64{0, 0, 0}},
	}
	encode := func(f *Figure) []byte {
		var b bytes.Buffer
		if err := f.Encode(&b, "png"); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for i := range 2 {
		fp, err := Posteriors(posts, Options{})
		if err != nil {
			t.Fatal(err)
		}
		fq, err := Predictives(preds, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if fp.Panels() != 2 || fq.Panels() != 3 {
			t.Fatalf("%d and %d panels, want 2 and 3", fp.Panels(), fq.Panels())
		}
		if i == 1 && !bytes.Equal(encode(fp), encode(fp)) {
			t.Error("the posterior figure encodes differently twice")
		}
	}
	bad := []struct {
		name string
		err  error
		want string
	}{
		{"no parameters", func() error { _, err := Posteriors(nil, Options{}); return err }(), "no parameters"},
		{"lengths", func() error {
			_, err := Posteriors([]Posterior{{Name: "x", Low: 0, High: 1, Values: []float64{1}}}, Options{})
			return err
		}(), "posterior of x: 1 values and 0 weights"},
		{"log at zero", func() error {
			_, err := Posteriors([]Posterior{{Name: "x", Low: 0, High: 1, Log: true, Values: []float64{1}, Weights: []float64{1}}}, Options{})
			return err
		}(), "positive low end"},
		{"no targets", func() error { _, err := Predictives(nil, Options{}); return err }(), "no targets"},
	}
	for _, b := range bad {
		if b.err == nil || !strings.Contains(b.err.Error(), b.want) {
			t.Errorf("%s: error %v, want %q", b.name, b.err, b.want)
		}
	}
}

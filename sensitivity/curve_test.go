package sensitivity

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCurveContinuous bins y = 3x + ε, ε ~ N(0, 1), over ten equal-width
// bins: each bin's mean is near 3 times its centre, and its 5–95% band near
// the centre's ± 1.645 (wider by the spread of 3x within the bin).
func TestCurveContinuous(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	n := 20000
	x, y := make([]float64, n), make([]float64, n)
	for k := range x {
		x[k] = r.Float64()
		y[k] = 3*x[k] + r.NormFloat64()
	}
	bins, err := Curve{}.Of(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if len(bins) != DefaultBins {
		t.Fatalf("%d bins, want %d", len(bins), DefaultBins)
	}
	total := 0
	for b, bin := range bins {
		total += bin.N
		c := (bin.Lo + bin.Hi) / 2
		if math.Abs(c-(float64(b)+0.5)/10) > 0.01 {
			t.Errorf("bin %d centred at %g", b, c)
		}
		se := 1 / math.Sqrt(float64(bin.N))
		if math.Abs(bin.Mean-3*c) > 4*se {
			t.Errorf("bin %d: mean %.3f, want %.3f ± %.3f", b, bin.Mean, 3*c, 4*se)
		}
		// The 5% quantile of about 2,000 draws has standard error
		// √(0.05·0.95/2000)/φ(1.645) ≈ 0.05.
		if math.Abs(bin.Lower-(3*c-1.645)) > 0.2 || math.Abs(bin.Upper-(3*c+1.645)) > 0.2 {
			t.Errorf("bin %d: band [%.3f, %.3f], want about [%.3f, %.3f]", b, bin.Lower, bin.Upper, 3*c-1.645, 3*c+1.645)
		}
	}
	if total != n {
		t.Errorf("bins hold %d points of %d", total, n)
	}
}

// TestCurveLevels checks one bin per distinct value for a factor with few
// values, and the quantiles on a known sample.
func TestCurveLevels(t *testing.T) {
	x := []float64{0, 0.5, 1, 0, 0.5, 1, 0, 0.5, 1}
	y := []float64{1, 10, 100, 2, 20, 200, 3, 30, 300}
	bins, err := Curve{Lower: 0.25, Upper: 0.75}.Of(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if len(bins) != 3 {
		t.Fatalf("%d bins, want 3", len(bins))
	}
	for b, want := range []struct{ at, mean, lo, hi float64 }{{0, 2, 1.5, 2.5}, {0.5, 20, 15, 25}, {1, 200, 150, 250}} {
		bin := bins[b]
		if bin.Lo != want.at || bin.Hi != want.at || bin.N != 3 || bin.Mean != want.mean {
			t.Errorf("bin %d: %+v", b, bin)
		}
		if !(bin.Lower >= y[b] && bin.Lower <= want.mean && bin.Upper >= want.mean && bin.Upper <= y[6+b]) {
			t.Errorf("bin %d: band [%g, %g] not around the mean %g", b, bin.Lower, bin.Upper, want.mean)
		}
	}
	// Asked for bins, equal-width bins are made even for few values.
	bins, _ = Curve{Bins: 4}.Of(x, y)
	if len(bins) != 4 || bins[3].Hi != 1 || bins[1].N != 0 || !math.IsNaN(bins[1].Mean) || bins[3].N != 3 {
		t.Errorf("four bins: %+v", bins)
	}
}

func TestCurveErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Curve
		x, y []float64
		want string
	}{
		{"lengths", Curve{}, []float64{1, 2}, []float64{1}, "2 factor values but 1 outcomes"},
		{"empty", Curve{}, nil, nil, "no points"},
		{"band", Curve{Lower: 0.9, Upper: 0.1}, []float64{1}, []float64{1}, "quantile band"},
		{"bins", Curve{Bins: -1}, []float64{1}, []float64{1}, "-1 bins"},
		{"NaN", Curve{}, []float64{1, math.NaN()}, []float64{1, 2}, "point 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.Of(tc.x, tc.y)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sensitivity: ") {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

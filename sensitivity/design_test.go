package sensitivity

import (
	"math"
	"testing"
)

func TestLevelRecoversGridLevels(t *testing.T) {
	for n := 1; n <= 50; n++ {
		for l := range n {
			if got := Level(gridCoord(l, n), n); got != l {
				t.Errorf("Level(gridCoord(%d, %d)) = %d", l, n, got)
			}
		}
	}
}

func TestLevelStrata(t *testing.T) {
	for _, tc := range []struct {
		u    float64
		n    int
		want int
	}{
		{0, 3, 0}, {0.3333, 3, 0}, {1.0 / 3, 3, 1}, {0.5, 3, 1}, {0.9999, 3, 2}, {1, 3, 2},
		{0.5, 1, 0}, {-0.1, 4, 0}, {1.1, 4, 3},
	} {
		if got := Level(tc.u, tc.n); got != tc.want {
			t.Errorf("Level(%g, %d) = %d, want %d", tc.u, tc.n, got, tc.want)
		}
	}
}

func TestFactorValue(t *testing.T) {
	f := Factor{Name: "x", Min: 0.1, Max: 0.7}
	for _, tc := range []struct{ u, want float64 }{{0, 0.1}, {0.5, 0.4}, {1, 0.7}} {
		if got := f.Value(tc.u); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("Value(%g) = %g, want %g", tc.u, got, tc.want)
		}
	}
	if f.Value(1) != f.Max {
		t.Error("Value(1) is not exactly Max")
	}
}

func TestDesignRows(t *testing.T) {
	d := Design{Dim: 2, Points: []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}}
	if d.Len() != 3 {
		t.Fatalf("Len = %d", d.Len())
	}
	rows := d.Rows()
	if len(rows) != 3 || rows[2][1] != 0.5 || len(d.Point(1)) != 2 || cap(d.Point(1)) != 2 {
		t.Errorf("rows %v", rows)
	}
	if err := d.validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []Design{{Dim: 0}, {Dim: 2, Points: []float64{0, 1, 0}}, {Dim: 1, Points: []float64{1.5}}, {Dim: 1, Points: []float64{math.NaN()}}} {
		if err := bad.validate(); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

package sensitivity

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

var threeFactors = []Factor{{"x1", 0, 2}, {"x2", -1, 3}, {"x3", 10, 20}}

func TestPointsTrajectoryStructure(t *testing.T) {
	for _, tc := range []struct {
		name   string
		design MorrisDesign
	}{
		{"four levels", MorrisDesign{Factors: threeFactors, Trajectories: 20}},
		{"six levels", MorrisDesign{Factors: threeFactors, Trajectories: 20, Levels: 6}},
		{"two levels", MorrisDesign{Factors: threeFactors, Trajectories: 5, Levels: 2}},
		{"one factor", MorrisDesign{Factors: threeFactors[:1], Trajectories: 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.design
			pts, err := d.Points(rand.New(rand.NewPCG(1, 2)))
			if err != nil {
				t.Fatal(err)
			}
			k := len(d.Factors)
			if len(pts) != d.Trajectories*(k+1) || len(pts) != d.Len() {
				t.Fatalf("got %d points, want %d", len(pts), d.Trajectories*(k+1))
			}
			p := float64(d.levels())
			for j, x := range pts {
				for i, v := range x {
					f := d.Factors[i]
					if v < f.Min || v > f.Max {
						t.Errorf("point %d: %s = %g outside [%g, %g]", j, f.Name, v, f.Min, f.Max)
					}
					lvl := (v - f.Min) / (f.Max - f.Min) * (p - 1)
					if math.Abs(lvl-math.Round(lvl)) > 1e-9 {
						t.Errorf("point %d: %s = %g is not on the %g-level grid", j, f.Name, v, p)
					}
				}
			}
			for tr := range d.Trajectories {
				moved := map[int]bool{}
				for s := range k {
					a, b := pts[tr*(k+1)+s], pts[tr*(k+1)+s+1]
					n := 0
					for i := range a {
						if a[i] == b[i] {
							continue
						}
						n++
						moved[i] = true
						f := d.Factors[i]
						step := math.Abs(b[i]-a[i]) / (f.Max - f.Min)
						if math.Abs(step-d.Delta()) > 1e-12 {
							t.Errorf("trajectory %d step %d: %s moves %g of its range, want Δ = %g", tr, s, f.Name, step, d.Delta())
						}
					}
					if n != 1 {
						t.Errorf("trajectory %d step %d: %d factors change, want 1", tr, s, n)
					}
				}
				if len(moved) != k {
					t.Errorf("trajectory %d moves %d distinct factors, want %d", tr, len(moved), k)
				}
			}
		})
	}
}

// TestPointsVary checks that the design uses the randomness it is given:
// both directions, every admissible base level and every factor first.
func TestPointsVary(t *testing.T) {
	d := MorrisDesign{Factors: threeFactors, Trajectories: 200}
	pts, err := d.Points(rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	values := map[float64]bool{}
	first := map[int]bool{}
	up, down := 0, 0
	for tr := range d.Trajectories {
		a, b := pts[tr*4], pts[tr*4+1]
		values[a[0]] = true // x1's starting value
		for i := range a {
			if a[i] != b[i] {
				first[i] = true
				if b[i] > a[i] {
					up++
				} else {
					down++
				}
			}
		}
	}
	for _, v := range []float64{0, 2.0 / 3, 4.0 / 3, 2} {
		if !values[v] {
			t.Errorf("x1 never starts at %g", v)
		}
	}
	if len(first) != 3 {
		t.Errorf("only factors %v move first", first)
	}
	if up < 50 || down < 50 {
		t.Errorf("first steps: %d up, %d down; want both directions", up, down)
	}
}

func TestPointsDeterministic(t *testing.T) {
	d := MorrisDesign{Factors: threeFactors, Trajectories: 10}
	a, err := d.Points(rand.New(rand.NewPCG(7, 0)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := d.Points(rand.New(rand.NewPCG(7, 0)))
	c, _ := d.Points(rand.New(rand.NewPCG(8, 0)))
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different designs")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same design")
	}
}

func TestDesignErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		design MorrisDesign
		want   string
	}{
		{"no factors", MorrisDesign{Trajectories: 1}, "no factors"},
		{"no trajectories", MorrisDesign{Factors: threeFactors}, "0 trajectories"},
		{"odd levels", MorrisDesign{Factors: threeFactors, Trajectories: 1, Levels: 5}, "5 levels"},
		{"empty range", MorrisDesign{Factors: []Factor{{"a", 1, 1}}, Trajectories: 1}, `factor "a": Min 1 must be below Max 1`},
		{"infinite range", MorrisDesign{Factors: []Factor{{"a", 0, math.Inf(1)}}, Trajectories: 1}, "not finite"},
		{"duplicate name", MorrisDesign{Factors: []Factor{{"a", 0, 1}, {"a", 0, 2}}, Trajectories: 1}, `"a" used twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.design.Points(rand.New(rand.NewPCG(1, 1)))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sensitivity: ") {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// evaluate runs f at every point.
func evaluate(pts [][]float64, f func(x []float64) float64) []float64 {
	y := make([]float64, len(pts))
	for j, x := range pts {
		y[j] = f(x)
	}
	return y
}

func TestElementaryEffectsAnalytic(t *testing.T) {
	const a, b = 3.0, 2.0
	factors := []Factor{{"x1", 0, 2}, {"x2", -1, 3}, {"x3", 10, 20}}
	f := func(x []float64) float64 { return a*x[0] + b*x[1]*x[1] + 0*x[2] }
	for _, levels := range []int{4, 6, 8} {
		d := MorrisDesign{Factors: factors, Trajectories: 50, Levels: levels}
		pts, err := d.Points(rand.New(rand.NewPCG(11, uint64(levels))))
		if err != nil {
			t.Fatal(err)
		}
		eff, err := ElementaryEffects(d, pts, evaluate(pts, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name            string
			e               Effect
			mu, muStar, sig float64 // NaN: only checked below
		}{
			{"linear", eff[0], a * 2, a * 2, 0},
			{"inert", eff[2], 0, 0, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := tc.e
				if e.N != d.Trajectories {
					t.Errorf("N = %d, want %d", e.N, d.Trajectories)
				}
				if math.Abs(e.Mu-tc.mu) > 1e-9 || math.Abs(e.MuStar-tc.muStar) > 1e-9 || math.Abs(e.Sigma-tc.sig) > 1e-9 {
					t.Errorf("%s: mu %g, mu* %g, sigma %g; want %g, %g, %g", e.Factor, e.Mu, e.MuStar, e.Sigma, tc.mu, tc.muStar, tc.sig)
				}
			})
		}
		t.Run("quadratic", func(t *testing.T) {
			// b·x² moved by ±h from x has effect b·(2x ± h)·range, which
			// depends on where the step is taken.
			e := eff[1]
			if e.Factor != "x2" || !(e.Sigma > 1) || !(e.MuStar > 0) {
				t.Errorf("x2: mu* %g, sigma %g; want both positive", e.MuStar, e.Sigma)
			}
			if e.MuStar < math.Abs(e.Mu) {
				t.Errorf("x2: mu* %g below |mu| %g", e.MuStar, math.Abs(e.Mu))
			}
		})
		rank := Rank(eff)
		if rank[0].Factor != "x2" && rank[0].Factor != "x1" || rank[2].Factor != "x3" {
			t.Errorf("levels %d: ranking %v, want x3 last", levels, rank)
		}
	}
}

// TestElementaryEffectsMuCancels checks that mu and mu* differ for a
// non-monotonic factor: f = (x−½)² on [0, 1] has effects of both signs.
func TestElementaryEffectsMuCancels(t *testing.T) {
	d := MorrisDesign{Factors: []Factor{{"x", 0, 1}}, Trajectories: 200}
	pts, _ := d.Points(rand.New(rand.NewPCG(5, 5)))
	eff, err := ElementaryEffects(d, pts, evaluate(pts, func(x []float64) float64 { return (x[0] - 0.5) * (x[0] - 0.5) }))
	if err != nil {
		t.Fatal(err)
	}
	// With four levels the steps are 0↔⅔ and ⅓↔1, both with |effect| ⅓.
	if e := eff[0]; math.Abs(e.MuStar-1.0/3) > 1e-9 || math.Abs(e.Mu) > 0.1 {
		t.Errorf("mu %g, mu* %g; want mu near 0 and mu* 1/3", e.Mu, e.MuStar)
	}
}

func TestRank(t *testing.T) {
	in := []Effect{{Factor: "a", MuStar: 1}, {Factor: "b", MuStar: 3}, {Factor: "c", MuStar: 1}, {Factor: "d", MuStar: 2}}
	got := Rank(in)
	want := "b d a c"
	var names []string
	for _, e := range got {
		names = append(names, e.Factor)
	}
	if strings.Join(names, " ") != want {
		t.Errorf("Rank gave %v, want %s", names, want)
	}
	if in[0].Factor != "a" {
		t.Error("Rank changed its argument")
	}
}

func TestElementaryEffectsErrors(t *testing.T) {
	d := MorrisDesign{Factors: []Factor{{"a", 0, 1}, {"b", 0, 1}}, Trajectories: 1}
	good := [][]float64{{0, 0}, {2.0 / 3, 0}, {2.0 / 3, 2.0 / 3}}
	for _, tc := range []struct {
		name string
		pts  [][]float64
		y    []float64
		want string
	}{
		{"lengths differ", good, []float64{1, 2}, "3 points but 2 outputs"},
		{"partial trajectory", good[:2], []float64{1, 2}, "do not make whole trajectories"},
		{"short point", [][]float64{{0, 0}, {1}, {1, 1}}, []float64{1, 2, 3}, "point 1 has 1 values"},
		{"NaN output", good, []float64{1, math.NaN(), 3}, "output 1 is NaN"},
		{"two factors move", [][]float64{{0, 0}, {1, 1}, {1, 0}}, []float64{1, 2, 3}, `factors "a" and "b" both change`},
		{"nothing moves", [][]float64{{0, 0}, {0, 0}, {1, 0}}, []float64{1, 2, 3}, "no factor changes"},
		{"factor moves twice", [][]float64{{0, 0}, {1, 0}, {0, 0}}, []float64{1, 2, 3}, `moves factor "a" twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ElementaryEffects(d, tc.pts, tc.y)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sensitivity: ") {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	if _, err := ElementaryEffects(d, good, []float64{1, 2, 3}); err != nil {
		t.Errorf("valid input: %v", err)
	}
}

// TestMorrisIndicesInert checks the intervals on μ* for a function with
// known inert factors: f = 2·x1 + sin(2π·x2)·x3 with x4, x5 inert. The
// inert factors' intervals contain 0 (they are exactly [0, 0]); the active
// factors' intervals exclude 0 and contain the analytic μ* where it is
// known (x1: 2).
func TestMorrisIndicesInert(t *testing.T) {
	f := func(x []float64) float64 { return 2*x[0] + math.Sin(2*math.Pi*x[1])*x[2] }
	d := MorrisDesign{Factors: unitFactors(5), Trajectories: 40}
	x, err := d.Design(rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	eff, err := MorrisIndices(d, x, evaluate(x.Rows(), f), Bootstrap{}, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range eff {
		if !e.MuStarCI.Contains(e.MuStar) {
			t.Errorf("%s: mu* %g outside its interval %v", e.Factor, e.MuStar, e.MuStarCI)
		}
		inert := i >= 3
		if inert != e.MuStarCI.Contains(0) {
			t.Errorf("%s: interval %v; inert %v", e.Factor, e.MuStarCI, inert)
		}
	}
	if !eff[0].MuStarCI.Contains(2) || eff[0].MuStarCI.Width() > 1e-9 {
		t.Errorf("x1: interval %v, want [2, 2]", eff[0].MuStarCI)
	}
	// The interval narrows with more trajectories.
	d.Trajectories = 160
	x, _ = d.Design(rand.New(rand.NewPCG(1, 1)))
	more, _ := MorrisIndices(d, x, evaluate(x.Rows(), f), Bootstrap{}, rand.New(rand.NewPCG(1, 2)))
	for _, i := range []int{1, 2} {
		if !(more[i].MuStarCI.Width() < eff[i].MuStarCI.Width()) {
			t.Errorf("%s: width %g at r = 160, %g at r = 40", eff[i].Factor, more[i].MuStarCI.Width(), eff[i].MuStarCI.Width())
		}
	}
}

func unitFactors(k int) []Factor {
	fs := make([]Factor, k)
	for i := range fs {
		fs[i] = Factor{Name: fmt.Sprintf("x%d", i+1), Min: 0, Max: 1}
	}
	return fs
}

// TestMorrisDesignMatchesPoints checks that Design and Points draw the same
// trajectories, in unit coordinates and in factor values, and that the
// unit design analysed by MorrisIndices gives the same effects as the
// factor-valued points analysed by ElementaryEffects.
func TestMorrisDesignMatchesPoints(t *testing.T) {
	d := MorrisDesign{Factors: threeFactors, Trajectories: 30, Levels: 6}
	pts, _ := d.Points(rand.New(rand.NewPCG(4, 4)))
	x, _ := d.Design(rand.New(rand.NewPCG(4, 4)))
	for j, p := range pts {
		for i, v := range p {
			u := x.Point(j)[i]
			if math.Abs(d.Factors[i].Value(u)-v) > 1e-12 {
				t.Fatalf("point %d factor %d: unit %g maps to %g, Points gave %g", j, i, u, d.Factors[i].Value(u), v)
			}
		}
	}
	f := func(v []float64) float64 { return v[0]*v[1] + v[2] }
	a, _ := ElementaryEffects(d, pts, evaluate(pts, f))
	b, _ := MorrisIndices(d, x, evaluate(x.Rows(), func(u []float64) float64 {
		v := make([]float64, len(u))
		for i := range u {
			v[i] = d.Factors[i].Value(u[i])
		}
		return f(v)
	}), Bootstrap{Resamples: 100}, rand.New(rand.NewPCG(1, 1)))
	for i := range a {
		if math.Abs(a[i].MuStar-b[i].MuStar) > 1e-9*math.Max(1, a[i].MuStar) || math.Abs(a[i].Mu-b[i].Mu) > 1e-9*math.Max(1, math.Abs(a[i].Mu)) {
			t.Errorf("%s: ElementaryEffects mu* %g, MorrisIndices %g", a[i].Factor, a[i].MuStar, b[i].MuStar)
		}
		if !math.IsNaN(a[i].MuStarCI.Lo) {
			t.Errorf("ElementaryEffects gave an interval %v", a[i].MuStarCI)
		}
	}
}

func TestMorrisIndicesDeterministic(t *testing.T) {
	d := MorrisDesign{Factors: unitFactors(3), Trajectories: 20}
	run := func(seed uint64) []Effect {
		x, _ := d.Design(rand.New(rand.NewPCG(seed, 1)))
		e, err := MorrisIndices(d, x, evaluate(x.Rows(), func(u []float64) float64 { return u[0] * u[1] * u[2] }), Bootstrap{}, rand.New(rand.NewPCG(seed, 2)))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	if !reflect.DeepEqual(run(1), run(1)) || reflect.DeepEqual(run(1), run(2)) {
		t.Error("the intervals do not follow the seed")
	}
	x, _ := d.Design(rand.New(rand.NewPCG(1, 1)))
	if _, err := MorrisIndices(d, x, make([]float64, x.Len()), Bootstrap{}, nil); err == nil {
		t.Error("nil source accepted")
	}
	if _, err := MorrisIndices(MorrisDesign{Factors: unitFactors(2), Trajectories: 20}, x, make([]float64, x.Len()), Bootstrap{}, rand.New(rand.NewPCG(1, 1))); err == nil || !strings.Contains(err.Error(), "design of 3 factors") {
		t.Errorf("mismatched design: %v", err)
	}
}

package sensitivity_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/joinedup/joinedup/sensitivity"
)

// Screening f(x) = 3·x1 + x2² with x3 inert: x1 and x2 matter, x3 does not,
// and only x2's effect depends on where it is measured (σ > 0).
func ExampleElementaryEffects() {
	d := sensitivity.MorrisDesign{
		Factors:      []sensitivity.Factor{{Name: "x1", Min: 0, Max: 1}, {Name: "x2", Min: 0, Max: 1}, {Name: "x3", Min: 0, Max: 1}},
		Trajectories: 20,
	}
	pts, err := d.Points(rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		panic(err)
	}
	y := make([]float64, len(pts))
	for j, x := range pts {
		y[j] = 3*x[0] + x[1]*x[1]
	}
	eff, err := sensitivity.ElementaryEffects(d, pts, y)
	if err != nil {
		panic(err)
	}
	for i, e := range sensitivity.Rank(eff) {
		fmt.Printf("%d %s mu*=%.2f sigma>0: %v\n", i+1, e.Factor, e.MuStar, e.Sigma > 1e-9)
	}
	// Output:
	// 1 x1 mu*=3.00 sigma>0: false
	// 2 x2 mu*=1.00 sigma>0: true
	// 3 x3 mu*=0.00 sigma>0: false
}

// MorrisIndices works on a design in unit coordinates and gives each
// factor's μ* a bootstrap interval over trajectories: the inert x3's
// interval is [0, 0], and x2's, whose effect depends on where it is
// measured, has width.
func ExampleMorrisIndices() {
	d := sensitivity.MorrisDesign{
		Factors:      []sensitivity.Factor{{Name: "x1", Min: 0, Max: 1}, {Name: "x2", Min: 0, Max: 1}, {Name: "x3", Min: 0, Max: 1}},
		Trajectories: 50,
	}
	x, err := d.Design(rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		panic(err)
	}
	y := make([]float64, x.Len())
	for k := range y {
		u := x.Point(k)
		y[k] = 3*u[0] + 2*u[1]*u[1]
	}
	eff, err := sensitivity.MorrisIndices(d, x, y, sensitivity.Bootstrap{}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		panic(err)
	}
	for _, e := range sensitivity.Rank(eff) {
		fmt.Printf("%s mu*=%.2f [%.2f, %.2f]\n", e.Factor, e.MuStar, e.MuStarCI.Lo, e.MuStarCI.Hi)
	}
	// Output:
	// x1 mu*=3.00 [3.00, 3.00]
	// x2 mu*=2.00 [1.81, 2.16]
	// x3 mu*=0.00 [0.00, 0.00]
}

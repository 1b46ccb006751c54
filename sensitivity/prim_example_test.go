package sensitivity_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/joinedup/joinedup/sensitivity"
)

// Scenario discovery: of 2,000 runs over three uncertain inputs, the
// outcome of interest (say, a target missed) happens, nine times in ten,
// when the first input is above 0.6 and the second below 0.4. PRIM finds
// that box from the runs alone, and reports how many of the misses it
// covers and how many of its runs are misses.
func ExamplePRIM_Find() {
	r := rand.New(rand.NewPCG(2, 2))
	design, _ := sensitivity.LatinHypercube{Dim: 3, N: 2000}.Design(r)
	x := design.Rows()
	missed := make([]bool, len(x))
	for k, u := range x {
		missed[k] = u[0] > 0.6 && u[1] < 0.4 && r.Float64() < 0.9
	}
	res, err := sensitivity.PRIM{}.Find(x, nil, missed)
	if err != nil {
		panic(err)
	}
	b := res.Trajectory[res.Chosen]
	fmt.Printf("box %d of %d: coverage %.2f, density %.2f, mass %.2f\n", res.Chosen, len(res.Trajectory)-1, b.Coverage, b.Density, b.Mass)
	for j, i := range b.Restricted {
		fmt.Printf("input %d in [%.2f, %.2f], quasi-p below 0.001: %v\n", i+1, b.Limits[i].Lo, b.Limits[i].Hi, b.QuasiP[j] < 0.001)
	}
	// Output:
	// box 35 of 41: coverage 0.93, density 0.90, mass 0.16
	// input 1 in [0.61, 1.00], quasi-p below 0.001: true
	// input 2 in [0.00, 0.38], quasi-p below 0.001: true
}

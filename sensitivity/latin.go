package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// LatinHypercube is a Latin hypercube design (McKay, Beckman and Conover
// 1979): N points such that, for every factor, each of the N equal strata
// [k/N, (k+1)/N) of [0, 1] holds exactly one point, placed uniformly at
// random within its stratum. Strata are paired across factors by
// independent random permutations.
//
// The construction is that of gonum's stat/samplemv.LatinHypercube, written
// out here because that package imports stat/distmv, which brings in a
// module (golang.org/x/tools) for one interface this design does not need.
type LatinHypercube struct {
	Dim int // number of factors, at least 1
	N   int // number of points, at least 1
}

// Validate reports every problem with the design's parameters.
func (l LatinHypercube) Validate() error {
	var errs []error
	if l.Dim < 1 {
		errs = append(errs, fmt.Errorf("sensitivity: Latin hypercube of %d factors: need at least 1", l.Dim))
	}
	if l.N < 1 {
		errs = append(errs, fmt.Errorf("sensitivity: Latin hypercube of %d points: need at least 1", l.N))
	}
	return errors.Join(errs...)
}

// Design draws the points from r. The same source state gives the same
// points.
func (l LatinHypercube) Design(r *rand.Rand) (Design, error) {
	if err := l.Validate(); err != nil {
		return Design{}, err
	}
	if r == nil {
		return Design{}, errors.New("sensitivity: a Latin hypercube needs a random source")
	}
	pts := make([]float64, l.N*l.Dim)
	n := float64(l.N)
	for i := range l.Dim {
		for k, j := range r.Perm(l.N) { // point j gets stratum k
			// min keeps rounding from lifting the point into stratum k+1.
			pts[j*l.Dim+i] = min((float64(k)+r.Float64())/n, math.Nextafter((float64(k)+1)/n, 0))
		}
	}
	return Design{Dim: l.Dim, Points: pts}, nil
}

package sensitivity

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// Saltelli is the sampling scheme of Saltelli et al. (2010) for variance-
// based (Sobol) sensitivity indices of Dim factors.
//
// Two N × Dim matrices A and B are taken from one Sobol sequence of
// dimension 2·Dim (A the first Dim coordinates of each point, B the last
// Dim), and for each factor i the matrix AB_i is A with column i taken from
// B. The model is run at every row of A, B and each AB_i: N·(Dim+2) runs.
//
// Points are ordered by base row: row j of the design holds, at indices
// j·(Dim+2) onwards, A_j, then AB_j^(1) … AB_j^(Dim), then B_j (the order
// of SALib). A design with N base rows is therefore the first N·(Dim+2)
// points of the design with 2N, when Skip and Shift agree, so a run can be
// extended by doubling N without repeating work.
type Saltelli struct {
	Dim   int  // number of factors d, 1 to MaxSobolDim/2
	N     int  // number of base rows; a power of two keeps the Sobol points balanced
	Skip  int  // index of the first Sobol point used; 0 starts at the origin (or its shift)
	Shift bool // apply a random digital shift to the Sobol points, drawn from the source given to Design
}

// Len returns the number of runs, N·(Dim+2).
func (s Saltelli) Len() int { return s.N * (s.Dim + 2) }

// A returns the index in the design of row j of A.
func (s Saltelli) A(j int) int { return j * (s.Dim + 2) }

// AB returns the index in the design of row j of AB_i: A with factor i
// (counted from 0) taken from B.
func (s Saltelli) AB(j, i int) int { return j*(s.Dim+2) + 1 + i }

// B returns the index in the design of row j of B.
func (s Saltelli) B(j int) int { return j*(s.Dim+2) + s.Dim + 1 }

// Validate reports every problem with the scheme's parameters.
func (s Saltelli) Validate() error {
	var errs []error
	if s.Dim < 1 || 2*s.Dim > MaxSobolDim {
		errs = append(errs, fmt.Errorf("sensitivity: Saltelli design of %d factors: need 1 to %d", s.Dim, MaxSobolDim/2))
	}
	if s.N < 2 {
		errs = append(errs, fmt.Errorf("sensitivity: Saltelli design of %d base rows: need at least 2", s.N))
	}
	if s.Skip < 0 {
		errs = append(errs, fmt.Errorf("sensitivity: Saltelli design skips %d points: need 0 or more", s.Skip))
	}
	if s.N >= 2 && s.Skip >= 0 && uint64(s.N)+uint64(s.Skip) > MaxSobolPoints {
		errs = append(errs, fmt.Errorf("sensitivity: Saltelli design of %d base rows from %d runs past the Sobol sequence", s.N, s.Skip))
	}
	return errors.Join(errs...)
}

// Design returns the N·(Dim+2) points. r is used, and must not be nil, only
// when Shift is set.
func (s Saltelli) Design(r *rand.Rand) (Design, error) {
	if err := s.Validate(); err != nil {
		return Design{}, err
	}
	base, err := Sobol{Dim: 2 * s.Dim, N: s.N, Skip: s.Skip, Shift: s.Shift}.Design(r)
	if err != nil {
		return Design{}, err
	}
	d := s.Dim
	pts := make([]float64, 0, s.Len()*d)
	for j := range s.N {
		ab := base.Point(j)
		a, b := ab[:d], ab[d:]
		pts = append(pts, a...)
		for i := range d {
			pts = append(pts, a[:i]...)
			pts = append(pts, b[i])
			pts = append(pts, a[i+1:]...)
		}
		pts = append(pts, b...)
	}
	return Design{Dim: d, Points: pts}, nil
}

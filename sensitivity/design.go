package sensitivity

import (
	"fmt"
	"math"
)

// Design is a list of points in the unit hypercube [0, 1]^Dim, in an order
// fixed by the design's parameters and its random source, so that a point's
// index identifies it: runs can be split between workers or machines by
// index and their outputs handed back in the same order.
//
// The caller maps each coordinate u to a factor: a continuous factor with
// Factor.Value, a factor with n levels (a list of values, or categories)
// with Level(u, n).
type Design struct {
	Dim    int       // number of factors
	Points []float64 // row-major: point j is Points[j*Dim : (j+1)*Dim]
}

// Len returns the number of points.
func (d Design) Len() int {
	if d.Dim <= 0 {
		return 0
	}
	return len(d.Points) / d.Dim
}

// Point returns point j, a slice of the design's storage (not a copy).
func (d Design) Point(j int) []float64 { return d.Points[j*d.Dim : (j+1)*d.Dim : (j+1)*d.Dim] }

// Rows returns the points as one slice per point, sharing the design's
// storage.
func (d Design) Rows() [][]float64 {
	rows := make([][]float64, d.Len())
	for j := range rows {
		rows[j] = d.Point(j)
	}
	return rows
}

// validate checks that the design is whole and inside the unit cube.
func (d Design) validate() error {
	if d.Dim < 1 {
		return fmt.Errorf("sensitivity: design has %d factors: need at least 1", d.Dim)
	}
	if len(d.Points) == 0 || len(d.Points)%d.Dim != 0 {
		return fmt.Errorf("sensitivity: %d values do not make whole points of %d factors", len(d.Points), d.Dim)
	}
	for k, u := range d.Points {
		if !(u >= 0 && u <= 1) {
			return fmt.Errorf("sensitivity: point %d, factor %d: %g is outside [0, 1]", k/d.Dim, k%d.Dim, u)
		}
	}
	return nil
}

// Level maps a unit coordinate u in [0, 1] to one of n levels 0..n−1,
// splitting [0, 1] into n equal strata: level ⌊u·n⌋, with u = 1 in the last.
// Every design in this package puts the same share of its points in each
// stratum in the limit, and a Grid with n levels puts its level l exactly
// at Level l. It panics if n < 1.
func Level(u float64, n int) int {
	if n < 1 {
		panic(fmt.Sprintf("sensitivity: Level with %d levels", n))
	}
	l := int(math.Floor(u * float64(n)))
	return max(0, min(l, n-1))
}

// Value maps a unit coordinate u in [0, 1] to the factor's range,
// Min + u·(Max − Min), returning Max exactly at u = 1.
func (f Factor) Value(u float64) float64 {
	if u >= 1 {
		return f.Max
	}
	return f.Min + u*(f.Max-f.Min)
}

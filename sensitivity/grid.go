package sensitivity

import (
	"errors"
	"fmt"
	"math"
)

// Grid is a full factorial design: every combination of each factor's
// levels, Levels[0]·Levels[1]·… points in all.
//
// A factor with n > 1 levels takes the unit coordinates 0, 1/(n−1), …, 1, so
// a continuous factor is run at both ends of its range and evenly between,
// and Level(u, n) recovers the level index; a factor with one level sits at
// ½. Points are in odometer order: the last factor changes fastest.
type Grid struct {
	Levels []int // levels of each factor, each at least 1
}

// MaxGridPoints bounds the size of a Grid design.
const MaxGridPoints = 1 << 26

// Len returns the number of points, or −1 if it exceeds MaxGridPoints.
func (g Grid) Len() int {
	n := 1
	for _, l := range g.Levels {
		if l < 1 {
			return 0
		}
		if n > MaxGridPoints/l {
			return -1
		}
		n *= l
	}
	return n
}

// Validate reports every problem with the grid.
func (g Grid) Validate() error {
	var errs []error
	if len(g.Levels) == 0 {
		errs = append(errs, errors.New("sensitivity: grid has no factors"))
	}
	for i, l := range g.Levels {
		if l < 1 {
			errs = append(errs, fmt.Errorf("sensitivity: grid factor %d has %d levels: need at least 1", i, l))
		}
	}
	if len(errs) == 0 && g.Len() < 0 {
		errs = append(errs, fmt.Errorf("sensitivity: grid of %v levels has more than %d points", g.Levels, MaxGridPoints))
	}
	return errors.Join(errs...)
}

// Design returns the grid's points. It needs no randomness.
func (g Grid) Design() (Design, error) {
	if err := g.Validate(); err != nil {
		return Design{}, err
	}
	k, n := len(g.Levels), g.Len()
	pts := make([]float64, 0, n*k)
	level := make([]int, k)
	for range n {
		for i, l := range level {
			pts = append(pts, gridCoord(l, g.Levels[i]))
		}
		for i := k - 1; i >= 0; i-- { // odometer: last factor fastest
			level[i]++
			if level[i] < g.Levels[i] {
				break
			}
			level[i] = 0
		}
	}
	return Design{Dim: k, Points: pts}, nil
}

// gridCoord is the unit coordinate of level l of n.
func gridCoord(l, n int) float64 {
	if n == 1 {
		return 0.5
	}
	if l == n-1 {
		return 1
	}
	return math.Min(1, float64(l)/float64(n-1))
}

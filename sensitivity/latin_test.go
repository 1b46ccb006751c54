package sensitivity

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestLatinHypercubeStrata checks the defining property: for every factor,
// each of the N strata holds exactly one point.
func TestLatinHypercubeStrata(t *testing.T) {
	for _, n := range []int{1, 2, 7, 64, 1000} {
		l := LatinHypercube{Dim: 5, N: n}
		d, err := l.Design(rand.New(rand.NewPCG(uint64(n), 1)))
		if err != nil {
			t.Fatal(err)
		}
		if d.Len() != n || d.Dim != 5 {
			t.Fatalf("N=%d: %d points of %d", n, d.Len(), d.Dim)
		}
		for i := range d.Dim {
			count := make([]int, n)
			for j := range n {
				u := d.Point(j)[i]
				k := int(u * float64(n))
				if !(u >= float64(k)/float64(n) && u < float64(k+1)/float64(n)) || k >= n {
					t.Fatalf("N=%d factor %d: %g has no stratum", n, i, u)
				}
				count[k]++
			}
			for k, c := range count {
				if c != 1 {
					t.Errorf("N=%d factor %d: stratum %d holds %d points", n, i, k, c)
				}
			}
		}
	}
}

// TestLatinHypercubeRandom checks that strata are paired at random across
// factors: the correlation between two factors is near zero.
func TestLatinHypercubeRandom(t *testing.T) {
	d, _ := LatinHypercube{Dim: 2, N: 2000}.Design(rand.New(rand.NewPCG(9, 9)))
	var sxy float64
	for j := range d.Len() {
		x := d.Point(j)
		sxy += (x[0] - 0.5) * (x[1] - 0.5)
	}
	// Correlation: sxy/N over 1/12; its sd under independence is 1/sqrt(N).
	if r := sxy / 2000 * 12; r > 0.1 || r < -0.1 {
		t.Errorf("correlation %g between factors", r)
	}
}

func TestLatinHypercubeDeterministic(t *testing.T) {
	l := LatinHypercube{Dim: 3, N: 50}
	a, _ := l.Design(rand.New(rand.NewPCG(1, 2)))
	b, _ := l.Design(rand.New(rand.NewPCG(1, 2)))
	c, _ := l.Design(rand.New(rand.NewPCG(1, 3)))
	if !reflect.DeepEqual(a, b) || reflect.DeepEqual(a, c) {
		t.Error("the design does not follow the seed")
	}
	if _, err := l.Design(nil); err == nil {
		t.Error("nil source accepted")
	}
	if _, err := (LatinHypercube{Dim: 0, N: 0}).Design(rand.New(rand.NewPCG(1, 2))); err == nil {
		t.Error("empty design accepted")
	}
}

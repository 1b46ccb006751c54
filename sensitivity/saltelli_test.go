package sensitivity

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestSaltelliStructure checks that each AB_i row is its A row with factor
// i from the B row, and that A and B are the two halves of Sobol points.
func TestSaltelliStructure(t *testing.T) {
	s := Saltelli{Dim: 3, N: 16, Shift: true}
	d, err := s.Design(rand.New(rand.NewPCG(5, 5)))
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != s.Len() || s.Len() != 16*5 || d.Dim != 3 {
		t.Fatalf("%d points of %d, want %d of 3", d.Len(), d.Dim, s.Len())
	}
	base, _ := Sobol{Dim: 6, N: 16, Shift: true}.Design(rand.New(rand.NewPCG(5, 5)))
	for j := range s.N {
		a, b := d.Point(s.A(j)), d.Point(s.B(j))
		if !reflect.DeepEqual(a, base.Point(j)[:3]) || !reflect.DeepEqual(b, base.Point(j)[3:]) {
			t.Fatalf("row %d: A %v, B %v are not Sobol point %v", j, a, b, base.Point(j))
		}
		for i := range s.Dim {
			ab := d.Point(s.AB(j, i))
			for k := range s.Dim {
				want := a[k]
				if k == i {
					want = b[k]
				}
				if ab[k] != want {
					t.Errorf("row %d AB_%d = %v; A %v, B %v", j, i, ab, a, b)
				}
			}
		}
	}
}

// TestSaltelliExtends checks that doubling N keeps the first half of the
// runs, so a larger run reuses a smaller one.
func TestSaltelliExtends(t *testing.T) {
	small, _ := Saltelli{Dim: 4, N: 64, Shift: true}.Design(rand.New(rand.NewPCG(3, 1)))
	big, _ := Saltelli{Dim: 4, N: 128, Shift: true}.Design(rand.New(rand.NewPCG(3, 1)))
	if !reflect.DeepEqual(small.Points, big.Points[:len(small.Points)]) {
		t.Error("the design with 2N does not begin with the design with N")
	}
}

func TestSaltelliErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Saltelli
		want string
	}{
		{"no factors", Saltelli{N: 8}, "0 factors"},
		{"too many factors", Saltelli{Dim: 65, N: 8}, "need 1 to 64"},
		{"one row", Saltelli{Dim: 2, N: 1}, "1 base rows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.s.Design(nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sensitivity: ") {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

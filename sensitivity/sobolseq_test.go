package sensitivity

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestSobolFirstPoints checks the start of the sequence against values
// worked by hand from Joe and Kuo's table (Gray-code order, as in their
// sobol.cc): dimensions 1 and 2 are the classic pair every Sobol generator
// shares, and dimension 3 (s = 2, a = 1, m = 1, 3) has v1 = 1/2, v2 = 3/4
// and v3 = v1 ⊕ v1/4 ⊕ v2 = 3/8; point i is the XOR of v_k over the bits of
// the Gray code i ⊕ i/2.
func TestSobolFirstPoints(t *testing.T) {
	want := [][]float64{
		{0, 0, 0},
		{0.5, 0.5, 0.5},
		{0.75, 0.25, 0.25},
		{0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625},
		{0.875, 0.875, 0.125},
		{0.625, 0.125, 0.875},
		{0.125, 0.625, 0.375},
	}
	s, err := NewSobolSequence(3, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j, w := range want {
		got := make([]float64, 3)
		s.Next(got)
		if !reflect.DeepEqual(got, w) {
			t.Errorf("point %d = %v, want %v", j, got, w)
		}
	}
}

// TestSobolStratified checks the property that makes the sequence worth
// using: for every dimension carried, the first 2^m points put exactly one
// point in each of the 2^m strata of [0, 1), and so do the next 2^m.
func TestSobolStratified(t *testing.T) {
	const m = 10
	n := 1 << m
	for _, shift := range []*rand.Rand{nil, rand.New(rand.NewPCG(4, 4))} {
		s, err := NewSobolSequence(MaxSobolDim, shift)
		if err != nil {
			t.Fatal(err)
		}
		pts := make([][]float64, 2*n)
		for j := range pts {
			pts[j] = make([]float64, MaxSobolDim)
			s.Next(pts[j])
		}
		for d := range MaxSobolDim {
			for block := range 2 {
				for k := 1; k <= m; k++ {
					strata := 1 << k
					seen := make([]int, strata)
					for j := block * n; j < block*n+strata; j++ {
						seen[int(pts[j][d]*float64(strata))]++
					}
					for b, c := range seen {
						if c != 1 {
							t.Fatalf("shift %v, dimension %d, points %d..%d: stratum %d of %d holds %d", shift != nil, d+1, block*n, block*n+strata-1, b, strata, c)
						}
					}
				}
			}
		}
	}
}

// TestSobolTwoDimensionalNet checks that dimensions 1 and 2 form a
// (0, m, 2)-net: every elementary box of area 2^−m holds exactly one of the
// first 2^m points.
func TestSobolTwoDimensionalNet(t *testing.T) {
	const m = 8
	d, _ := Sobol{Dim: 2, N: 1 << m}.Design(nil)
	for k := 0; k <= m; k++ {
		nx, ny := 1<<k, 1<<(m-k)
		seen := map[[2]int]int{}
		for _, x := range d.Rows() {
			seen[[2]int{int(x[0] * float64(nx)), int(x[1] * float64(ny))}]++
		}
		if len(seen) != 1<<m {
			t.Errorf("boxes %d × %d: %d of %d hold a point", nx, ny, len(seen), 1<<m)
		}
	}
}

// TestSobolPolynomials checks Joe and Kuo's table as carried: the degrees
// never fall, every polynomial is primitive over GF(2), and no polynomial
// is used twice.
func TestSobolPolynomials(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(joeKuo), "\n")[1:]
	if len(lines) != MaxSobolDim-1 {
		t.Fatalf("%d lines, want %d", len(lines), MaxSobolDim-1)
	}
	seen := map[[2]int]bool{}
	prev := 0
	for _, line := range lines {
		var d, s, a int
		if _, err := fmt.Sscan(line, &d, &s, &a); err != nil {
			t.Fatal(err)
		}
		if s < prev {
			t.Errorf("dimension %d: degree %d after %d", d, s, prev)
		}
		prev = s
		if seen[[2]int{s, a}] {
			t.Errorf("dimension %d: polynomial (%d, %d) used twice", d, s, a)
		}
		seen[[2]int{s, a}] = true
		// p(x) = x^s + a_1 x^(s−1) + … + a_(s−1) x + 1, a_1 the top bit of a.
		p := 1<<s | a<<1 | 1
		if !primitive(p, s) {
			t.Errorf("dimension %d: polynomial %b is not primitive", d, p)
		}
	}
}

// primitive reports whether p, of degree s, is primitive over GF(2): x has
// multiplicative order 2^s − 1 modulo p.
func primitive(p, s int) bool {
	x := 1
	for k := 1; k <= 1<<s-1; k++ {
		x <<= 1
		if x>>s&1 == 1 {
			x ^= p
		}
		if x == 1 {
			return k == 1<<s-1
		}
	}
	return false
}

func TestSobolSeek(t *testing.T) {
	s, _ := NewSobolSequence(7, rand.New(rand.NewPCG(1, 1)))
	var all [][]float64
	for range 300 {
		x := make([]float64, 7)
		s.Next(x)
		all = append(all, x)
	}
	for _, i := range []uint64{0, 1, 2, 31, 32, 33, 255, 299} {
		s.Seek(i)
		x := make([]float64, 7)
		s.Next(x)
		if !reflect.DeepEqual(x, all[i]) || s.Index() != i+1 {
			t.Errorf("Seek(%d) gave %v, want %v", i, x, all[i])
		}
	}
	d, _ := Sobol{Dim: 7, N: 10, Skip: 100, Shift: true}.Design(rand.New(rand.NewPCG(1, 1)))
	if !reflect.DeepEqual(d.Point(0), all[100]) || !reflect.DeepEqual(d.Point(9), all[109]) {
		t.Error("Sobol.Skip does not start at the skipped point")
	}
}

func TestSobolShift(t *testing.T) {
	a, _ := Sobol{Dim: 4, N: 64, Shift: true}.Design(rand.New(rand.NewPCG(2, 2)))
	b, _ := Sobol{Dim: 4, N: 64, Shift: true}.Design(rand.New(rand.NewPCG(2, 2)))
	c, _ := Sobol{Dim: 4, N: 64, Shift: true}.Design(rand.New(rand.NewPCG(2, 3)))
	u, _ := Sobol{Dim: 4, N: 64}.Design(nil)
	if !reflect.DeepEqual(a, b) || reflect.DeepEqual(a, c) || reflect.DeepEqual(a, u) {
		t.Error("the shift does not follow the seed")
	}
	for _, v := range a.Points {
		if v < 0 || v >= 1 {
			t.Fatalf("shifted value %g outside [0, 1)", v)
		}
	}
	if _, err := (Sobol{Dim: 4, N: 64, Shift: true}).Design(nil); err == nil {
		t.Error("a shift without a source was accepted")
	}
}

func TestSobolErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Sobol
		want string
	}{
		{"no factors", Sobol{N: 4}, "0 factors"},
		{"too many factors", Sobol{Dim: MaxSobolDim + 1, N: 4}, "need 1 to 128"},
		{"no points", Sobol{Dim: 2}, "0 points"},
		{"negative skip", Sobol{Dim: 2, N: 4, Skip: -1}, "skips -1"},
		{"past the end", Sobol{Dim: 2, N: 4, Skip: MaxSobolPoints - 2}, "runs past"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.s.Design(nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sensitivity: ") {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := NewSobolSequence(0, nil); err == nil {
		t.Error("dimension 0 accepted")
	}
}

package sensitivity

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkSobolIndices(b *testing.B) {
	s := Saltelli{Dim: 10, N: 4096, Shift: true}
	d, _ := s.Design(rand.New(rand.NewPCG(1, 1)))
	g := gFunction([]float64{0, 1, 4.5, 9, 99, 99, 99, 99, 99, 99})
	y := evaluate(d.Rows(), g)
	b.ResetTimer()
	for range b.N {
		if _, err := SobolIndices(s, y, Bootstrap{}, rand.New(rand.NewPCG(1, 2))); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPRIM(b *testing.B) {
	x, y := plantedBox(20000, 10, 0.9, 0.01, rand.New(rand.NewPCG(1, 0)))
	b.ResetTimer()
	for range b.N {
		if _, err := (PRIM{}).Find(x, nil, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSaltelliDesign(b *testing.B) {
	s := Saltelli{Dim: 20, N: 8192, Shift: true}
	for range b.N {
		if _, err := s.Design(rand.New(rand.NewPCG(1, 1))); err != nil {
			b.Fatal(err)
		}
	}
}

package sim

import "testing"

// TestPCGDrawsAsRand checks that a PCG draws exactly the numbers the
// *rand.Rand of the same replicate and purpose draws, whatever the mix of
// draws, so that a model may use either without changing a result.
func TestPCGDrawsAsRand(t *testing.T) {
	for _, c := range []struct {
		master, stream uint64
		rep            int
		purpose        uint64
	}{{1, 0, 0, 1}, {42, 7, 999, 3}, {0, 0, 0, 0}, {^uint64(0), 1 << 40, 123456, 255}} {
		a := NewPCG(c.master, c.stream, c.rep, c.purpose)
		b := NewRand(c.master, c.stream, c.rep, c.purpose)
		for i := 0; i < 20000; i++ {
			var x, y float64
			switch i % 5 {
			case 0:
				x, y = float64(a.Uint64()>>11), float64(b.Uint64()>>11)
			case 1, 2:
				x, y = a.Float64(), b.Float64()
			case 3:
				x, y = a.NormFloat64(), b.NormFloat64()
			case 4:
				x, y = a.ExpFloat64(), b.ExpFloat64()
			}
			if x != y {
				t.Fatalf("%+v: draw %d: PCG gives %v, rand.Rand %v", c, i, x, y)
			}
		}
	}
	r := Replicate{Master: 5, Stream: 2, Index: 3}
	if a, b := r.PCG(4).Uint64(), r.Rand(4).Uint64(); a != b {
		t.Errorf("Replicate.PCG draws %d, Replicate.Rand %d", a, b)
	}
}

// TestPCGAllocatesNothing checks that drawing allocates nothing.
func TestPCGAllocatesNothing(t *testing.T) {
	p := NewPCG(1, 2, 3, 4)
	var s float64
	if n := testing.AllocsPerRun(100, func() {
		s += p.Float64() + p.NormFloat64() + p.ExpFloat64() + float64(p.Uint64()&1)
	}); n != 0 {
		t.Errorf("%v allocations per draw", n)
	}
	_ = s
}

package sensitivity

import (
	"math"
	"testing"
)

func TestRanks(t *testing.T) {
	got := Ranks([]float64{0.1, 0.5, 0.5, math.NaN(), 0.9})
	want := []float64{4, 2.5, 2.5, 5, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Ranks = %v, want %v", got, want)
		}
	}
}

func TestRankCorrelation(t *testing.T) {
	cases := []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, 1},
		{[]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		// One swap of neighbours among 4: 1 − 6·2/(4·15) = 0.8.
		{[]float64{1, 2, 3, 4}, []float64{1, 3, 2, 4}, 0.8},
	}
	for _, c := range cases {
		got, err := RankCorrelation(c.a, c.b)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("RankCorrelation(%v, %v) = %v, %v; want %v", c.a, c.b, got, err, c.want)
		}
	}
	if _, err := RankCorrelation([]float64{1}, []float64{1, 2}); err == nil {
		t.Error("different lengths accepted")
	}
	if r, _ := RankCorrelation([]float64{1, 1, 1}, []float64{1, 2, 3}); !math.IsNaN(r) {
		t.Errorf("constant ranking gave %v, want NaN", r)
	}
}

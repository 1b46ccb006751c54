package plot

import (
	"math"
	"testing"
)

func TestSweepFiguresGolden(t *testing.T) {
	factors := []string{"partnership.pace", "pathway leadership", "trust_gain", "turnover"}
	nan := math.NaN()
	tests := []struct {
		name   string
		figure func() (*Figure, error)
	}{
		{"sobol.golden.png", func() (*Figure, error) {
			return SobolIndices([]Indices{
				{Outcome: "cohesion@104", Factors: factors,
					First: []float64{-0.001, 0.10, 0.895, 0.0008}, FirstLo: []float64{-0.002, 0.048, 0.751, -0.006}, FirstHi: []float64{0, 0.158, 1.03, 0.007},
					Total: []float64{0.00003, 0.107, 0.897, 0.0017}, TotalLo: []float64{0.00002, 0.090, 0.782, 0.0013}, TotalHi: []float64{0.00004, 0.127, 1.02, 0.0022}},
				{Outcome: "weeks_to_intervention@52-104", Factors: factors,
					First: []float64{-0.003, 0.041, 0.641, 0.1}, FirstLo: []float64{-0.03, -0.039, 0.482, -0.045}, FirstHi: []float64{0.022, 0.122, 0.804, 0.228},
					Total: []float64{0.024, 0.274, 0.893, 0.5}, TotalLo: []float64{0.015, 0.184, 0.777, 0.347}, TotalHi: []float64{0.038, 0.369, 1.02, nan}},
			}, Options{Width: 8, DPI: 80})
		}},
		{"morris.golden.png", func() (*Figure, error) {
			return MorrisEffects([]Screening{{Outcome: "cohesion@26", Factors: []string{"trust_gain", "emergency_cost", "turnover"},
				MuStar: []float64{0.12, 0, 0.03}, MuStarLo: []float64{0.09, 0, 0.01}, MuStarHi: []float64{0.15, 0, 0.05}, Sigma: []float64{0.02, 0, 0.04}}},
				Options{Width: 6, DPI: 80})
		}},
		{"responses.golden.png", func() (*Figure, error) {
			return Responses([]Response{
				{Outcome: "cohesion@156", Factor: "pathway leadership", X: []float64{0.25, 0.5, 0.75, 0.95},
					Mean: []float64{0.50, 0.53, 0.55, 0.56}, Lower: []float64{0.49, 0.52, 0.54, 0.55}, Upper: []float64{0.51, 0.54, 0.56, 0.57}},
				{Outcome: "cohesion@156", Factor: "partnership.targets", X: []float64{0, 1},
					Mean: []float64{0.53, 0.51}, Lower: []float64{0.50, nan}, Upper: []float64{0.56, nan}, Levels: []string{"joint", "separate"}},
				{Outcome: "cohesion@156", Factor: "partnership.pace", X: []float64{0.1, 0.3, 0.5, 0.7},
					Mean: []float64{0.52, nan, 0.53, 0.54}, Lower: []float64{0.50, nan, 0.52, 0.53}, Upper: []float64{0.54, nan, 0.55, 0.56}},
			}, "5th to 95th percentile of the points in the bin", Options{Width: 8, DPI: 80})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.figure()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, f, tt.name)
		})
	}
	if _, err := SobolIndices([]Indices{{Outcome: "x", Factors: factors, First: []float64{1}}}, Options{}); err == nil {
		t.Error("Sobol indices of mismatched lengths drew a figure")
	}
}

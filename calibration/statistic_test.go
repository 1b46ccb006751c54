package calibration

import (
	"math"
	"testing"
)

func TestStatistic(t *testing.T) {
	nan := math.NaN()
	series := []float64{nan, 1, 1, 0.8, nan, 0.2, 0}
	for _, c := range []struct {
		name string
		s    Statistic
		want float64
	}{
		{"mean skips missing", Statistic{Kind: "mean", From: 0, To: 4}, (1 + 1 + 0.8) / 3},
		{"mean of nothing", Statistic{Kind: "mean", From: 0, To: 0}, nan},
		{"value", Statistic{Kind: "value", Week: 3}, 0.8},
		{"value missing", Statistic{Kind: "value", Week: 4}, nan},
		{"value beyond run", Statistic{Kind: "value", Week: 40}, nan},
		{"first below", Statistic{Kind: "first-week-below", From: 0, To: 6, Threshold: 0.5}, 5},
		{"never below", Statistic{Kind: "first-week-below", From: 0, To: 4, Threshold: 0.5}, math.Inf(1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.s.Of(series)
			if !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want) || math.Abs(got-c.want) < 1e-12) {
				t.Errorf("got %g, want %g", got, c.want)
			}
		})
	}
	if !math.IsNaN(MeanOver([]float64{1, math.Inf(1)})) || MeanOver([]float64{1, 2}) != 1.5 {
		t.Error("MeanOver")
	}
}

package calibration

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Prior is the prior distribution of one parameter: uniform on [Low, High],
// or, when Log is set, uniform in log(x) on [Low, High] (log-uniform, for a
// rate or scale known only to its order of magnitude). Its zero value is not
// usable: Validate reports a range that is empty or, for Log, not positive.
type Prior struct {
	Name      string  // the parameter's name, as the model knows it
	Low, High float64 // the range; Low < High, and 0 < Low when Log
	Log       bool    // log-uniform rather than uniform
}

// Validate returns an error naming the parameter if its range is unusable.
func (p Prior) Validate() error {
	switch {
	case p.Name == "":
		return fmt.Errorf("calibration: a prior has no parameter name")
	case math.IsNaN(p.Low) || math.IsNaN(p.High) || math.IsInf(p.Low, 0) || math.IsInf(p.High, 0):
		return fmt.Errorf("calibration: prior %s: range [%g, %g] must be finite", p.Name, p.Low, p.High)
	case !(p.Low < p.High):
		return fmt.Errorf("calibration: prior %s: low %g must be below high %g", p.Name, p.Low, p.High)
	case p.Log && p.Low <= 0:
		return fmt.Errorf("calibration: prior %s: a log-uniform range must be positive, found low %g", p.Name, p.Low)
	}
	return nil
}

// The sampler works on an internal scale on which every prior is uniform:
// x itself, or log(x) for a log-uniform prior. Perturbation kernels act
// there, so a log-uniform parameter is perturbed by ratios.

func (p Prior) lo() float64 {
	if p.Log {
		return math.Log(p.Low)
	}
	return p.Low
}

func (p Prior) hi() float64 {
	if p.Log {
		return math.Log(p.High)
	}
	return p.High
}

func (p Prior) toInternal(x float64) float64 {
	if p.Log {
		return math.Log(x)
	}
	return x
}

func (p Prior) fromInternal(u float64) float64 {
	if p.Log {
		return math.Exp(u)
	}
	return u
}

// Sample draws one value from the prior using r.
func (p Prior) Sample(r *rand.Rand) float64 {
	return p.fromInternal(p.lo() + r.Float64()*(p.hi()-p.lo()))
}

// Contains reports whether x lies in the prior's support.
func (p Prior) Contains(x float64) bool { return x >= p.Low && x <= p.High }

// Quantile returns the prior's q-quantile, 0 ≤ q ≤ 1.
func (p Prior) Quantile(q float64) float64 {
	return p.fromInternal(p.lo() + q*(p.hi()-p.lo()))
}

// Mean returns the prior mean.
func (p Prior) Mean() float64 {
	if p.Log {
		return (p.High - p.Low) / (p.hi() - p.lo())
	}
	return (p.Low + p.High) / 2
}

// SD returns the prior standard deviation.
func (p Prior) SD() float64 {
	if p.Log {
		m := p.Mean()
		m2 := (p.High*p.High - p.Low*p.Low) / (2 * (p.hi() - p.lo()))
		return math.Sqrt(math.Max(m2-m*m, 0))
	}
	return (p.High - p.Low) / math.Sqrt(12)
}

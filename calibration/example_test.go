package calibration_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/joinedup/joinedup/calibration"
)

// A model whose summary is a noisy measurement of a rate: the sampler finds
// the rate that reproduces an observed 0.16 within its tolerance.
func ExampleRun() {
	sim := calibration.SimulatorFunc(func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		r := rand.New(rand.NewPCG(seed, 0))
		return []float64{theta[0] + 0.01*r.NormFloat64()}, nil
	})
	priors := []calibration.Prior{{Name: "leave_rate", Low: 0.01, High: 1, Log: true}}
	targets := []calibration.Target{{ID: "turnover", Value: 0.16, Scale: 0.02}}
	res, err := calibration.Run(context.Background(), calibration.Config{Particles: 500, Generations: 6, Seed: 1}, priors, targets, sim)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := calibration.NewEnsemble(res, calibration.Provenance{Seed: 1, Command: "example"})
	s := calibration.Summarise(e)[0]
	fmt.Printf("%s: posterior mean %.2f, 90%% interval [%.2f, %.2f]\n", s.Name, s.PostMean, s.PostLo, s.PostHi)

	// Posterior predictive check: simulate the target from ensemble draws.
	r := rand.New(rand.NewPCG(2, 0))
	draws := make([]float64, 2000)
	for i := range draws {
		theta := e.Particles[e.Sample(r)]
		out, _ := sim.Simulate(context.Background(), theta, r.Uint64())
		draws[i] = out[0]
	}
	calibration.WriteChecks(os.Stdout, []calibration.Check{calibration.PredictiveCheck("turnover", 0.16, draws)})
	// Output:
	// leave_rate: posterior mean 0.16, 90% interval [0.14, 0.18]
	//     target  observed  predictive mean      5%     95%  quantile  in 90% interval
	//   turnover      0.16           0.1587  0.1363  0.1824     0.538              yes
	// quantile: where the observed figure falls among the ensemble's simulated values (0.5 = the middle; below 0.05 or above 0.95, the calibrated model rarely produces it).
}

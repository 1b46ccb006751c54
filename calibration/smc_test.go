package calibration

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
)

// normalMean is y ~ N(θ, σ²) observed n times, summarised by the sample
// mean, which is N(θ, σ²/n): with a flat prior wide enough not to bind, the
// posterior of θ is N(ȳ, σ²/n).
func normalMean(se float64) SimulatorFunc {
	return func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		r := rand.New(rand.NewPCG(seed, 1))
		return []float64{theta[0] + se*r.NormFloat64()}, nil
	}
}

func TestNormalMeanPosterior(t *testing.T) {
	const ybar, se = 1.3, 0.5
	priors := []Prior{{Name: "theta", Low: -10, High: 10}}
	targets := []Target{{ID: "ybar", Value: ybar, Scale: se}}
	res, err := Run(context.Background(), Config{Particles: 2000, Generations: 12, Seed: 7}, priors, targets, normalMean(se))
	if err != nil {
		t.Fatal(err)
	}
	e := NewEnsemble(res, Provenance{})
	s := Summarise(e)[0]
	// The ABC posterior at tolerance ε (in units of se) is the exact
	// posterior convolved with the acceptance window, adding at most
	// (ε·se)²/3 to the variance; the Monte Carlo error of a mean from an
	// effective sample of ess particles is sd/√ess.
	last := res.Generations[len(res.Generations)-1]
	t.Logf("generations %d, ε %.3f, ESS %.0f, mean %.4f, sd %.4f, stop: %s", last.Index, last.Epsilon, last.ESS, s.PostMean, s.PostSD, res.Stop)
	if last.Epsilon > 0.2 {
		t.Fatalf("tolerance only reached %.3f", last.Epsilon)
	}
	if tol := 4 * se / math.Sqrt(last.ESS); math.Abs(s.PostMean-ybar) > tol {
		t.Errorf("posterior mean %.4f, want %.4f ± %.4f", s.PostMean, ybar, tol)
	}
	wantSD := se
	maxSD := math.Sqrt(se*se + math.Pow(last.Epsilon*se, 2)/3)
	if s.PostSD < 0.9*wantSD || s.PostSD > 1.1*maxSD {
		t.Errorf("posterior sd %.4f, want within [%.4f, %.4f]", s.PostSD, 0.9*wantSD, 1.1*maxSD)
	}
	if s.Contraction < 0.99 {
		t.Errorf("contraction %.3f: a target with se %.1f on a prior of width 20 should fix θ", s.Contraction, se)
	}
}

// TestNonIdentifiable fits two parameters where the summary depends on the
// first only: the second's posterior must stay its prior.
func TestNonIdentifiable(t *testing.T) {
	sim := SimulatorFunc(func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		r := rand.New(rand.NewPCG(seed, 2))
		return []float64{theta[0] + 0.2*r.NormFloat64()}, nil
	})
	priors := []Prior{{Name: "a", Low: 0, High: 4}, {Name: "b", Low: 0.01, High: 100, Log: true}}
	targets := []Target{{ID: "y", Value: 2, Scale: 0.2}}
	res, err := Run(context.Background(), Config{Particles: 2000, Generations: 8, Seed: 11}, priors, targets, sim)
	if err != nil {
		t.Fatal(err)
	}
	ss := Summarise(NewEnsemble(res, Provenance{}))
	a, b := ss[0], ss[1]
	if a.Contraction < 0.9 {
		t.Errorf("a: contraction %.3f, want the identified parameter pinned (> 0.9)", a.Contraction)
	}
	// On the log scale b is uniform on [log 0.01, log 100]: its posterior
	// median and 90% interval should be the prior's, within Monte Carlo
	// error (a quantile of an effective sample of ~1000 moves by ~0.03 of
	// the range).
	lr := math.Log(b.PriorHi/b.PriorLo) / 0.9 // the whole log range
	for _, c := range []struct {
		name       string
		post, prio float64
	}{{"5%", b.PostLo, b.PriorLo}, {"95%", b.PostHi, b.PriorHi}} {
		if d := math.Abs(math.Log(c.post/c.prio)) / lr; d > 0.06 {
			t.Errorf("b: posterior %s quantile %.4g vs prior %.4g: %.3f of the log range apart", c.name, c.post, c.prio, d)
		}
	}
	e := NewEnsemble(res, Provenance{})
	lm, _ := weightedMeanSD(logs(e, 1), e.Weights)
	if math.Abs(lm) > 0.06*lr {
		t.Errorf("b: posterior mean of log b %.3f, prior's 0", lm)
	}
}

func logs(e *Ensemble, k int) []float64 {
	out := make([]float64, len(e.Particles))
	for i, x := range e.Particles {
		out[i] = math.Log(x[k])
	}
	return out
}

// TestWorkersDoNotChangeResult runs the same problem on one and on eight
// workers, with a batch smaller than the population.
func TestWorkersDoNotChangeResult(t *testing.T) {
	priors := []Prior{{Name: "theta", Low: -5, High: 5}, {Name: "s", Low: 0.1, High: 10, Log: true}}
	targets := []Target{{ID: "m", Value: 1, Scale: 0.3}}
	run := func(workers int) *Result {
		res, err := Run(context.Background(), Config{Particles: 300, Generations: 5, Batch: 64, Workers: workers, Seed: 3}, priors, targets, normalMean(0.3))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(1), run(8)
	if !reflect.DeepEqual(a.Final, b.Final) || !reflect.DeepEqual(a.Generations, b.Generations) {
		t.Fatal("one worker and eight workers gave different results")
	}
}

// TestBatchDoesNotChangeParticles: the batch size changes only how many
// proposals are simulated past the last acceptance, not which are accepted.
func TestBatchDoesNotChangeParticles(t *testing.T) {
	priors := []Prior{{Name: "theta", Low: -5, High: 5}}
	targets := []Target{{ID: "m", Value: 1, Scale: 0.3}}
	run := func(batch int) *Result {
		res, err := Run(context.Background(), Config{Particles: 150, Generations: 4, Batch: batch, Seed: 12}, priors, targets, normalMean(0.3))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(7), run(500)
	if !reflect.DeepEqual(a.Final, b.Final) {
		t.Fatal("batch sizes 7 and 500 accepted different particles")
	}
	for i := range a.Generations {
		if a.Generations[i].Proposals != b.Generations[i].Proposals {
			t.Errorf("generation %d: %d and %d proposals scanned", i, a.Generations[i].Proposals, b.Generations[i].Proposals)
		}
	}
}

// TestResume stops a run after three generations and resumes it from its
// checkpoint to six: the result must equal a run of six straight through.
func TestResume(t *testing.T) {
	priors := []Prior{{Name: "theta", Low: -5, High: 5}}
	targets := []Target{{ID: "m", Value: 1, Scale: 0.3}}
	cp := filepath.Join(t.TempDir(), "abc.checkpoint.json")
	cfg := Config{Particles: 200, Generations: 3, Seed: 5, Checkpoint: cp}
	first, err := Run(context.Background(), cfg, priors, targets, normalMean(0.3))
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Generations) != 4 {
		t.Fatalf("first leg ran %d generations, want 4", len(first.Generations))
	}
	cfg.Generations = 6
	resumed, err := Run(context.Background(), cfg, priors, targets, normalMean(0.3))
	if err != nil {
		t.Fatal(err)
	}
	if resumed.Resumed != 4 {
		t.Errorf("resumed from %d generations, want 4", resumed.Resumed)
	}
	straight, err := Run(context.Background(), Config{Particles: 200, Generations: 6, Seed: 5}, priors, targets, normalMean(0.3))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(resumed.Final, straight.Final) || !reflect.DeepEqual(resumed.Generations, straight.Generations) {
		t.Fatal("resumed run differs from the uninterrupted one")
	}
	// A checkpoint of another problem is refused.
	_, err = Run(context.Background(), Config{Particles: 200, Generations: 6, Seed: 6, Checkpoint: cp}, priors, targets, normalMean(0.3))
	if err == nil {
		t.Fatal("a checkpoint with another seed was accepted")
	}
}

func TestSeedChangesResult(t *testing.T) {
	priors := []Prior{{Name: "theta", Low: -5, High: 5}}
	targets := []Target{{ID: "m", Value: 1, Scale: 0.3}}
	a, _ := Run(context.Background(), Config{Particles: 100, Generations: 2, Seed: 1}, priors, targets, normalMean(0.3))
	b, _ := Run(context.Background(), Config{Particles: 100, Generations: 2, Seed: 2}, priors, targets, normalMean(0.3))
	if reflect.DeepEqual(a.Final, b.Final) {
		t.Fatal("two seeds gave the same populations")
	}
}

// TestUnreachableTarget: a target the model cannot meet stops the run on
// the acceptance rule, with a reason, instead of looping.
func TestUnreachableTarget(t *testing.T) {
	sim := SimulatorFunc(func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		r := rand.New(rand.NewPCG(seed, 3))
		return []float64{math.Abs(theta[0]) + 0.1*r.NormFloat64()}, nil // never much below 0
	})
	priors := []Prior{{Name: "theta", Low: -1, High: 1}}
	targets := []Target{{ID: "y", Value: -5, Scale: 0.1}}
	res, err := Run(context.Background(), Config{Particles: 200, Generations: 30, MinAcceptance: 0.05, Seed: 9}, priors, targets, sim)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stop == "" || len(res.Generations) > 30 {
		t.Fatalf("stop %q after %d generations", res.Stop, len(res.Generations))
	}
	if res.Abandoned == 0 {
		t.Error("the abandoned generation's simulations were not counted")
	}
	if min := res.Final.Distances[0]; min < 40 {
		t.Errorf("best distance %.1f: the target lies 50 scales away", min)
	}
	t.Log(res.Stop)
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name    string
		cfg     Config
		priors  []Prior
		targets []Target
	}{
		{"empty range", Config{}, []Prior{{Name: "a", Low: 1, High: 1}}, []Target{{ID: "y", Value: 0, Scale: 1}}},
		{"log of negative", Config{}, []Prior{{Name: "a", Low: -1, High: 1, Log: true}}, []Target{{ID: "y", Value: 0, Scale: 1}}},
		{"zero scale", Config{}, []Prior{{Name: "a", Low: 0, High: 1}}, []Target{{ID: "y", Value: 0, Scale: 0}}},
		{"no targets", Config{}, []Prior{{Name: "a", Low: 0, High: 1}}, nil},
		{"duplicate", Config{}, []Prior{{Name: "a", Low: 0, High: 1}, {Name: "a", Low: 0, High: 1}}, []Target{{ID: "y", Value: 0, Scale: 1}}},
		{"alpha", Config{Alpha: 1.5}, []Prior{{Name: "a", Low: 0, High: 1}}, []Target{{ID: "y", Value: 0, Scale: 1}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Run(context.Background(), c.cfg, c.priors, c.targets, normalMean(1))
			if err == nil {
				t.Fatal("accepted")
			}
			t.Log(err)
		})
	}
}

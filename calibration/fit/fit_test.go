package fit

import (
	"context"
	"reflect"
	"testing"

	"github.com/joinedup/joinedup/calibration"
	"github.com/joinedup/joinedup/scenarios"
)

// TestSmallCalibration runs the sampler on the model at a size small
// enough for the tests: the repository's targets, one parameter, a few
// particles and generations; it must finish, be the same on one and two
// workers, and give a check for every target.
func TestSmallCalibration(t *testing.T) {
	f, err := scenarios.LoadTargets("../targets.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProblem(f, []string{"turnover"}, nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	priors, err := p.Priors()
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int) *calibration.Result {
		res, err := calibration.Run(context.Background(), calibration.Config{Particles: 12, Generations: 2, Workers: workers, Seed: 1}, priors, p.SamplerTargets(), p.Simulator())
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := run(1)
	if b := run(2); !reflect.DeepEqual(a.Final, b.Final) {
		t.Fatal("one and two workers gave different ensembles")
	}
	e := calibration.NewEnsemble(a, calibration.Provenance{TargetsSHA256: f.Hash()})
	checks, err := p.Checks(context.Background(), e, 8, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != len(p.Targets) {
		t.Fatalf("%d checks for %d targets", len(checks), len(p.Targets))
	}
}

func TestUnknownParameter(t *testing.T) {
	f, err := scenarios.LoadTargets("../targets.toml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewProblem(f, []string{"turnovr"}, nil, 2); err == nil {
		t.Fatal("accepted an unknown parameter")
	}
}

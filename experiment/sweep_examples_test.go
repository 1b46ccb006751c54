package experiment

import (
	"testing"

	"github.com/joinedup/joinedup/scenarios"
)

// TestGlobalSobolExamples checks that the sweep files of the ODD's global
// sensitivity analysis (written by docs/sensitivity/regenerate.sh) load,
// that every factor applies to its base scenario, and that each outcome
// is a metric of it.
func TestGlobalSobolExamples(t *testing.T) {
	for _, name := range []string{"sedgefield", "barking-dagenham"} {
		path := "../docs/examples/" + name + "-global-sobol.toml"
		f, err := scenarios.LoadSweep(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		s, err := NewSweep(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		k := len(f.Factors)
		levers := 0
		for _, fa := range f.Factors {
			if fa.Role == "lever" {
				levers++
			}
		}
		if f.Design.Kind != "sobol" || levers == 0 || levers == k || len(s.Points) != f.Design.Size*(k+2) {
			t.Errorf("%s: a %s design of %d points over %d factors (%d levers)", path, f.Design.Kind, len(s.Points), k, levers)
		}
		if len(s.Outcomes) != 4 {
			t.Errorf("%s: %d outcomes, want cohesion, user experience, NHS performance and survival", path, len(s.Outcomes))
		}
	}
}

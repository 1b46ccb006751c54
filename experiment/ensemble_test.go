package experiment

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
)

// testEnsemble has three sets of turnover and stress_rate far apart, so
// draws show in the outcomes.
func testEnsemble() *Ensemble {
	return &Ensemble{Source: "test", Hash: "test-hash",
		Names:   []string{"turnover", "stress_rate"},
		Sets:    [][]float64{{0.05, 0.05}, {0.5, 0.5}, {0.95, 0.9}},
		Weights: []float64{0.3, 0.3, 0.4}}
}

// setRecorder keeps the parameter set of every unit and its trajectories'
// digest.
type setRecorder struct {
	digest
	sets map[int]int
}

func (s *setRecorder) Add(u *Unit) error {
	if s.sets == nil {
		s.sets = map[int]int{}
	}
	s.sets[u.Index] = u.Set
	return s.digest.Add(u)
}

// TestEnsembleDeterminism checks that the sets drawn and what sinks see
// do not depend on workers or shards, and that the draws vary over
// replicates.
func TestEnsembleDeterminism(t *testing.T) {
	var ref *setRecorder
	for _, w := range []int{1, 3} {
		p := smallPlan(t)
		p.Replicates = 8
		p.Workers = w
		p.Ensemble = testEnsemble()
		d := &setRecorder{}
		if err := Run(context.Background(), p, d); err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = d
			continue
		}
		for k, s := range ref.sums {
			if d.sums[k] != s || d.sets[k] != ref.sets[k] {
				t.Errorf("workers %d: unit %d differs from one worker's", w, k)
			}
		}
	}
	seen := map[int]bool{}
	for _, s := range ref.sets {
		seen[s] = true
	}
	if len(seen) < 2 {
		t.Errorf("24 units drew only sets %v", seen)
	}
	// Shards draw as the whole plan does.
	for i := range 2 {
		p := smallPlan(t)
		p.Replicates = 8
		p.Ensemble = testEnsemble()
		p.Shard = Shard{Index: i, Count: 2}
		d := &setRecorder{}
		if err := Run(context.Background(), p, d); err != nil {
			t.Fatal(err)
		}
		for k, s := range d.sums {
			if ref.sums[k] != s || ref.sets[k] != d.sets[k] {
				t.Errorf("shard %d: unit %d differs from the whole plan's", i, k)
			}
		}
	}
}

// TestEnsemblePairs checks that the arms of a unit share the drawn
// parameters: two arms of the same scenario give identical trajectories
// replicate by replicate, though the replicates' draws differ; and that
// the draws change the outcome (turnover shows in the turnover metric).
func TestEnsemblePairs(t *testing.T) {
	a, err := NewArm("sedgefield")
	if err != nil {
		t.Fatal(err)
	}
	b := a
	b.Name = "sedgefield again"
	p := Plan{Arms: []Arm{a, b}, Replicates: 12, Weeks: 52, Seed: 3, Ensemble: testEnsemble()}
	cfg, err := a.Scenario.Build()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, m := range cfg.Metrics() {
		if m.Name == "vacancy_rate" {
			col = i
		}
	}
	if col < 0 {
		t.Fatal("no vacancy_rate metric")
	}
	mean := map[int][]float64{} // set → mean vacancy rate over the year, per replicate
	sink := SinkFunc(func(u *Unit) error {
		x, y := u.Arms[0], u.Arms[1]
		for i := range x.Values {
			if x.Values[i] != y.Values[i] && !(math.IsNaN(x.Values[i]) && math.IsNaN(y.Values[i])) {
				t.Errorf("replicate %d: the two arms differ at value %d: %g vs %g", u.Replicate, i, x.Values[i], y.Values[i])
				break
			}
		}
		s := 0.0
		for r := range x.Ticks {
			s += x.Row(r)[col]
		}
		mean[u.Set] = append(mean[u.Set], s/float64(len(x.Ticks)))
		return nil
	})
	if err := Run(context.Background(), p, sink); err != nil {
		t.Fatal(err)
	}
	if len(mean[0]) == 0 || len(mean[2]) == 0 {
		t.Fatalf("draws by set: %v; want sets 0 and 2 among 12 replicates", mean)
	}
	avg := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	if lo, hi := avg(mean[0]), avg(mean[2]); !(hi > lo) {
		t.Errorf("mean vacancy rate with turnover 0.95 is %g, not above the %g of turnover 0.05", hi, lo)
	}
}

// TestFixedParameters checks that an ensemble of one set, the parameter
// table's values, gives exactly the runs of no ensemble: the draw changes
// the parameters and nothing else (no random numbers are taken from the
// model's streams).
func TestFixedParameters(t *testing.T) {
	def := model.DefaultParams()
	e := &Ensemble{Source: "defaults", Names: []string{"turnover", "stress_rate"}, Weights: []float64{1}}
	var set []float64
	for _, n := range e.Names {
		v, _ := def.Get(n)
		set = append(set, v)
	}
	e.Sets = [][]float64{set}
	fixed, drawn := &digest{}, &digest{}
	p := smallPlan(t)
	if err := Run(context.Background(), p, fixed); err != nil {
		t.Fatal(err)
	}
	p.Ensemble = e
	if err := Run(context.Background(), p, drawn); err != nil {
		t.Fatal(err)
	}
	for k, s := range fixed.sums {
		if drawn.sums[k] != s {
			t.Errorf("unit %d: the ensemble of the table's values differs from fixed parameters", k)
		}
	}
}

// TestEnsembleKeeps checks what a draw leaves alone: a parameter the
// scenario sets and one a design point sets.
func TestEnsembleKeeps(t *testing.T) {
	e := testEnsemble().prepared()
	pt := Point{Settings: []Setting{{Factor: "stress_rate", Param: true, Value: "0.2"}}}
	keep := e.keep(map[string]float64{"turnover": 0.3}, pt)
	if !keep[0] || !keep[1] {
		t.Errorf("keep = %v, want both kept (turnover by the scenario, stress_rate by the point)", keep)
	}
	if k := e.keep(nil, Point{}); k[0] || k[1] {
		t.Errorf("keep = %v with nothing set, want none kept", k)
	}
	// Through Run: a scenario that sets turnover keeps it under any draw.
	a, err := NewArm("sedgefield", scenarios.Override{Path: "parameters.turnover", Value: "0.3"})
	if err != nil {
		t.Fatal(err)
	}
	p := Plan{Arms: []Arm{a}, Replicates: 2, Weeks: 2, Seed: 1, Ensemble: testEnsemble(),
		Points: []Point{pt}}
	p.Ensemble = p.Ensemble.prepared()
	cfgs, keeps, err := p.configs(pt)
	if err != nil {
		t.Fatal(err)
	}
	for set := range p.Ensemble.Sets {
		c, err := p.Ensemble.apply(cfgs[0], set, keeps[0])
		if err != nil {
			t.Fatal(err)
		}
		if c.Params.Turnover != 0.3 || c.Params.StressRate != 0.2 {
			t.Errorf("set %d: turnover %g, stress_rate %g; want the scenario's 0.3 and the point's 0.2", set, c.Params.Turnover, c.Params.StressRate)
		}
	}
	c, _ := p.Ensemble.apply(cfgs[0], 2, []bool{false, false})
	if c.Params.Turnover != 0.95 || cfgs[0].Params.Turnover != 0.3 {
		t.Errorf("apply changed the shared configuration or did not set the draw: %g, %g", c.Params.Turnover, cfgs[0].Params.Turnover)
	}
}

// TestStaleEnsemble checks the guard against an ensemble fitted to a model
// that has since lost or re-ranged a parameter.
func TestStaleEnsemble(t *testing.T) {
	cases := []struct {
		name string
		e    *Ensemble
		want []string
	}{
		{"unknown parameter", &Ensemble{Source: "old.json", Names: []string{"turnover", "vacancy_weeks_old"},
			Sets: [][]float64{{0.1, 3}}, Weights: []float64{1}}, []string{`"vacancy_weeks_old"`, "no longer has", "regenerate.sh", "-fixed-params"}},
		{"out of range", &Ensemble{Source: "old.json", Names: []string{"turnover"},
			Sets: [][]float64{{1.5}}, Weights: []float64{1}}, []string{"turnover = 1.5", "outside the model's range", "refit"}},
		{"bad weights", &Ensemble{Source: "old.json", Names: []string{"turnover"},
			Sets: [][]float64{{0.1}}, Weights: []float64{}}, []string{"1 parameter sets but 0 weights"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := smallPlan(t)
			p.Ensemble = c.e
			err := Run(context.Background(), p)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestSweepEnsemble checks that a sweep drawing from an ensemble says so
// in its description and is another sweep (another hash) than the same
// file on fixed parameters, so their shards are not merged; and that with
// common random numbers every point's replicate r draws the same set.
func TestSweepEnsemble(t *testing.T) {
	fixed := loadSweep(t, sedgefieldLHS)
	drawn := loadSweep(t, sedgefieldLHS)
	drawn.UseEnsemble(testEnsemble())
	if fixed.Hash == drawn.Hash {
		t.Error("drawing from an ensemble left the sweep's hash unchanged")
	}
	if in := fixed.Info("test"); in.Params != "fixed" || in.EnsembleHash != "" {
		t.Errorf("fixed sweep described as %q, %q", in.Params, in.EnsembleHash)
	}
	if in := drawn.Info("test"); in.Params != "ensemble" || in.EnsembleHash != "test-hash" || in.EnsembleSource != "test" {
		t.Errorf("drawn sweep described as %q, %q, %q", in.Params, in.EnsembleSource, in.EnsembleHash)
	}
	sets := map[int]int{} // replicate → set, over points
	for p := range 3 {
		pl := drawn.plan(p, Shard{}, 1)
		pl.Replicates = 4
		sink := SinkFunc(func(u *Unit) error {
			if s, ok := sets[u.Replicate]; ok && s != u.Set {
				t.Errorf("point %d, replicate %d drew set %d, point 0 set %d", p, u.Replicate, u.Set, s)
			}
			sets[u.Replicate] = u.Set
			return nil
		})
		if err := Run(context.Background(), pl, sink); err != nil {
			t.Fatal(err)
		}
	}
}

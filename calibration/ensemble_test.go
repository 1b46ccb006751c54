package calibration

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestEnsembleRoundTripAndSample(t *testing.T) {
	priors := []Prior{{Name: "theta", Low: -5, High: 5}, {Name: "rate", Low: 0.01, High: 1, Log: true}}
	targets := []Target{{ID: "m", Value: 1, Scale: 0.3}}
	res, err := Run(context.Background(), Config{Particles: 300, Generations: 4, Seed: 4}, priors, targets, normalMean(0.3))
	if err != nil {
		t.Fatal(err)
	}
	e := NewEnsemble(res, Provenance{TargetsFile: "targets.toml", TargetsSHA256: "abc", Seed: 4, Command: "joinedup calibrate"})
	var buf bytes.Buffer
	if err := e.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadEnsemble(bytes.NewReader(buf.Bytes()), "e.json")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Particles, e.Particles) || !reflect.DeepEqual(back.Weights, e.Weights) || !reflect.DeepEqual(back.Provenance, e.Provenance) {
		t.Fatal("ensemble changed on the round trip")
	}
	// Draws by weight: the sample mean of theta approaches the weighted mean.
	r := rand.New(rand.NewPCG(1, 2))
	m, sd := weightedMeanSD(column(e, 0), e.Weights)
	s := 0.0
	const n = 20000
	for range n {
		s += back.Particles[back.Sample(r)][0]
	}
	if d := math.Abs(s/n - m); d > 4*sd/math.Sqrt(n)+1e-9 {
		t.Errorf("sampled mean %.4f, weighted mean %.4f", s/n, m)
	}
	var tab bytes.Buffer
	if err := WriteGenerations(&tab, res.Generations); err != nil || strings.Count(tab.String(), "\n") != 6 {
		t.Errorf("generations table %q, %v", tab.String(), err)
	}
	if e.Provenance.Simulations == 0 || e.Provenance.Generations != 4 {
		t.Errorf("provenance %+v", e.Provenance)
	}
}

func TestReadEnsembleRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"format":  `{"format":"other"}`,
		"weights": `{"format":"joinedup-ensemble/1","priors":[{"Name":"a","Low":0,"High":1,"Log":false}],"particles":[[0.5],[0.2]],"weights":[0.5,0.6]}`,
		"outside": `{"format":"joinedup-ensemble/1","priors":[{"Name":"a","Low":0,"High":1,"Log":false}],"particles":[[1.5]],"weights":[1]}`,
		"unknown": `{"format":"joinedup-ensemble/1","colour":"red"}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadEnsemble(strings.NewReader(doc), "bad.json")
			if err == nil || !strings.Contains(err.Error(), "bad.json") {
				t.Fatalf("error %v, want one naming bad.json", err)
			}
		})
	}
}

func column(e *Ensemble, k int) []float64 {
	out := make([]float64, len(e.Particles))
	for i, x := range e.Particles {
		out[i] = x[k]
	}
	return out
}

func TestPredictiveCheck(t *testing.T) {
	draws := make([]float64, 1000)
	for i := range draws {
		draws[i] = float64(i) // 0..999
	}
	for _, c := range []struct {
		name   string
		obs    float64
		q      float64
		inside bool
	}{
		{"middle", 499.5, 0.5, true},
		{"low tail", 10, 0.0105, false},
		{"above all", 5000, 1, false},
		{"on the 5% quantile", 49, 0.0495, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ch := PredictiveCheck("x", c.obs, draws)
			if math.Abs(ch.Quantile-c.q) > 1e-9 || ch.Inside != c.inside {
				t.Errorf("quantile %.4f inside %v, want %.4f %v (interval [%g, %g])", ch.Quantile, ch.Inside, c.q, c.inside, ch.Lo, ch.Hi)
			}
		})
	}
	// An event that never happened in any run: the observed week lies
	// beyond every draw.
	never := []float64{math.Inf(1), math.Inf(1)}
	ch := PredictiveCheck("ended", 126, never)
	if ch.Quantile != 0 || ch.Inside || !math.IsNaN(ch.Mean) {
		t.Errorf("never-happening event: %+v", ch)
	}
	var buf bytes.Buffer
	if err := WriteChecksCSV(&buf, []Check{ch}); err != nil || buf.String() != "target,observed,n,mean,p05,p95,quantile,inside_90\nended,126,2,NaN,+Inf,+Inf,0,false\n" {
		t.Errorf("csv %q, %v", buf.String(), err)
	}
	buf.Reset()
	if err := WriteChecks(&buf, []Check{ch}); err != nil || !strings.Contains(buf.String(), "ended") {
		t.Errorf("table %q, %v", buf.String(), err)
	}
}

func TestPriorMoments(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, p := range []Prior{{Name: "u", Low: 2, High: 5}, {Name: "l", Low: 0.01, High: 10, Log: true}} {
		const n = 200000
		var s, s2 float64
		for range n {
			x := p.Sample(r)
			if !p.Contains(x) {
				t.Fatalf("%s: draw %g outside", p.Name, x)
			}
			s += x
			s2 += x * x
		}
		m := s / n
		sd := math.Sqrt(s2/n - m*m)
		if math.Abs(m-p.Mean()) > 4*p.SD()/math.Sqrt(n) || math.Abs(sd-p.SD()) > 0.02*p.SD() {
			t.Errorf("%s: sampled mean %.4f sd %.4f, analytic %.4f %.4f", p.Name, m, sd, p.Mean(), p.SD())
		}
	}
}

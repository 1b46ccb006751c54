package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runAndAnalyse(t *testing.T, text string, o AnalyseOptions) *SweepAnalysis {
	t.Helper()
	s := loadSweep(t, text)
	dir := filepath.Join(t.TempDir(), "sweep")
	if err := RunSweep(context.Background(), s, SweepOptions{Dir: dir, Version: "test", Merge: true}); err != nil {
		t.Fatal(err)
	}
	a, err := AnalyseSweep(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	names, err := a.WriteCSV(filepath.Join(dir, "analysis"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, "analysis", n)); err != nil {
			t.Error(err)
		}
	}
	return a
}

// An inert factor (a cost that no mechanism reads back) has no effect on
// cohesion: on common random numbers its elementary effects are exactly
// zero. An active one (trust gain) has a mu* whose interval excludes zero.
func TestSweepMorrisTellsActiveFromInert(t *testing.T) {
	a := runAndAnalyse(t, `
base = "sedgefield"
weeks = 26
replicates = 2
seed = 9
[design]
kind = "morris"
size = 6
[[factor]]
param = "trust_gain"
role = "uncertainty"
min = 0.005
max = 0.05
[[factor]]
param = "emergency_cost"
role = "uncertainty"
min = 1000
max = 3000
[[outcome]]
metric = "cohesion"
week = 26
`, AnalyseOptions{Resamples: 200})
	if len(a.Morris) != 2 {
		t.Fatalf("%d Morris rows, want 2", len(a.Morris))
	}
	active, inert := a.Morris[0], a.Morris[1]
	if active.Factor != "trust_gain" || !(active.MuStarLo > 0) || active.N != 6 {
		t.Errorf("trust_gain: %+v; want mu* with an interval above zero over 6 trajectories", active)
	}
	if inert.MuStar != 0 || inert.MuStarHi != 0 {
		t.Errorf("emergency_cost: %+v; want mu* exactly 0", inert)
	}
}

// A grid over a categorical lever and a ranged uncertainty: every
// combination once, curves with a bin per level, and PRIM naming levels.
func TestSweepGridWithLevels(t *testing.T) {
	a := runAndAnalyse(t, `
base = "sedgefield"
weeks = 26
replicates = 3
seed = 9
[design]
kind = "grid"
levels = 3
[[factor]]
path = "partnership.targets"
role = "lever"
levels = ["joint", "separate"]
[[factor]]
name = "pathway leadership"
path = 'team["pathway team"].leadership'
role = "uncertainty"
min = 0.2
max = 1.0
[[outcome]]
metric = "nhs_performance"
week = 26
`, AnalyseOptions{PRIM: "nhs_performance@26 < 2"})
	if a.Info.Points != 6 {
		t.Fatalf("%d points, want 2 × 3", a.Info.Points)
	}
	bins := map[string]int{}
	for _, c := range a.Curves {
		bins[c.Factor]++
	}
	if bins["partnership.targets"] != 2 || bins["pathway leadership"] != 3 {
		t.Errorf("curve bins %v; want 2 for the lever's levels and 3 for the grid's", bins)
	}
	if a.PRIM == nil || a.PRIM.Cases != 6 {
		t.Errorf("PRIM: %+v", a.PRIM)
	}
	if !strings.EqualFold(a.Info.Factors[0].Levels[1], "separate") || !a.Info.Factors[0].Categorical {
		t.Errorf("factor 0: %+v", a.Info.Factors[0])
	}
}

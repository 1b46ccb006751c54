package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// drawsSweep sweeps turnover, which the test ensemble also gives, and a
// scenario setting, over a base that sets stress_rate, the ensemble's
// other parameter, in its own [parameters]; and a third parameter of the
// ensemble, trust_gain, that nothing sets.
const drawsSweep = `
base = "base.toml"
weeks = 2
replicates = 6
seed = 5
[design]
kind = "latin-hypercube"
size = 5
[[factor]]
param = "turnover"
role = "uncertainty"
min = 0.1
max = 0.3
[[factor]]
path = "partnership.pace"
role = "lever"
min = 0.1
max = 0.9
[[outcome]]
metric = "cohesion"
week = 2
`

const drawsBase = `
extends = "sedgefield"
[parameters]
stress_rate = 0.2
`

func drawsEnsemble() *Ensemble {
	return &Ensemble{Source: "test", Hash: "test-hash",
		Names:   []string{"turnover", "stress_rate", "trust_gain"},
		Sets:    [][]float64{{0.05, 0.05, 0.01}, {0.5, 0.5, 0.02}, {0.95, 0.9, 0.03}},
		Weights: []float64{0.3, 0.3, 0.4}}
}

func loadSweepWithBase(t *testing.T, sweep, base string) *Sweep {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "base.toml"), []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadSweepIn(t, dir, sweep)
}

// readSweepManifest reads the manifest of the sweep folder dir.
func readSweepManifest(t *testing.T, dir string) SweepManifestData {
	t.Helper()
	var m SweepManifestData
	data, err := os.ReadFile(filepath.Join(dir, SweepManifest))
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSweepRecordsDraws checks draws.csv: with common random numbers
// replicate r draws the same set at every design point; a parameter a
// factor sets shows the factor's value and one the base scenario sets
// shows the scenario's, both listed as not drawn; the drawn parameter
// shows its set's value; and the file is the same bytes whatever the
// number of workers.
func TestSweepRecordsDraws(t *testing.T) {
	s := loadSweepWithBase(t, drawsSweep, drawsBase)
	e := drawsEnsemble()
	s.UseEnsemble(e)
	root := t.TempDir()
	var files [][]byte
	for _, w := range []int{1, 2} {
		dir := filepath.Join(root, strconv.Itoa(w))
		if err := RunSweep(context.Background(), s, SweepOptions{Dir: dir, Version: "test", Workers: w, Merge: true}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, DrawsTable))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, data)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Errorf("%s differs between 1 and 2 workers", DrawsTable)
	}
	dir := filepath.Join(root, "1")
	rows, err := readCSV(filepath.Join(dir, DrawsTable))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"point", "replicate", "set", "turnover", "stress_rate", "trust_gain", "not_drawn"}
	if got := rows[0]; len(got) != len(want) {
		t.Fatalf("%s header %q, want %q", DrawsTable, got, want)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s header %q, want %q", DrawsTable, got, want)
			}
		}
	}
	if len(rows) != 1+s.Runs() {
		t.Fatalf("%s has %d rows, want %d", DrawsTable, len(rows)-1, s.Runs())
	}
	design, err := readCSV(filepath.Join(dir, designFileName))
	if err != nil {
		t.Fatal(err)
	}
	setOf := map[string]string{} // replicate → set at point 0
	sets := map[string]bool{}
	for i, row := range rows[1:] {
		p, r := i/s.Replicates, strconv.Itoa(i%s.Replicates)
		if row[0] != strconv.Itoa(p) || row[1] != r {
			t.Fatalf("row %d is point %s replicate %s, want %d and %s", i+1, row[0], row[1], p, r)
		}
		if p == 0 {
			setOf[r] = row[2]
		} else if row[2] != setOf[r] {
			t.Errorf("point %d, replicate %s drew set %s; at point 0 it drew %s (common random numbers share draws)", p, r, row[2], setOf[r])
		}
		sets[row[2]] = true
		set, err := strconv.Atoi(row[2])
		if err != nil || set < 0 || set >= len(e.Sets) {
			t.Fatalf("row %d: set %q", i+1, row[2])
		}
		if row[3] != design[p+1][1] {
			t.Errorf("point %d: turnover %s, want the factor's %s", p, row[3], design[p+1][1])
		}
		if row[4] != "0.2" {
			t.Errorf("point %d: stress_rate %s, want the base scenario's 0.2", p, row[4])
		}
		if row[5] != formatValue(e.Sets[set][2]) {
			t.Errorf("point %d: trust_gain %s, want set %d's %g", p, row[5], set, e.Sets[set][2])
		}
		if row[6] != "turnover stress_rate" {
			t.Errorf("point %d: not_drawn %q, want \"turnover stress_rate\"", p, row[6])
		}
	}
	if len(sets) < 2 {
		t.Errorf("every replicate drew the same set: %v", sets)
	}

	// A run is re-made from its point's settings and the values draws.csv
	// records, on fixed parameters: replicate 4 of point 3.
	runs, err := readCSV(filepath.Join(dir, RunsTable))
	if err != nil {
		t.Fatal(err)
	}
	p, r := 3, 4
	row := rows[1+p*s.Replicates+r]
	pl := s.plan(p, Shard{}, 1)
	pl.Ensemble = nil
	cfgs, _, err := pl.configs(pl.Points[0])
	if err != nil {
		t.Fatal(err)
	}
	cfg := *cfgs[0]
	for k, n := range e.Names {
		v, err := strconv.ParseFloat(row[3+k], 64)
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.Params.Set(n, v); err != nil {
			t.Fatal(err)
		}
	}
	var remade string
	remake := Plan{Arms: []Arm{{Name: "remake", Config: &cfg}}, Replicates: r + 1, Weeks: s.Weeks, Every: 1, Seed: s.Seed}
	if err := Run(context.Background(), remake, SinkFunc(func(u *Unit) error {
		if u.Replicate == r {
			remade = formatValue(s.outcomeValues(u.Arms[0], nil)[0])
		}
		return nil
	})); err != nil {
		t.Fatal(err)
	}
	if got := runs[1+p*s.Replicates+r][4]; got != remade {
		t.Errorf("point %d, replicate %d: cohesion %s in %s, %s when re-made from %s", p, r, got, RunsTable, remade, DrawsTable)
	}
	m := readSweepManifest(t, dir)
	if m.Params != "ensemble" || m.EnsembleHash != "test-hash" || m.RowCounts[DrawsTable] != s.Runs() {
		t.Errorf("manifest: params %q, ensemble hash %q, %d draws rows", m.Params, m.EnsembleHash, m.RowCounts[DrawsTable])
	}
}

// TestSweepFixedParamsDrawsNothing checks that a sweep with fixed
// parameters writes no draws.csv and says so in its manifest.
func TestSweepFixedParamsDrawsNothing(t *testing.T) {
	s := loadSweepWithBase(t, drawsSweep, drawsBase)
	dir := t.TempDir()
	if err := RunSweep(context.Background(), s, SweepOptions{Dir: dir, Version: "test", Merge: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, DrawsTable)); !os.IsNotExist(err) {
		t.Errorf("a sweep with fixed parameters wrote %s (%v)", DrawsTable, err)
	}
	m := readSweepManifest(t, dir)
	if m.Params != "fixed" || m.EnsembleHash != "" || m.RowCounts[DrawsTable] != 0 {
		t.Errorf("manifest: params %q, ensemble hash %q, %d draws rows; want fixed, none, 0", m.Params, m.EnsembleHash, m.RowCounts[DrawsTable])
	}
}

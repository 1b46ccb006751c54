package experiment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// arms returns sedgefield and its variant with separate targets.
func testArms(t testing.TB) []Arm {
	t.Helper()
	a, err := NewArm("sedgefield")
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewArm("sedgefield", scenarios.Override{Path: "partnership.targets", Value: "separate"})
	if err != nil {
		t.Fatal(err)
	}
	return []Arm{a, b}
}

// digest is a Sink that records a hash of every unit it sees, by unit
// index, and the order in which they came.
type digest struct {
	sums  map[int][32]byte
	order []int
}

func (d *digest) Add(u *Unit) error {
	if d.sums == nil {
		d.sums = map[int][32]byte{}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d %d %d %v;", u.Point, u.Replicate, u.Seed.Stream, u.Settings)
	for _, tr := range u.Arms {
		for _, t := range tr.Ticks {
			binary.Write(h, binary.LittleEndian, int64(t))
		}
		binary.Write(h, binary.LittleEndian, tr.Values)
	}
	var s [32]byte
	copy(s[:], h.Sum(nil))
	d.sums[u.Index] = s
	d.order = append(d.order, u.Index)
	return nil
}

func smallPlan(t testing.TB) Plan {
	return Plan{
		Arms: testArms(t), Replicates: 5, Weeks: 12, Every: 3, Seed: 7,
		Points: []Point{{}, {Settings: []Setting{{Factor: "trust_gain", Param: true, Value: "0.02"}}},
			{Settings: []Setting{{Factor: "team[0].colocated", Value: "false"}}}},
	}
}

// TestDeterminism checks that what sinks see does not depend on the number
// of workers, and that shards together deliver exactly the plan's units,
// each the same as in the whole run.
func TestDeterminism(t *testing.T) {
	var ref *digest
	for _, w := range []int{1, 2, 4} {
		p := smallPlan(t)
		p.Workers = w
		d := &digest{}
		if err := Run(context.Background(), p, d); err != nil {
			t.Fatal(err)
		}
		for i, k := range d.order {
			if k != i {
				t.Fatalf("%d workers: unit %d delivered at position %d", w, k, i)
			}
		}
		if ref == nil {
			ref = d
			if len(d.order) != 15 {
				t.Fatalf("%d units, want 3 points × 5 replicates", len(d.order))
			}
			continue
		}
		for k, s := range d.sums {
			if ref.sums[k] != s {
				t.Errorf("%d workers: unit %d differs from 1 worker's", w, k)
			}
		}
	}
	seen := map[int]int{}
	for i := range 4 {
		p := smallPlan(t)
		p.Workers = 3
		p.Shard = Shard{Index: i, Count: 4}
		d := &digest{}
		if err := Run(context.Background(), p, d); err != nil {
			t.Fatal(err)
		}
		if p.Units() != len(d.order) {
			t.Errorf("shard %d: Units %d, delivered %d", i, p.Units(), len(d.order))
		}
		for j, k := range d.order {
			seen[k]++
			if j > 0 && k <= d.order[j-1] {
				t.Errorf("shard %d: unit %d after %d", i, k, d.order[j-1])
			}
			if ref.sums[k] != d.sums[k] {
				t.Errorf("shard %d: unit %d differs from the unsharded run's", i, k)
			}
		}
	}
	if len(seen) != 15 {
		t.Errorf("shards delivered %d distinct units, want 15", len(seen))
	}
	// Only selects units within the plan, with unchanged seeds.
	p := smallPlan(t)
	p.Only = func(k int) bool { return k%3 == 1 }
	d := &digest{}
	if err := Run(context.Background(), p, d); err != nil {
		t.Fatal(err)
	}
	if len(d.order) != 5 || p.Units() != 5 {
		t.Errorf("Only delivered %v (Units %d), want units 1, 4, 7, 10, 13", d.order, p.Units())
	}
	for _, k := range d.order {
		if k%3 != 1 || ref.sums[k] != d.sums[k] {
			t.Errorf("Only: unit %d delivered or differs from the whole run's", k)
		}
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("unit %d delivered %d times by the shards", k, n)
		}
	}
}

// TestSettingsApply checks that a design point's settings change the run
// and that points draw on their own streams unless SharedStreams is set.
func TestSettingsApply(t *testing.T) {
	p := smallPlan(t)
	d := &digest{}
	if err := Run(context.Background(), p, d); err != nil {
		t.Fatal(err)
	}
	if d.sums[0] == d.sums[5] || d.sums[0] == d.sums[10] {
		t.Error("design points 1 or 2 gave the same trajectories as point 0")
	}
	// With shared streams and a point that changes nothing, points repeat.
	p.Points = []Point{{}, {}}
	p.SharedStreams = true
	var got [][]float64
	sink := SinkFunc(func(u *Unit) error {
		if u.Replicate == 0 {
			got = append(got, append([]float64(nil), u.Arms[0].Values...))
		}
		return nil
	})
	if err := Run(context.Background(), p, sink); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !equalFloats(got[0], got[1]) {
		t.Error("with shared streams, two points that change nothing differ")
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// TestBadPoint checks that a design point whose override does not apply
// stops the run with an error naming the point and the override.
func TestBadPoint(t *testing.T) {
	p := smallPlan(t)
	p.Points = append(p.Points, Point{Settings: []Setting{{Factor: "team[0].colocate", Value: "false"}}})
	err := Run(context.Background(), p, &digest{})
	if err == nil || !strings.Contains(err.Error(), "design point 3") || !strings.Contains(err.Error(), "colocate") {
		t.Errorf("error %v, want one naming design point 3 and the unknown key", err)
	}
}

// TestPairedDifferencesAsBefore checks that the streaming paired
// differences equal those computed the old way: every replicate of each
// arm kept in a results.Set by sim.Run, then results.Compare.
func TestPairedDifferencesAsBefore(t *testing.T) {
	arms := testArms(t)
	p := Plan{Arms: arms, Replicates: 12, Weeks: 30, Every: 2, Seed: 11, Workers: 2}
	var diffs Differences
	var sums Summaries
	if err := Run(context.Background(), p, &diffs, &sums); err != nil {
		t.Fatal(err)
	}
	var sets []*results.Set
	for i, a := range arms {
		cfg, err := a.Scenario.Build()
		if err != nil {
			t.Fatal(err)
		}
		cfg.Weeks = p.Weeks
		meta := results.Meta{Scenario: a.Name, Run: i, Seed: p.Seed, Replicates: p.Replicates, Weeks: p.Weeks, Every: p.Every, Start: cfg.Start, Metrics: metricsOf(cfg)}
		rec := results.NewRecorder(meta, nil)
		f := func(rep sim.Replicate) (sim.Model, error) { return model.New(cfg, rep) }
		if err := sim.Run(context.Background(), sim.Config{Ticks: p.Weeks, Replicates: p.Replicates, Every: p.Every, Seed: p.Seed}, f, rec); err != nil {
			t.Fatal(err)
		}
		sets = append(sets, rec.Set())
	}
	old, err := results.Compare(sets[0], sets[1])
	if err != nil {
		t.Fatal(err)
	}
	got := diffs.Point(0)
	if len(got) != len(old) {
		t.Fatalf("%d differences, want %d", len(got), len(old))
	}
	close := func(a, b float64) bool {
		return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
	}
	for i, d := range got {
		o := old[i]
		if d.Metric != o.Metric || d.Week != o.Week || d.N != o.N || d.Excludes0 != o.Excludes0 ||
			!close(d.Diff, o.Diff) || !close(d.SD, o.SD) || !close(d.Lo, o.Lo) || !close(d.Hi, o.Hi) ||
			!close(d.MeanBase, o.MeanBase) || !close(d.MeanOther, o.MeanOther) {
			t.Fatalf("difference %d:\n got %+v\nwant %+v", i, d, o)
		}
	}
	// The summaries equal those of the old way too.
	for a, set := range sets {
		old := results.Summarise(set)
		got := sums.Point(0)[a].Summaries()
		for i := range old {
			o, g := old[i], got[i]
			if g.Metric != o.Metric || g.Week != o.Week || g.N != o.N || !close(g.Mean, o.Mean) || !close(g.SD, o.SD) ||
				!close(g.Lo, o.Lo) || !close(g.P025, o.P025) || !close(g.P975, o.P975) {
				t.Fatalf("arm %d summary %d:\n got %+v\nwant %+v", a, i, g, o)
			}
		}
	}
}

// TestCancelWritesNothing cancels runs at several points and checks that
// neither the folder nor any temporary folder is left.
func TestCancelWritesNothing(t *testing.T) {
	for _, at := range []int{0, 1, 7, 15} {
		t.Run(fmt.Sprint(at), func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n := 0
			stop := SinkFunc(func(*Unit) error {
				if n++; n == at {
					cancel()
				}
				return nil
			})
			if at == 0 {
				cancel()
			}
			err := Run(ctx, smallPlan(t), NewFolder(FolderOptions{Dir: dir}), stop)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want the cancellation", err)
			}
			ents, _ := os.ReadDir(parent)
			if len(ents) != 0 {
				t.Errorf("cancelled run left %v", ents)
			}
		})
	}
}

// TestRerunFromFolder writes a folder, makes the run again from the
// folder alone and checks the data files are byte-identical, with fixed
// parameters and with parameters drawn from an ensemble (which the
// manifest records whole).
func TestRerunFromFolder(t *testing.T) {
	t.Run("fixed", func(t *testing.T) { rerunFromFolder(t, nil) })
	t.Run("ensemble", func(t *testing.T) { rerunFromFolder(t, testEnsemble()) })
}

func rerunFromFolder(t *testing.T, ens *Ensemble) {
	tmp := t.TempDir()
	p := smallPlan(t)
	p.Ensemble = ens
	p.Arms[1].Overrides = append(p.Arms[1].Overrides, scenarios.Override{Path: "team[1].colocated", Value: "false"})
	s, err := scenarios.ResolveWith("sedgefield", p.Arms[1].Overrides)
	if err != nil {
		t.Fatal(err)
	}
	p.Arms[1].Scenario = s
	first := filepath.Join(tmp, "first")
	if err := Run(context.Background(), p, NewFolder(FolderOptions{Dir: first, Version: "test"})); err != nil {
		t.Fatal(err)
	}
	q, err := LoadPlan(first)
	if err != nil {
		t.Fatal(err)
	}
	if (q.Ensemble == nil) != (ens == nil) || (ens != nil && (q.Ensemble.Hash != ens.Hash || len(q.Ensemble.Sets) != len(ens.Sets))) {
		t.Fatalf("the folder's plan draws from %+v, want %+v", q.Ensemble, ens)
	}
	q.Workers = 3
	second := filepath.Join(tmp, "second")
	if err := Run(context.Background(), q, NewFolder(FolderOptions{Dir: second, Version: "test"})); err != nil {
		t.Fatal(err)
	}
	names := []string{"replicates.parquet", "summary.csv", "comparison.csv", "runs.csv", "metrics.csv", "arms/0-sedgefield.toml"}
	if ens != nil {
		names = append(names, DrawsName)
	}
	for _, name := range names {
		a, err := os.ReadFile(filepath.Join(first, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(second, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs when re-made from the folder", name)
		}
	}
	for _, d := range []string{first, filepath.Join(first, "arms")} {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o755 {
			t.Errorf("%s has mode %v, want 0755 (readable by colleagues)", d, fi.Mode().Perm())
		}
	}
}

// TestCache runs a plan twice through a cache: the second run reads the
// first's values back and writes byte-identical files; a changed plan
// misses; a bound below an entry's size keeps nothing.
func TestCache(t *testing.T) {
	tmp := t.TempDir()
	c := &Cache{Dir: filepath.Join(tmp, "cache"), Version: "test"}
	p := smallPlan(t)
	p.Cache = c
	first := filepath.Join(tmp, "first")
	if err := Run(context.Background(), p, NewFolder(FolderOptions{Dir: first, Version: "test"})); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(c.Dir)
	if len(ents) != 1 {
		t.Fatalf("cache holds %d entries after one run, want 1", len(ents))
	}
	var cached bool
	probe := &infoProbe{cached: &cached}
	second := filepath.Join(tmp, "second")
	if err := Run(context.Background(), p, NewFolder(FolderOptions{Dir: second, Version: "test"}), probe); err != nil {
		t.Fatal(err)
	}
	if !cached {
		t.Error("second run was not read from the cache")
	}
	for _, name := range []string{"replicates.parquet", "summary.csv", "comparison.csv"} {
		a, _ := os.ReadFile(filepath.Join(first, name))
		b, _ := os.ReadFile(filepath.Join(second, name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs when read from the cache", name)
		}
	}
	q := p
	q.Seed++
	if err := Run(context.Background(), q, probe); err != nil {
		t.Fatal(err)
	}
	if cached {
		t.Error("a run with another seed was read from the cache")
	}
	// A bound below one entry's size keeps nothing new and evicts.
	c.MaxBytes = 1
	q.Seed++
	if err := Run(context.Background(), q, probe); err != nil {
		t.Fatal(err)
	}
	c.evict()
	if ents, _ := os.ReadDir(c.Dir); len(ents) != 0 {
		t.Errorf("cache bounded to 1 byte holds %d entries", len(ents))
	}
}

type infoProbe struct{ cached *bool }

func (p *infoProbe) Start(info *Info) error { *p.cached = info.Cached; return nil }
func (p *infoProbe) Add(*Unit) error        { return nil }

// TestFolderRefusesCodeBuiltArms checks that a folder cannot record an arm
// built in code, and that it then leaves nothing behind.
func TestFolderRefusesCodeBuiltArms(t *testing.T) {
	arm := testArms(t)[0]
	cfg, err := arm.Scenario.Build()
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	p := Plan{Arms: []Arm{{Name: "built", Config: cfg}}, Replicates: 2, Weeks: 4}
	err = Run(context.Background(), p, NewFolder(FolderOptions{Dir: filepath.Join(parent, "out")}))
	if err == nil || !strings.Contains(err.Error(), "built in code") {
		t.Errorf("error %v, want one saying the arm was built in code", err)
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Errorf("failed start left %v", ents)
	}
}

// TestArmOrder checks that an arm's trajectories do not depend on its
// position in the plan or on the other arms: every arm of a unit draws on
// the unit's streams alone.
func TestArmOrder(t *testing.T) {
	collect := func(arms []Arm) map[string][][]float64 {
		out := map[string][][]float64{}
		p := Plan{Arms: arms, Replicates: 4, Weeks: 10, Every: 2, Seed: 5, Workers: 3}
		sink := SinkFunc(func(u *Unit) error {
			for a, tr := range u.Arms {
				out[arms[a].Name] = append(out[arms[a].Name], append([]float64(nil), tr.Values...))
			}
			return nil
		})
		if err := Run(context.Background(), p, sink); err != nil {
			t.Fatal(err)
		}
		return out
	}
	arms := testArms(t)
	both := collect(arms)
	reversed := collect([]Arm{arms[1], arms[0]})
	alone := collect(arms[1:])
	for name, reps := range both {
		for r := range reps {
			if !equalFloats(reps[r], reversed[name][r]) {
				t.Errorf("%s replicate %d changes when the arms are reversed", name, r)
			}
		}
	}
	for r, v := range alone[arms[1].Name] {
		if !equalFloats(v, both[arms[1].Name][r]) {
			t.Errorf("%s replicate %d changes when run alone", arms[1].Name, r)
		}
	}
}

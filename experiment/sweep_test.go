package experiment

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/joinedup/joinedup/scenarios"
)

// sedgefieldLHS is a 2-factor Latin-hypercube sweep of 64 points × 20
// replicates over Sedgefield, at a short run length so the test is quick.
const sedgefieldLHS = `
base = "sedgefield"
weeks = 8
replicates = 20
seed = 11
[design]
kind = "latin-hypercube"
size = 64
[[factor]]
path = "partnership.pace"
role = "lever"
min = 0.1
max = 0.9
[[factor]]
name = "pathway leadership"
path = 'team["pathway team"].leadership'
role = "uncertainty"
min = 0.2
max = 1.0
[[outcome]]
metric = "cohesion"
week = 8
[[outcome]]
metric = "weeks_to_intervention"
window = [4, 8]
statistic = "median"
`

func loadSweep(t testing.TB, text string) *Sweep {
	t.Helper()
	return loadSweepIn(t, t.TempDir(), text)
}

// loadSweepIn writes the sweep file text into dir (beside any base
// scenario the test put there) and loads it.
func loadSweepIn(t testing.TB, dir, text string) *Sweep {
	t.Helper()
	path := filepath.Join(dir, "sweep.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := scenarios.LoadSweep(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSweep(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSweepShardedResumedMergeIsByteIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 2,560 short simulations")
	}
	s := loadSweep(t, sedgefieldLHS)
	if len(s.Points) != 64 || s.Runs() != 1280 {
		t.Fatalf("%d points, %d runs; want 64 and 1280", len(s.Points), s.Runs())
	}
	// Replicates draw their parameters, as by default, so draws.csv is
	// checked too.
	s.UseEnsemble(testEnsemble())
	root := t.TempDir()
	whole := filepath.Join(root, "whole")
	if err := RunSweep(context.Background(), s, SweepOptions{Dir: whole, Version: "test", Merge: true}); err != nil {
		t.Fatal(err)
	}

	// Four shards in four folders; shard 3 is interrupted after a few
	// points and resumed.
	var dirs []string
	for i := range 4 {
		dir := filepath.Join(root, "shard", string(rune('a'+i)))
		dirs = append(dirs, dir)
		o := SweepOptions{Dir: dir, Shard: Shard{Index: i, Count: 4}, Version: "test", Workers: 1 + i%2}
		if i == 2 {
			ctx, cancel := context.WithCancel(context.Background())
			o.Progress = func(done, total int) {
				if done >= 30 {
					cancel()
				}
			}
			err := RunSweep(ctx, s, o)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted shard: %v", err)
			}
			// A merge now finds runs missing and says how to finish.
			_, err = MergeSweep(dirs, filepath.Join(root, "early"))
			var m *MissingRunsError
			if !errors.As(err, &m) || m.Missing == 0 {
				t.Fatalf("merge of an incomplete sweep: %v", err)
			}
			if err := RunSweep(context.Background(), s, o); err == nil {
				t.Fatal("a second run into a folder with runs, without resume, succeeded")
			}
			o.Progress, o.Resume = nil, true
		}
		if err := RunSweep(context.Background(), s, o); err != nil {
			t.Fatal(err)
		}
	}
	merged := filepath.Join(root, "merged")
	if _, err := MergeSweep(dirs, merged); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{RunsTable, PointsTable, DrawsTable, SweepManifest, designFileName} {
		a, err1 := os.ReadFile(filepath.Join(whole, name))
		b, err2 := os.ReadFile(filepath.Join(merged, name))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the sweep run whole and the merge of its shards", name)
		}
	}
	// Merging a shard twice is refused.
	if _, err := MergeSweep(append(dirs, dirs[0]), filepath.Join(root, "twice")); err == nil {
		t.Error("merging a shard twice succeeded")
	}
}

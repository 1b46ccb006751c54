package experiment

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// sobolSweep is a 4-factor Sobol sweep over Sedgefield at a short run
// length, with base sample size N.
func sobolSweep(n int) string {
	return fmt.Sprintf(`
base = "sedgefield"
weeks = 26
replicates = 2
seed = 3
[design]
kind = "sobol"
size = %d
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
[[factor]]
param = "trust_gain"
role = "uncertainty"
min = 0.005
max = 0.05
distribution = "log-uniform"
[[factor]]
param = "turnover"
role = "uncertainty"
min = 0.08
max = 0.25
[[outcome]]
metric = "cohesion"
week = 26
`, n)
}

func TestSweepSobolIndicesConsistentAndStable(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 2,304 short simulations")
	}
	analyse := func(n int) []SobolRow {
		s := loadSweep(t, sobolSweep(n))
		if got, want := len(s.Points), n*6; got != want {
			t.Fatalf("N = %d: %d points, want %d", n, got, want)
		}
		dir := filepath.Join(t.TempDir(), "sobol")
		if err := RunSweep(context.Background(), s, SweepOptions{Dir: dir, Version: "test", Merge: true}); err != nil {
			t.Fatal(err)
		}
		a, err := AnalyseSweep(dir, AnalyseOptions{Resamples: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Sobol) != 4 {
			t.Fatalf("%d Sobol rows, want 4", len(a.Sobol))
		}
		return a.Sobol
	}
	small, large := analyse(64), analyse(128)
	for _, rows := range [][]SobolRow{small, large} {
		for _, r := range rows {
			// First-order ≤ total, within the intervals. For a factor with
			// almost no effect (the pace, whose total is of order 1e-4 here)
			// Jansen's total has an interval that shrinks with the effect
			// while Saltelli's first-order has one set by the output's whole
			// variance (width about 0.004 at N = 64), so its lower end can
			// pass a near-zero total by a few thousandths at 95% by chance:
			// only a gap beyond that resolution (0.01) is an inconsistency.
			if r.S1Lo > r.STHi+0.01 {
				t.Errorf("%s: first-order %.3g [%.3g, %.3g] above total %.3g [%.3g, %.3g]", r.Factor, r.S1, r.S1Lo, r.S1Hi, r.ST, r.STLo, r.STHi)
			}
			if !(r.STLo <= r.ST && r.ST <= r.STHi) || !(r.S1Lo <= r.S1 && r.S1 <= r.S1Hi) {
				t.Errorf("%s: an estimate outside its interval: %+v", r.Factor, r)
			}
		}
	}
	rank := func(rows []SobolRow) []string {
		rows = append([]SobolRow(nil), rows...)
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].ST > rows[j].ST })
		var out []string
		for _, r := range rows {
			out = append(out, r.Factor)
		}
		return out
	}
	t.Logf("ranking by total index: N=64 %s; N=128 %s", strings.Join(rank(small), ", "), strings.Join(rank(large), ", "))
	// Factors whose total indices are told apart at 2N (disjoint
	// intervals) keep their order at N.
	for i := range large {
		for j := range large {
			if large[i].STLo > large[j].STHi && !(small[i].ST > small[j].ST) {
				t.Errorf("ranking changed when N doubled: %s above %s at N=128 (%.3g vs %.3g) but not at N=64 (%.3g vs %.3g)",
					large[i].Factor, large[j].Factor, large[i].ST, large[j].ST, small[i].ST, small[j].ST)
			}
		}
	}
	if rank(small)[0] != rank(large)[0] {
		t.Errorf("most influential factor: %s at N=64, %s at N=128", rank(small)[0], rank(large)[0])
	}
}

func TestShardFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		name  string
		env   func(string) string
		count int
		want  Shard
		err   string
	}{
		{"slurm from 0", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "3", "SLURM_ARRAY_TASK_COUNT", "4"), 0, Shard{2, 4}, ""},
		{"slurm position not id", env("SLURM_ARRAY_TASK_ID", "12", "SLURM_ARRAY_TASK_MIN", "10", "SLURM_ARRAY_TASK_MAX", "13", "SLURM_ARRAY_TASK_COUNT", "4"), 0, Shard{2, 4}, ""},
		{"slurm stepped array", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "6", "SLURM_ARRAY_TASK_COUNT", "4"), 0, Shard{}, "plain range"},
		{"slurm count mismatch", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "3", "SLURM_ARRAY_TASK_COUNT", "4"), 5, Shard{}, "-shards 5"},
		{"slurm partial", env("SLURM_ARRAY_TASK_ID", "2"), 0, Shard{}, "SLURM_ARRAY_TASK_MIN"},
		{"kubernetes", env("JOB_COMPLETION_INDEX", "3"), 8, Shard{3, 8}, ""},
		{"kubernetes without count", env("JOB_COMPLETION_INDEX", "3"), 0, Shard{}, "-shards N"},
		{"kubernetes index too large", env("JOB_COMPLETION_INDEX", "8"), 8, Shard{}, "outside 0..7"},
		{"nothing", env(), 4, Shard{}, "neither"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sh, _, err := ShardFromEnv(tc.env, tc.count)
			switch {
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v, want one containing %q", err, tc.err)
			case tc.err == "" && (err != nil || sh != tc.want):
				t.Errorf("got %v, %v; want %v", sh, err, tc.want)
			}
		})
	}
}

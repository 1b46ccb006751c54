package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/results"
)

// tinySensitivity is a design small enough for a unit test: 2 trajectories
// of 3 points, 2 replicates each, 30 weeks.
var tinySensitivity = []string{"sensitivity", "sedgefield", "-r", "2", "-n", "2", "-params", "trust_gain,team_id_gain", "-week", "30", "-quiet"}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, path))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

func TestSensitivityWritesOutput(t *testing.T) {
	tmp := t.TempDir()
	dirs := map[string]string{}
	stdouts := map[string]string{}
	for _, workers := range []string{"1", "2"} {
		t.Run("workers "+workers, func(t *testing.T) {
			dir := filepath.Join(tmp, "w"+workers)
			code, stdout, stderr := joinedup(t, append(tinySensitivity, "-workers", workers, "-o", dir)...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if stderr != "" {
				t.Errorf("-quiet printed to stderr:\n%s", stderr)
			}
			dirs[workers] = dir
			stdouts[workers] = stdout
		})
	}
	if len(dirs) != 2 {
		t.FailNow()
	}
	dir := dirs["1"]

	t.Run("effects", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "effects.csv"))
		if got := strings.Join(recs[0], ","); got != "metric,parameter,mu,mu_star,sigma,n,rank" {
			t.Fatalf("header %s", got)
		}
		seen := map[string]bool{}
		for _, r := range recs[1:] {
			seen[r[0]+"/"+r[1]] = true
			if r[5] != "2" {
				t.Errorf("%s/%s: n = %s, want 2 (one effect per trajectory)", r[0], r[1], r[5])
			}
			mu, _ := strconv.ParseFloat(r[2], 64)
			muStar, err := strconv.ParseFloat(r[3], 64)
			if err != nil || muStar < math.Abs(mu)-1e-12 {
				t.Errorf("%s/%s: mu* %s below |mu| %s", r[0], r[1], r[3], r[2])
			}
		}
		for _, m := range sensDefaultMetrics {
			for _, p := range []string{"trust_gain", "team_id_gain"} {
				if !seen[m+"/"+p] {
					t.Errorf("effects.csv has no row for %s × %s", m, p)
				}
			}
		}
		if len(recs)-1 != len(sensDefaultMetrics)*2 {
			t.Errorf("effects.csv has %d rows, want %d", len(recs)-1, len(sensDefaultMetrics)*2)
		}
	})

	t.Run("design", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "design.csv"))
		if got := strings.Join(recs[0], ","); got != "point,trajectory,trust_gain,team_id_gain" {
			t.Fatalf("header %s", got)
		}
		if len(recs)-1 != 2*3 {
			t.Fatalf("design.csv has %d points, want 6", len(recs)-1)
		}
		// Local ranges around the defaults: trust_gain 0.012 → [0.006, 0.018].
		for _, r := range recs[1:] {
			v, _ := strconv.ParseFloat(r[2], 64)
			if v < 0.006-1e-12 || v > 0.018+1e-12 {
				t.Errorf("point %s: trust_gain %g outside its local range [0.006, 0.018]", r[0], v)
			}
		}
		outs := readCSV(t, filepath.Join(dir, "outputs.csv"))
		if len(outs)-1 != 6*len(sensDefaultMetrics) {
			t.Errorf("outputs.csv has %d rows, want %d", len(outs)-1, 6*len(sensDefaultMetrics))
		}
	})

	t.Run("manifest", func(t *testing.T) {
		var m results.Manifest
		if err := json.Unmarshal(readFile(t, filepath.Join(dir, results.ManifestName)), &m); err != nil {
			t.Fatal(err)
		}
		if len(m.Runs) != 1 || m.Runs[0].Replicates != 2 || m.Runs[0].Weeks != 30 {
			t.Errorf("manifest runs %+v, want one run of 2 replicates over 30 weeks", m.Runs)
		}
		if m.RowCounts["effects.csv"] != 12 || m.RowCounts["design.csv"] != 6 {
			t.Errorf("row counts %v", m.RowCounts)
		}
		if len(m.Files) != 4 {
			t.Errorf("manifest lists %d files, want design, effects, factors and outputs", len(m.Files))
		}
	})

	t.Run("ranking", func(t *testing.T) {
		out := stdouts["1"]
		for _, want := range []string{"Morris screening of sedgefield: 2 trajectories", "\ncohesion\n", "rank  parameter", "results in " + dir} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("same across workers", func(t *testing.T) {
		for _, name := range []string{"design.csv", "factors.csv", "outputs.csv", "effects.csv"} {
			if !bytes.Equal(readFile(t, filepath.Join(dirs["1"], name)), readFile(t, filepath.Join(dirs["2"], name))) {
				t.Errorf("%s differs between -workers 1 and -workers 2", name)
			}
		}
	})
}

func TestSensitivityUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown parameter", []string{"-params", "trust_gian"}, `unknown parameter "trust_gian" (did you mean "trust_gain"?); known: contact_colocated,`},
		{"unknown metric", []string{"-metrics", "cohesoin"}, `unknown outcome "cohesoin" (did you mean "cohesion"?)`},
		{"odd levels", []string{"-levels", "3"}, "-levels 3"},
		{"no trajectories", []string{"-r", "0"}, "-r 0"},
		{"bad range", []string{"-range", "wide"}, `-range "wide": use local or full`},
		{"window too wide", []string{"-week", "4", "-window", "5"}, "-window 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, _, stderr := joinedup(t, append([]string{"sensitivity", "sedgefield", "-quiet", "-o", dir}, tc.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("output folder %s was created", dir)
			}
		})
	}
}

// BenchmarkSensitivityTrajectory times one trajectory over every parameter
// (k+1 = 44 design points × 20 replicates × 156 weeks of Sedgefield): the
// default command (-r 10) costs ten of these. Report ns/op ÷ 880 as the
// cost of one simulation.
func BenchmarkSensitivityTrajectory(b *testing.B) {
	tmp := b.TempDir()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(tmp, strconv.Itoa(i))
		if code, _, stderr := joinedup(b, "sensitivity", "sedgefield", "-r", "1", "-quiet", "-o", dir); code != exitOK {
			b.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
	}
}

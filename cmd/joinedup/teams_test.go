package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/experiment"
)

// metricsIn returns the distinct values, in order of appearance, of the
// metric column of a CSV file with a header.
func metricsIn(t *testing.T, path string) []string {
	t.Helper()
	recs := readRecords(t, path)
	col := slices.Index(recs[0], "metric")
	if col < 0 {
		t.Fatalf("%s has no metric column: %v", path, recs[0])
	}
	var names []string
	for _, r := range recs[1:] {
		if !slices.Contains(names, r[col]) {
			names = append(names, r[col])
		}
	}
	return names
}

// TestRunTeams checks that -teams adds the per-team metrics to every file
// of the output folder but not to the printed table, that without it there
// are none, and that plot draws a per-team metric from the folder.
func TestRunTeams(t *testing.T) {
	const cdc = "cohesion[child development centre]"
	for _, tt := range []struct {
		name  string
		flags []string
		teams bool
	}{
		{"with -teams", []string{"-teams"}, true},
		{"without", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := append(append(append([]string{"run", "childrens-teams"}, tt.flags...), small...), "-o", dir)
			code, stdout, stderr := joinedup(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if strings.Contains(stdout, "cohesion[") {
				t.Errorf("the printed table shows per-team metrics:\n%s", stdout)
			}
			tidy := metricsIn(t, filepath.Join(dir, "tidy.csv"))
			nTeam := 0
			for _, m := range tidy {
				if strings.HasPrefix(m, "cohesion[") {
					nTeam++
				}
			}
			if want := map[bool]int{true: 5, false: 0}[tt.teams]; nTeam != want {
				t.Fatalf("tidy.csv has cohesion rows for %d teams, want %d", nTeam, want)
			}
			if !tt.teams {
				return
			}
			for _, m := range []string{cdc, "cases_open[youth offending team]", "user_experience[neuro-rehabilitation network]"} {
				if !slices.Contains(tidy, m) {
					t.Errorf("tidy.csv has no %s rows", m)
				}
			}
			if !slices.Contains(metricsIn(t, filepath.Join(dir, "summary.csv")), cdc) {
				t.Errorf("summary.csv has no %s rows", cdc)
			}
			if !strings.Contains(string(readFile(t, filepath.Join(dir, "metrics.csv"))), cdc) {
				t.Errorf("metrics.csv does not describe %s", cdc)
			}

			code, stdout, stderr = joinedup(t, "plot", dir, "-metric", cdc, "-format", "png")
			if code != exitOK {
				t.Fatalf("plot -metric %q: exit %d, stderr:\n%s", cdc, code, stderr)
			}
			if fi, err := os.Stat(filepath.Join(dir, "plots-"+experiment.Slug(cdc), "outcomes.png")); err != nil || fi.Size() == 0 {
				t.Errorf("plot -metric %q drew no outcomes.png (%v); stdout:\n%s", cdc, err, stdout)
			}
		})
	}
}

// TestCompareTeams checks compare -teams: scenarios with different teams
// are compared on the metrics they share, and a variant of one scenario is
// compared team by team.
func TestCompareTeams(t *testing.T) {
	for _, tt := range []struct {
		name     string
		args     []string
		teamDiff bool // comparison.csv holds per-team differences
	}{
		{"different teams", []string{"childrens-teams", "sedgefield"}, false},
		{"variant", []string{"childrens-teams", "-vs", "team[0].leadership=0.3"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := append(append(append([]string{"compare"}, tt.args...), small...), "-teams", "-o", dir)
			code, _, stderr := joinedup(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			compared := metricsIn(t, filepath.Join(dir, "comparison.csv"))
			if !slices.Contains(compared, "cohesion") {
				t.Errorf("comparison.csv does not compare cohesion; metrics %v", compared)
			}
			if got := slices.Contains(compared, "cohesion[child development centre]"); got != tt.teamDiff {
				t.Errorf("comparison.csv compares cohesion[child development centre]: %v, want %v", got, tt.teamDiff)
			}
			summary := metricsIn(t, filepath.Join(dir, "summary.csv"))
			if !slices.Contains(summary, "cohesion[child development centre]") {
				t.Errorf("summary.csv has no per-team rows of the first scenario")
			}
		})
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// tinySensitivity is a Morris design small enough for a unit test: two
// parameters and a lever over every team, 2 trajectories of 4 points, 2
// replicates each, 30 weeks.
var tinySensitivity = []string{"sensitivity", "sedgefield", "-r", "2", "-n", "2", "-params", "trust_gain,team_id_gain",
	"-lever", "team[*].leadership=0.2:1", "-week", "30", "-window", "4", "-quiet", "-no-cache"}

// sensFiles are the files of a sensitivity folder that must not depend on
// how the run was made (workers, interruption).
var sensFiles = []string{"design.csv", "runs.csv", "points.csv", "ranking.csv", "factors.csv", "effects.csv",
	"analysis/morris.csv", "analysis/curves.csv", "morris.png", "sweep.toml"}

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
	factors := []string{"trust_gain", "team_id_gain", "team[*].leadership"}

	t.Run("ranking", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "ranking.csv"))
		if got := strings.Join(recs[0], ","); got != "outcome,rank,factor,role,mu_star,mu_star_lo,mu_star_hi,mu,sigma,n" {
			t.Fatalf("header %s", got)
		}
		seen := map[string]bool{}
		for _, r := range recs[1:] {
			seen[r[0]+"/"+r[2]] = true
			if r[9] != "2" {
				t.Errorf("%s/%s: n = %s, want 2 (one effect per trajectory)", r[0], r[2], r[9])
			}
			muStar, _ := strconv.ParseFloat(r[4], 64)
			lo, _ := strconv.ParseFloat(r[5], 64)
			hi, _ := strconv.ParseFloat(r[6], 64)
			mu, _ := strconv.ParseFloat(r[7], 64)
			if muStar < math.Abs(mu)-1e-12 {
				t.Errorf("%s/%s: mu* %g below |mu| %g", r[0], r[2], muStar, mu)
			}
			if !(lo <= hi) || lo < 0 {
				t.Errorf("%s/%s: interval on mu* [%g, %g]", r[0], r[2], lo, hi)
			}
			wantRole := "uncertainty"
			if r[2] == "team[*].leadership" {
				wantRole = "lever"
			}
			if r[3] != wantRole {
				t.Errorf("%s/%s: role %s, want %s", r[0], r[2], r[3], wantRole)
			}
		}
		for _, m := range sensDefaultMetrics {
			for _, f := range factors {
				if !seen[m+"@27-30/"+f] {
					t.Errorf("ranking.csv has no row for %s × %s", m, f)
				}
			}
		}
	})

	t.Run("effects in the screening's columns", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "effects.csv"))
		if got := strings.Join(recs[0], ","); got != "metric,parameter,mu,mu_star,sigma,n,rank" {
			t.Fatalf("header %s", got)
		}
		if len(recs)-1 != len(sensDefaultMetrics)*len(factors) {
			t.Errorf("effects.csv has %d rows, want %d", len(recs)-1, len(sensDefaultMetrics)*len(factors))
		}
	})

	t.Run("local ranges", func(t *testing.T) {
		// trust_gain's default 0.012 → [0.006, 0.018].
		recs := readCSV(t, filepath.Join(dir, "design.csv"))
		if got := strings.Join(recs[0][:4], ","); got != "point,trust_gain,team_id_gain,team[*].leadership" {
			t.Fatalf("header %s", got)
		}
		if len(recs)-1 != 2*4 {
			t.Fatalf("design.csv has %d points, want 8", len(recs)-1)
		}
		for _, r := range recs[1:] {
			v, _ := strconv.ParseFloat(r[1], 64)
			if v < 0.006-1e-12 || v > 0.018+1e-12 {
				t.Errorf("point %s: trust_gain %g outside its local range [0.006, 0.018]", r[0], v)
			}
		}
		f := readCSV(t, filepath.Join(dir, "factors.csv"))
		if got := strings.Join(f[1], ","); got != "trust_gain,parameter,uncertainty,1/week per unit experience,0.012,0.006,0.018,uniform," {
			t.Errorf("factors.csv: %s", got)
		}
	})

	t.Run("terminal", func(t *testing.T) {
		out := stdouts["1"]
		for _, want := range []string{"Morris screening of sedgefield: 2 trajectories", "\ncohesion@27-30\n", "rank  factor", "results in " + dir} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("same across workers", func(t *testing.T) {
		for _, name := range sensFiles {
			if !bytes.Equal(readFile(t, filepath.Join(dirs["1"], name)), readFile(t, filepath.Join(dirs["2"], name))) {
				t.Errorf("%s differs between -workers 1 and -workers 2", name)
			}
		}
	})
}

// TestSensitivitySobol runs a small Sobol design over a parameter and two
// levers (one with levels) and checks the indices' table, the
// consistency column, the figure, and the comparison with a run at half
// the base sample.
func TestSensitivitySobol(t *testing.T) {
	tmp := t.TempDir()
	args := []string{"sensitivity", "sedgefield", "-method", "sobol", "-n", "1", "-week", "20", "-window", "4",
		"-uncertainty", "trust_gain=0.006:0.018:log", "-lever", "partnership.pace=0.1:0.9", "-lever", "team[*].colocated=false,true",
		"-metrics", "cohesion,trust", "-quiet", "-no-cache", "-resamples", "200"}
	half := filepath.Join(tmp, "half")
	if code, _, stderr := joinedup(t, append(args, "-size", "8", "-o", half)...); code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	dir := filepath.Join(tmp, "whole")
	code, stdout, stderr := joinedup(t, append(args, "-size", "16", "-o", dir, "-against", half)...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	recs := readCSV(t, filepath.Join(dir, "ranking.csv"))
	if got := strings.Join(recs[0], ","); got != "outcome,rank,factor,role,st,st_lo,st_hi,s1,s1_lo,s1_hi,s1_le_st" {
		t.Fatalf("header %s", got)
	}
	if len(recs)-1 != 2*3 {
		t.Errorf("ranking.csv has %d rows, want 6", len(recs)-1)
	}
	for _, r := range recs[1:] {
		s1lo, _ := strconv.ParseFloat(r[8], 64)
		sthi, _ := strconv.ParseFloat(r[6], 64)
		if want := strconv.FormatBool(s1lo <= sthi); r[10] != want {
			t.Errorf("%s/%s: s1_le_st %s, want %s", r[0], r[2], r[10], want)
		}
	}
	st := readCSV(t, filepath.Join(dir, "stability.csv"))
	if len(st) != 3 || st[1][1] != "3" {
		t.Errorf("stability.csv: %v", st)
	}
	for _, want := range []string{"Sobol indices of sedgefield: base sample 16, 80 points", "total ST", "rank correlation"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stdout, "within the intervals") && !strings.Contains(stdout, "beyond the intervals") {
		t.Errorf("stdout does not say whether first-order <= total within the intervals:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "sobol.png")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "effects.csv")); err == nil {
		t.Error("a Sobol run wrote the Morris effects.csv")
	}
}

// TestSensitivityResume interrupts a run after its first design points, as
// Ctrl-C would, and checks that the message gives the command that
// resumes, and that resuming gives the same bytes as an uninterrupted run.
func TestSensitivityResume(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "interrupted")
	args := append(append([]string{}, tinySensitivity[1:]...), "-workers", "1", "-o", dir)
	for i, a := range args {
		if a == "-quiet" {
			args = append(args[:i:i], args[i+1:]...)
			break
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Plain progress lines come every tenth of the 16 runs: the first
	// after two design points.
	stderr := &cancelOn{match: "runs, elapsed", cancel: cancel}
	var stdout bytes.Buffer
	err := cmdSensitivity(ctx, args, &stdout, stderr)
	if !stderr.matched {
		t.Fatalf("no progress line; stderr:\n%s", stderr.buf.String())
	}
	var msg bytes.Buffer
	if code := exitCode(err, &msg); code != exitFailure || !strings.Contains(msg.String(), "interrupted") ||
		!strings.Contains(msg.String(), "-o "+dir+" -resume") {
		t.Fatalf("exit %d: %q", code, msg.String())
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "runs", "all", "p*.csv"))
	if len(kept) == 0 || len(kept) == 8 {
		t.Errorf("%d design points recorded after the interrupt; want some, not all 8", len(kept))
	}
	if _, err := os.Stat(filepath.Join(dir, "ranking.csv")); err == nil {
		t.Error("ranking.csv written by an interrupted run")
	}
	code, out, errs := joinedup(t, append([]string{"sensitivity"}, append(args, "-resume")...)...)
	if code != exitOK || !strings.Contains(errs, "of 16 runs already recorded") {
		t.Fatalf("resume: exit %d\n%s%s", code, out, errs)
	}
	whole := filepath.Join(root, "whole")
	if code, out, errs := joinedup(t, append(tinySensitivity, "-workers", "2", "-o", whole)...); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, name := range append(sensFiles, "manifest.json") {
		if !bytes.Equal(readFile(t, filepath.Join(whole, name)), readFile(t, filepath.Join(dir, name))) {
			t.Errorf("%s of the interrupted and resumed run differs from the whole run's", name)
		}
	}
	// Asked again without -resume, the command refuses rather than mixing runs.
	if code, _, errs := joinedup(t, append(tinySensitivity, "-o", whole)...); code != exitFailure || !strings.Contains(errs, "-resume") {
		t.Errorf("second run into a finished folder: exit %d: %s", code, errs)
	}
}

// TestSensitivityLeverSetsField checks that a lever factor changes the
// scenario field it names, in every team it names: with every team's
// referrals at 0 no case arrives, and with them at 3 cases do.
func TestSensitivityLeverSetsField(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := joinedup(t, "sensitivity", "sedgefield", "-r", "2", "-n", "2", "-week", "12", "-quiet", "-no-cache",
		"-params", "trust_gain", "-lever", "team[*].referrals=0,3", "-metrics", "cases_arrived", "-format", "none", "-o", dir)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if toml := string(readFile(t, filepath.Join(dir, "sweep.toml"))); !strings.Contains(toml, "path = \"team[*].referrals\"\nrole = \"lever\"\nlevels = [0, 3]") {
		t.Errorf("sweep.toml does not vary team[*].referrals as a lever:\n%s", toml)
	}
	design := readCSV(t, filepath.Join(dir, "design.csv"))
	level := map[string]string{}
	for _, r := range design[1:] {
		level[r[0]] = r[2]
	}
	runs := readCSV(t, filepath.Join(dir, "runs.csv"))
	col := -1
	for i, h := range runs[0] {
		if h == "cases_arrived@12" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("runs.csv header %v", runs[0])
	}
	seen := map[string]int{}
	for _, r := range runs[1:] {
		v, err := strconv.ParseFloat(r[col], 64)
		if err != nil {
			t.Fatalf("runs.csv: %v", r)
		}
		l := level[r[0]]
		seen[l]++
		switch {
		case l == "0" && v != 0:
			t.Errorf("point %s with every team's referrals at 0: %g cases arrived", r[0], v)
		case l == "3" && v <= 0:
			t.Errorf("point %s with every team's referrals at 3: no case arrived", r[0])
		}
	}
	if seen["0"] == 0 || seen["3"] == 0 {
		t.Errorf("the design did not try both levels: %v", seen)
	}
	effects := readCSV(t, filepath.Join(dir, "effects.csv"))
	if effects[1][1] != "team[*].referrals" {
		t.Errorf("referrals is not the top factor for cases arrived: %v", effects[1:])
	}
}

func TestSensitivityUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown parameter", []string{"-params", "trust_gian"}, exitUsage, `unknown parameter "trust_gian" (did you mean "trust_gain"?); known: contact_colocated,`},
		{"unknown metric", []string{"-metrics", "cohesoin"}, exitUsage, `unknown outcome "cohesoin" (did you mean "cohesion"?)`},
		{"odd levels", []string{"-levels", "3"}, exitUsage, "-levels 3"},
		{"no trajectories", []string{"-r", "0"}, exitUsage, "-r 0"},
		{"bad range", []string{"-range", "wide"}, exitUsage, `-range "wide": use local or full`},
		{"window too wide", []string{"-week", "4", "-window", "5"}, exitUsage, "-window 5"},
		{"bad format", []string{"-format", "gif"}, exitUsage, `-format "gif": give png, svg or pdf`},
		{"bad method", []string{"-method", "fast"}, exitUsage, `-method "fast": use morris or sobol`},
		{"sobol over everything", []string{"-method", "sobol"}, exitUsage, "-method sobol needs its factors named"},
		{"resume without a folder", []string{"-resume"}, exitUsage, "-resume needs -o DIR"},
		{"lever without a range", []string{"-lever", "partnership.pace"}, exitUsage, "write NAME=MIN:MAX"},
		{"lever range reversed", []string{"-lever", "partnership.pace=0.9:0.1"}, exitUsage, "MIN must be below MAX"},
		{"unknown name", []string{"-uncertainty", "trust_gian=0:1"}, exitUsage, `neither a model parameter nor a scenario path (such as partnership.pace or team[*].leadership); did you mean the parameter "trust_gain"?`},
		{"parameter outside its range", []string{"-uncertainty", "trust_gain=0:5"}, exitUsage, "the range of trust_gain is [0, 0.1]"},
		{"path that does not apply", []string{"-lever", "team[9].leadership=0:1"}, exitInvalid, "-lever team[9].leadership=0:1: team[9].leadership = 0 does not apply to sedgefield"},
		{"value out of range", []string{"-lever", "partnership.pace=0:2"}, exitInvalid, "-lever partnership.pace=0:2: partnership.pace = 2 does not apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var dir string
			args := []string{"sensitivity", "sedgefield", "-quiet"}
			if tc.name != "resume without a folder" {
				dir = filepath.Join(t.TempDir(), "out")
				args = append(args, "-o", dir)
			}
			code, _, stderr := joinedup(t, append(args, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			if dir == "" {
				return
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("output folder %s was created", dir)
			}
		})
	}
}

// BenchmarkSensitivityTrajectory times one trajectory over every parameter
// (k+1 design points × 20 replicates × 156 weeks of Sedgefield): the
// default command (-r 10) costs ten of these.
func BenchmarkSensitivityTrajectory(b *testing.B) {
	tmp := b.TempDir()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(tmp, strconv.Itoa(i))
		if code, _, stderr := joinedup(b, "sensitivity", "sedgefield", "-r", "1", "-quiet", "-no-cache", "-format", "none", "-o", dir); code != exitOK {
			b.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
	}
}

// TestSensitivityRefusesPastTheMachine checks that a design larger than
// this machine is refused before it starts, as sweep run refuses one, with
// the estimate and the flags that shrink it, and writes nothing; and that
// -force lets it start (the context is cancelled before the first run).
func TestSensitivityRefusesPastTheMachine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "big")
	huge := []string{"sedgefield", "-n", "100000", "-week", "5200", "-o", dir}
	code, _, stderr := joinedup(t, append([]string{"sensitivity"}, huge...)...)
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	for _, want := range []string{"the run is larger than this machine", "The estimate: ", "trajectories (-r)", "-force runs it anyway"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("a refused design wrote %s", dir)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errs bytes.Buffer
	err := cmdSensitivity(ctx, append(huge, "-force"), &out, &errs)
	if !strings.Contains(errs.String(), "-force: running although the run is larger than this machine") {
		t.Errorf("-force did not say it goes ahead; stderr:\n%s", errs.String())
	}
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("-force with a cancelled run: %v, want the interrupted message", err)
	}
}

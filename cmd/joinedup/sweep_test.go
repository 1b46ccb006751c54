package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// smallSweep is a 2-factor Latin hypercube over Sedgefield small enough
// for command tests: 8 points × 4 replicates of 12 weeks.
const smallSweep = `name = "small"
base = "sedgefield"
weeks = 12
replicates = 4
seed = 5

[design]
kind = "latin-hypercube"
size = 8

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
week = 12

[[outcome]]
metric = "weeks_to_intervention"
window = [6, 12]
`

func writeSweep(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "small.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSweepCommands(t *testing.T) {
	file := writeSweep(t, smallSweep)
	root := t.TempDir()

	code, out, errs := joinedup(t, "sweep", "plan", file, "-pilot", "2")
	if code != 0 || !strings.Contains(out, "8 × 4 replicates = 32 runs of 12 weeks") || !strings.Contains(out, "within limits") {
		t.Fatalf("plan: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = joinedup(t, "sweep", "plan", file, "-pilot", "2", "-max-hours", "1e-9")
	if code != 1 || !strings.Contains(out, "over a limit: the sweep would take") {
		t.Errorf("plan past the time limit: exit %d\n%s", code, out)
	}
	if code, _, _ = joinedup(t, "sweep", "plan", file, "-pilot", "2", "-max-hours", "1e-9", "-force"); code != 0 {
		t.Errorf("plan -force past the limit: exit %d", code)
	}

	whole := filepath.Join(root, "whole")
	code, out, errs = joinedup(t, "sweep", "run", file, "-o", whole, "-quiet")
	if code != 0 || !strings.Contains(out, "32 runs merged") || errs != "" {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	// Progress goes to stderr as plain lines when it is not a terminal.
	code, _, errs = joinedup(t, "sweep", "run", file, "-o", filepath.Join(root, "again"))
	if code != 0 || !strings.Contains(errs, "sweep small: 32/32 runs") {
		t.Errorf("progress lines: exit %d\n%s", code, errs)
	}
	// A second run into the same folder without -resume is refused.
	if code, _, errs = joinedup(t, "sweep", "run", file, "-o", whole, "-quiet"); code != 1 || !strings.Contains(errs, "-resume") {
		t.Errorf("run into a used folder: exit %d\n%s", code, errs)
	}

	// A changed sweep file does not resume into the old sweep's folder.
	changed := writeSweep(t, strings.Replace(smallSweep, "seed = 5", "seed = 6", 1))
	if code, _, errs = joinedup(t, "sweep", "run", changed, "-o", whole, "-quiet", "-resume"); code != 1 || !strings.Contains(errs, "holds another sweep") {
		t.Errorf("resume of a changed sweep: exit %d\n%s", code, errs)
	}

	// Two shards; a merge before the second lists the command that runs it.
	sh := filepath.Join(root, "sharded")
	if code, out, errs = joinedup(t, "sweep", "run", file, "-o", sh, "--shard", "1/2", "-quiet"); code != 0 {
		t.Fatalf("shard 1/2: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs = joinedup(t, "sweep", "merge", sh)
	if code != 1 || !strings.Contains(errs, "16 of 32 runs are missing") || !strings.Contains(errs, "joinedup sweep run "+file+" -o "+sh+" --shard 2/2 -resume") {
		t.Errorf("merge with a shard missing: exit %d\n%s", code, errs)
	}
	if code, out, errs = joinedup(t, "sweep", "run", file, "-o", sh, "--shard", "2/2", "-quiet", "-resume"); code != 0 {
		t.Fatalf("shard 2/2: exit %d\n%s%s", code, out, errs)
	}
	merged := filepath.Join(root, "merged")
	if code, out, errs = joinedup(t, "sweep", "merge", sh, "-o", merged); code != 0 {
		t.Fatalf("merge: exit %d\n%s%s", code, out, errs)
	}
	for _, name := range []string{"runs.csv", "points.csv", "draws.csv", "manifest.json"} {
		if !bytes.Equal(readFile(t, filepath.Join(whole, name)), readFile(t, filepath.Join(merged, name))) {
			t.Errorf("%s of the merged shards differs from the whole run's", name)
		}
		// The second whole run may have read its points from the result
		// cache: the same bytes.
		if !bytes.Equal(readFile(t, filepath.Join(whole, name)), readFile(t, filepath.Join(root, "again", name))) {
			t.Errorf("%s of a second run differs from the first's", name)
		}
	}
	// By default the runs draw from the embedded ensemble and draws.csv
	// says which set each drew; -fixed-params draws nothing and writes none.
	if draws := string(readFile(t, filepath.Join(whole, "draws.csv"))); !strings.HasPrefix(draws, "point,replicate,set,") || strings.Count(draws, "\n") != 33 {
		t.Errorf("draws.csv of the default run:\n%s", draws)
	}
	fixed := filepath.Join(root, "fixed")
	if code, out, errs = joinedup(t, "sweep", "run", file, "-o", fixed, "-quiet", "-fixed-params"); code != 0 {
		t.Fatalf("run -fixed-params: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(fixed, "draws.csv")); !os.IsNotExist(err) {
		t.Errorf("a sweep with -fixed-params wrote draws.csv (%v)", err)
	}
	if m := string(readFile(t, filepath.Join(fixed, "manifest.json"))); !strings.Contains(m, `"params": "fixed"`) {
		t.Errorf("the manifest of a sweep with -fixed-params does not say so:\n%s", m)
	}

	// Analyse: curves for a Latin hypercube, and a PRIM box.
	code, out, errs = joinedup(t, "sweep", "analyse", whole, "-format", "svg", "-prim", "cohesion@12 < 0.3", "-resamples", "50")
	if code != 0 || !strings.Contains(out, "PRIM for cohesion@12 < 0.3") {
		t.Fatalf("analyse: exit %d\n%s%s", code, out, errs)
	}
	for _, name := range []string{"curves.csv", "curves.svg", "prim.csv"} {
		if _, err := os.Stat(filepath.Join(whole, "analysis", name)); err != nil {
			t.Error(err)
		}
	}

	// The sbatch script: a job array over the shards and a dependent merge.
	code, out, _ = joinedup(t, "sweep", "slurm", file, "--array", "3", "-o", filepath.Join(root, "slurm"), "-binary", "/opt/joinedup")
	for _, want := range []string{"#SBATCH --array=0-2", "/opt/joinedup sweep run " + file, "--shard auto -resume", "--dependency=afterok:\"$array\"", "/opt/joinedup sweep merge"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("slurm script (exit %d) lacks %q:\n%s", code, want, out)
		}
	}
}

func TestSweepInvalidFile(t *testing.T) {
	file := writeSweep(t, strings.Replace(smallSweep, `role = "lever"`, `role = "levr"`, 1))
	code, _, errs := joinedup(t, "sweep", "run", file, "-o", filepath.Join(t.TempDir(), "x"))
	if code != exitInvalid || !strings.Contains(errs, file+`:13: factor[0].role: unknown role "levr"`) || !strings.Contains(errs, `did you mean "lever"?`) {
		t.Errorf("exit %d\n%s", code, errs)
	}
	file = writeSweep(t, strings.Replace(smallSweep, `metric = "cohesion"`, `metric = "cohesoin"`, 1))
	code, _, errs = joinedup(t, "sweep", "plan", file)
	if code != exitInvalid || !strings.Contains(errs, `outcome[0].metric: "cohesoin" is not a metric of sedgefield; did you mean "cohesion"?`) {
		t.Errorf("exit %d\n%s", code, errs)
	}
	file = writeSweep(t, strings.Replace(smallSweep, `path = "partnership.pace"`, `path = "partnership.paces"`, 1))
	code, _, errs = joinedup(t, "sweep", "plan", file)
	if code != exitInvalid || !strings.Contains(errs, "factor[0]: partnership.paces = 0.1 does not apply to sedgefield") {
		t.Errorf("exit %d\n%s", code, errs)
	}
}

func TestShardAutoFromSlurmVariables(t *testing.T) {
	file := writeSweep(t, smallSweep)
	dir := filepath.Join(t.TempDir(), "s")
	// Task 7 of the array 5-8: position 2 of 4, so shard 3/4.
	t.Setenv("SLURM_ARRAY_TASK_ID", "7")
	t.Setenv("SLURM_ARRAY_TASK_MIN", "5")
	t.Setenv("SLURM_ARRAY_TASK_MAX", "8")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "4")
	code, out, errs := joinedup(t, "sweep", "run", file, "-o", dir, "--shard", "auto")
	if code != 0 || !strings.Contains(out, "shard 3/4 done") || !strings.Contains(errs, "Slurm array task 7 of 5-8: shard 3/4") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs", "s3of4")); err != nil {
		t.Error(err)
	}
}

// slurmAnswers reports whether sbatch is on PATH and the controller
// answers.
func slurmAnswers() (bool, string) {
	if _, err := exec.LookPath("sbatch"); err != nil {
		return false, "sbatch is not on PATH"
	}
	if out, err := exec.Command("scontrol", "ping").CombinedOutput(); err != nil || !strings.Contains(string(out), "UP") {
		return false, "the Slurm controller does not answer (scontrol ping: " + strings.TrimSpace(string(out)) + ")"
	}
	return true, ""
}

// TestSweepOnSlurm submits a small sweep to a real Slurm as a job array of
// shards plus the dependent merge job, waits, and checks the merged tables
// are the bytes of the same sweep run here in one go. Without Slurm it
// skips, unless JOINEDUP_REQUIRE_SLURM=1 (set by .ci/run), when it fails.
func TestSweepOnSlurm(t *testing.T) {
	if ok, why := slurmAnswers(); !ok {
		if os.Getenv("JOINEDUP_REQUIRE_SLURM") == "1" {
			t.Fatalf("JOINEDUP_REQUIRE_SLURM=1 but %s; start it with .ci/slurm-up", why)
		}
		t.Skip(why)
	}
	root := t.TempDir()
	bin := filepath.Join(root, "joinedup")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The 2-factor Latin hypercube of 64 points × 20 replicates, at 8 weeks.
	lhs := strings.NewReplacer("weeks = 12", "weeks = 8", "replicates = 4", "replicates = 20", "size = 8", "size = 64",
		"week = 12", "week = 8", "window = [6, 12]", "window = [4, 8]").Replace(smallSweep)
	file := writeSweep(t, lhs)
	local := filepath.Join(root, "local")
	if code, out, errs := joinedup(t, "sweep", "run", file, "-o", local, "-quiet"); code != 0 {
		t.Fatalf("local run: exit %d\n%s%s", code, out, errs)
	}
	dir := filepath.Join(root, "cluster")
	script := filepath.Join(root, "submit.sh")
	if code, out, errs := joinedup(t, "sweep", "slurm", file, "--array", "4", "-o", dir, "-script", script, "-binary", bin); code != 0 {
		t.Fatalf("sweep slurm: exit %d\n%s%s", code, out, errs)
	}
	cmd := exec.Command("bash", script, "--wait", "--time=10")
	out, err := cmd.CombinedOutput()
	if err != nil {
		logs, _ := filepath.Glob(filepath.Join(dir, "slurm", "*.log"))
		var b strings.Builder
		for _, l := range logs {
			data, _ := os.ReadFile(l)
			b.WriteString("== " + l + "\n" + string(data))
		}
		t.Fatalf("submitting to Slurm: %v\n%s\n%s", err, out, b.String())
	}
	for _, name := range []string{"runs.csv", "points.csv", "manifest.json", "design.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(local, name)), readFile(t, filepath.Join(dir, name))) {
			t.Errorf("%s from the Slurm job array differs from the local run's", name)
		}
	}
	if m := string(readFile(t, filepath.Join(dir, "manifest.json"))); !strings.Contains(m, `"runs": 1280`) {
		t.Errorf("the Slurm sweep's manifest does not record 1,280 runs:\n%s", m)
	}
	for i := range 4 {
		if _, err := os.Stat(filepath.Join(dir, "runs", "s"+string(rune('1'+i))+"of4")); err != nil {
			t.Errorf("shard %d/4 left no runs: %v", i+1, err)
		}
	}
}

// TestSweepInterruptAndResume interrupts a sweep after two design points,
// as Ctrl-C would, and checks that the finished points stay recorded, the
// message says how to resume, and -resume completes the same tables as an
// uninterrupted run.
func TestSweepInterruptAndResume(t *testing.T) {
	file := writeSweep(t, smallSweep)
	root := t.TempDir()
	dir := filepath.Join(root, "interrupted")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &cancelOn{match: "sweep small: 8/32", cancel: cancel}
	var stdout bytes.Buffer
	err := cmdSweepRun(ctx, []string{file, "-o", dir, "-workers", "1"}, &stdout, stderr)
	if !stderr.matched {
		t.Fatalf("no progress line for 8/32; stderr:\n%s", stderr.buf.String())
	}
	var msg bytes.Buffer
	if code := exitCode(err, &msg); code != exitFailure || !strings.Contains(msg.String(), "interrupted") ||
		!strings.Contains(msg.String(), "joinedup sweep run "+file+" -o "+dir+" -resume") {
		t.Fatalf("exit %d: %q", code, msg.String())
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "runs", "all", "p*.csv"))
	if len(kept) < 2 || len(kept) == 8 {
		t.Errorf("%d design points recorded after the interrupt; want the 2 or more finished, not all 8", len(kept))
	}
	if _, err := os.Stat(filepath.Join(dir, "runs.csv")); err == nil {
		t.Error("runs.csv written by an interrupted sweep")
	}
	code, out, errs := joinedup(t, "sweep", "run", file, "-o", dir, "-resume")
	if code != 0 || !strings.Contains(errs, "of 32 runs already recorded") {
		t.Fatalf("resume: exit %d\n%s%s", code, out, errs)
	}
	whole := filepath.Join(root, "whole")
	if code, out, errs := joinedup(t, "sweep", "run", file, "-o", whole, "-quiet"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, name := range []string{"runs.csv", "points.csv", "manifest.json"} {
		if !bytes.Equal(readFile(t, filepath.Join(whole, name)), readFile(t, filepath.Join(dir, name))) {
			t.Errorf("%s of the interrupted and resumed sweep differs from the whole run's", name)
		}
	}
}

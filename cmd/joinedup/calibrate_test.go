package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/calibration"
)

// TestCalibrateSmall runs the command at a size for the tests and checks
// its folder: an ensemble that reads back with its provenance, the tables,
// and a second run that resumes from the checkpoint to the same ensemble.
func TestCalibrateSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates")
	}
	dir := filepath.Join(t.TempDir(), "cal")
	args := []string{"calibrate", "-targets", "../../calibration/targets.toml", "-params", "turnover", "-particles", "8", "-generations", "1", "-n", "2", "-draws", "8", "-quiet", "-o", dir}
	var stdout, stderr bytes.Buffer
	if code := Main(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"ensemble.json", "generations.txt", "posterior.csv", "checks.csv", "checkpoint.json", "prior-posterior.png", "predictive.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	figures := map[string][]byte{}
	for _, f := range []string{"prior-posterior.png", "predictive.png", "checks.csv", "posterior.csv"} {
		figures[f], _ = os.ReadFile(filepath.Join(dir, f))
	}
	first, err := os.ReadFile(filepath.Join(dir, "ensemble.json"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := calibration.ReadEnsemble(bytes.NewReader(first), "ensemble.json")
	if err != nil {
		t.Fatal(err)
	}
	if e.Provenance.TargetsSHA256 == "" || !strings.Contains(e.Provenance.Command, "-params turnover") {
		t.Errorf("provenance %+v", e.Provenance)
	}
	if !strings.Contains(stdout.String(), "csw-vacancy-2023") {
		t.Errorf("no check table in %q", stdout.String())
	}
	// Run again: the checkpoint already holds the last generation.
	stdout.Reset()
	if code := Main(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	again, _ := os.ReadFile(filepath.Join(dir, "ensemble.json"))
	if !bytes.Equal(first, again) {
		t.Error("the resumed run wrote a different ensemble")
	}
	for f, b := range figures {
		if again, _ := os.ReadFile(filepath.Join(dir, f)); len(b) == 0 || !bytes.Equal(b, again) {
			t.Errorf("%s: %d bytes, then different bytes when resumed", f, len(b))
		}
	}
	// The ensemble written is one runs can draw from.
	stderr.Reset()
	run := append([]string{"run", "sedgefield", "-ensemble", filepath.Join(dir, "ensemble.json")}, append(small, "-o", filepath.Join(t.TempDir(), "run"))...)
	if code := Main(run, &stdout, &stderr); code != 0 {
		t.Fatalf("run on the new ensemble: exit %d: %s", code, stderr.String())
	}
}

func TestCalibrateUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"calibrate"}, exitUsage, "-params"},
		{[]string{"calibrate", "-params", "turnovr", "-targets", "../../calibration/targets.toml"}, exitUsage, "unknown parameter"},
		{[]string{"calibrate", "-params", "turnover", "-targets", "nope.toml"}, exitInvalid, "no targets file"},
	} {
		var stdout, stderr bytes.Buffer
		if code := Main(c.args, &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}

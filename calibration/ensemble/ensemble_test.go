package ensemble

import (
	"testing"

	"github.com/joinedup/joinedup/scenarios"
)

// TestDefault checks that the embedded ensemble fits the model as it is
// (every parameter it draws exists, within its range) and was fitted to
// the targets file in the repository. When either fails, refit with
// sh calibration/ensemble/regenerate.sh and commit what it writes.
func TestDefault(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatalf("%v\nrefit: sh calibration/ensemble/regenerate.sh", err)
	}
	if len(e.Sets) < 50 || len(e.Names) == 0 || e.Hash == "" || e.Source != DefaultSource {
		t.Errorf("embedded ensemble: %d sets of %v, hash %q, source %q", len(e.Sets), e.Names, e.Hash, e.Source)
	}
	f, err := DefaultFile()
	if err != nil {
		t.Fatal(err)
	}
	targets, err := scenarios.LoadTargets("../targets.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Provenance.TargetsSHA256, targets.Hash(); got != want {
		t.Errorf("the embedded ensemble was fitted to targets %s, but calibration/targets.toml is now %s: refit with sh calibration/ensemble/regenerate.sh", got, want)
	}
	if f.Provenance.Command == "" || f.Provenance.Seed == 0 || f.Provenance.Model == "" {
		t.Errorf("provenance incomplete: %+v", f.Provenance)
	}
}

// TestLoadErrors checks that a file that is not an ensemble is refused
// with its name.
func TestLoadErrors(t *testing.T) {
	if _, err := Load("no-such-ensemble.json"); err == nil {
		t.Error("a missing file loaded")
	}
	if _, err := parse([]byte(`{"format":"other"}`), "x.json"); err == nil {
		t.Error("a file of another format loaded")
	}
}

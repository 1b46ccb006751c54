// Package ensemble holds joinedup's calibrated ensemble of record, embedded
// in the binary, and turns any ensemble file written by joinedup calibrate
// into the parameter draws the experiment engine gives each replicate.
//
// The default ensemble (default/ensemble.json, with its tables and figures
// beside it) was fitted by calibration/ensemble/regenerate.sh; its
// provenance (the targets file's hash, the seed, the command, the tool
// version and a fingerprint of the model) is inside the file. When the
// model's parameters change, Default reports the stale parameter by name
// and says how to refit, rather than running a model it was not fitted to.
package ensemble

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/joinedup/joinedup/calibration"
	"github.com/joinedup/joinedup/experiment"
)

//go:embed default/ensemble.json
var defaultJSON []byte

// DefaultSource names the embedded ensemble in records and messages.
const DefaultSource = "calibration/ensemble/default/ensemble.json (embedded)"

// Default returns the embedded ensemble as draws for the experiment
// engine, checked against the model's parameter table.
func Default() (*experiment.Ensemble, error) {
	return parse(defaultJSON, DefaultSource)
}

// DefaultFile returns the embedded ensemble as calibrate wrote it.
func DefaultFile() (*calibration.Ensemble, error) {
	return calibration.ReadEnsemble(bytes.NewReader(defaultJSON), DefaultSource)
}

// Load reads an ensemble file written by joinedup calibrate and returns it
// as draws for the experiment engine, checked against the model's
// parameter table.
func Load(path string) (*experiment.Ensemble, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ensemble: %w", err)
	}
	return parse(b, path)
}

func parse(b []byte, source string) (*experiment.Ensemble, error) {
	e, err := calibration.ReadEnsemble(bytes.NewReader(b), source)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	x := &experiment.Ensemble{Source: source, Hash: hex.EncodeToString(sum[:]),
		Names: e.Names(), Sets: e.Particles, Weights: e.Weights}
	if err := x.Check(); err != nil {
		return nil, err
	}
	return x, nil
}

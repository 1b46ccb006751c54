package calibration

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// checkpoint is the state written after each generation: enough to carry on
// as if the run had not stopped. Particles are kept on the internal scale
// (JSON round-trips float64 exactly), so a resumed run continues
// bit-for-bit as an uninterrupted one would.
type checkpoint struct {
	Format      string              `json:"format"`
	Fingerprint string              `json:"fingerprint"`
	Generations []GenerationSummary `json:"generations"`
	Internal    [][]float64         `json:"internal_particles"`
	Weights     []float64           `json:"weights"`
	Distances   []float64           `json:"distances"`
}

const checkpointFormat = "joinedup-abc-checkpoint/1"

// fingerprint identifies the problem a checkpoint belongs to: what fixes
// the sequence of populations (particles, alpha, batch, seed, priors,
// targets), and not the stopping rules or the number of workers, so a run
// may be resumed with more generations or on another machine.
func fingerprint(cfg Config, priors []Prior, targets []Target) string {
	b, err := json.Marshal(struct {
		Particles int
		Alpha     float64
		Batch     int
		MinAcc    float64
		Seed      uint64
		Priors    []Prior
		Targets   []Target
	}{cfg.Particles, cfg.Alpha, cfg.Batch, cfg.MinAcceptance, cfg.Seed, priors, targets})
	if err != nil {
		panic(err) // plain numbers and strings always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func newCheckpoint(fp string, gens []GenerationSummary, pop *population) *checkpoint {
	return &checkpoint{Format: checkpointFormat, Fingerprint: fp, Generations: gens, Internal: pop.u, Weights: pop.w, Distances: pop.dist}
}

func (cp *checkpoint) population() *population {
	return &population{u: cp.Internal, w: cp.Weights, dist: cp.Distances}
}

// writeCheckpoint writes cp to path atomically: to a temporary file in the
// same folder, synced, then renamed over path.
func writeCheckpoint(path string, cp *checkpoint) error {
	b, err := json.Marshal(cp)
	if err != nil {
		return fmt.Errorf("calibration: checkpoint: %w", err)
	}
	return writeAtomic(path, b)
}

func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("calibration: writing %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644) // as os.WriteFile would make it, not CreateTemp's 0600
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("calibration: writing %s: %w", path, err)
	}
	return nil
}

// readCheckpoint returns the checkpoint at path, or nil if there is none.
// A checkpoint of another problem is an error, not silently replaced.
func readCheckpoint(path, fp string) (*checkpoint, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("calibration: reading checkpoint %s: %w", path, err)
	}
	var cp checkpoint
	if err := json.Unmarshal(b, &cp); err != nil {
		return nil, fmt.Errorf("calibration: checkpoint %s is damaged (%v); delete it to start afresh", path, err)
	}
	if cp.Format != checkpointFormat {
		return nil, fmt.Errorf("calibration: checkpoint %s has format %q, want %q; delete it to start afresh", path, cp.Format, checkpointFormat)
	}
	if cp.Fingerprint != fp {
		return nil, fmt.Errorf("calibration: checkpoint %s belongs to another calibration (different seed, particles, alpha, batch, priors or targets); delete it or choose another checkpoint file", path)
	}
	n := len(cp.Internal)
	if n == 0 || len(cp.Weights) != n || len(cp.Distances) != n || len(cp.Generations) == 0 {
		return nil, fmt.Errorf("calibration: checkpoint %s is incomplete; delete it to start afresh", path)
	}
	return &cp, nil
}

package experiment

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// LoadPlan reads the plan that made an output folder from the folder alone:
// manifest.json's experiment record and the resolved scenario of each arm
// under arms/. Each arm's Source is its file in the folder (with no
// overrides: they are already applied in it) and its Origin the source
// first named, so running the plan again writes the same data. A scenario
// file whose hash differs from the record's is an error: it was edited.
// An ensemble the parameters were drawn from is read from the record.
// Workers is left 0 (all cores); results do not depend on it.
func LoadPlan(dir string) (Plan, error) {
	b, err := os.ReadFile(filepath.Join(dir, results.ManifestName))
	if err != nil {
		return Plan{}, fmt.Errorf("experiment: %w", err)
	}
	var m struct {
		Experiment *Record `json:"experiment"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return Plan{}, fmt.Errorf("experiment: %s: %w", filepath.Join(dir, results.ManifestName), err)
	}
	r := m.Experiment
	if r == nil {
		return Plan{}, fmt.Errorf("experiment: %s records no experiment (written by an older version?)", filepath.Join(dir, results.ManifestName))
	}
	p := Plan{
		Points: r.Points, Replicates: r.Replicates, Weeks: r.Weeks, Every: r.Every, Seed: r.Seed,
		SharedStreams: r.SharedStreams, TeamMetrics: r.TeamMetrics,
	}
	switch r.Params {
	case "", "fixed":
	case "ensemble":
		if r.Ensemble == nil {
			return Plan{}, fmt.Errorf("experiment: %s: the parameters were drawn from an ensemble, but it is not recorded", filepath.Join(dir, results.ManifestName))
		}
		p.Ensemble = r.Ensemble
	default:
		return Plan{}, fmt.Errorf("experiment: %s: unknown params %q; want \"fixed\" or \"ensemble\"", filepath.Join(dir, results.ManifestName), r.Params)
	}
	if r.Shard != "" {
		if p.Shard, err = ParseShard(r.Shard); err != nil {
			return Plan{}, err
		}
	}
	for _, ar := range r.Arms {
		path := filepath.Join(dir, filepath.FromSlash(ar.File))
		s, err := scenarios.Load(path)
		if err != nil {
			return Plan{}, err
		}
		if s.Hash() != ar.Hash {
			return Plan{}, fmt.Errorf("experiment: %s: hash %s, but the manifest records %s: the file was changed", path, s.Hash(), ar.Hash)
		}
		a := Arm{Name: ar.Name, Source: path, Scenario: s, Origin: ar.Source}
		p.Arms = append(p.Arms, a)
	}
	return p, nil
}

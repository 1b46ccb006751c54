package experiment

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// A sweep folder holds:
//
//	sweep.json          what the sweep is (SweepInfo): hash, version, factors, outcomes
//	sweep.toml          the sweep file's bytes
//	base.toml           the resolved base scenario
//	design.csv          each design point's factor values and unit-cube coordinates
//	runs/SHARD/pNNNNNN.csv
//	                    one file per design point per shard ("all" or "s2of4"): a row per
//	                    replicate of the point in the shard, written whole (to a temporary
//	                    name, then renamed) once every one of them has run; with an
//	                    ensemble, each row ends with the replicate's draw (drawColumns)
//	runs.csv, points.csv, manifest.json, and draws.csv with an ensemble
//	                    written by MergeSweep once every run is present
//
// An interrupted run leaves the points it finished; RunSweep with Resume
// runs only the others. Since a point's runs depend only on the sweep, the
// merged tables are the same bytes however the sweep was split or resumed.

// Names in a sweep folder.
const (
	SweepInfoName  = "sweep.json"
	sweepFileName  = "sweep.toml"
	baseFileName   = "base.toml"
	designFileName = "design.csv"
	runsDirName    = "runs"
)

// SweepInfo describes a sweep in its folder, so shards can be matched and
// analyses made from the folder alone.
type SweepInfo struct {
	Name       string `json:"name"`
	File       string `json:"file"` // the sweep file as it was named on the command line
	Hash       string `json:"hash"`
	Version    string `json:"version"`
	Base       string `json:"base"`
	BaseHash   string `json:"base_hash"`
	Design     string `json:"design"`
	Size       int    `json:"size"`
	Levels     int    `json:"levels,omitempty"` // design.levels as the file gives it
	Points     int    `json:"points"`
	Replicates int    `json:"replicates"`
	Weeks      int    `json:"weeks"`
	Seed       uint64 `json:"seed"`
	Common     bool   `json:"common_random_numbers"`
	// Params is "ensemble" when replicates drew the parameters no factor
	// sets from the ensemble EnsembleSource (SHA-256 EnsembleHash), and
	// "fixed" when they kept the parameter table's values.
	Params         string `json:"params"`
	EnsembleSource string `json:"ensemble_source,omitempty"`
	EnsembleHash   string `json:"ensemble_hash,omitempty"`
	// EnsembleNames are the parameters each ensemble set gives, in the
	// order of draws.csv's columns.
	EnsembleNames []string      `json:"ensemble_names,omitempty"`
	Factors       []FactorInfo  `json:"factors"`
	Outcomes      []OutcomeInfo `json:"outcomes"`
}

// FactorInfo describes one factor in SweepInfo.
type FactorInfo struct {
	Name        string   `json:"name"`
	Path        string   `json:"path,omitempty"`
	Param       string   `json:"param,omitempty"`
	Role        string   `json:"role"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
	Levels      []string `json:"levels,omitempty"`
	Categorical bool     `json:"categorical,omitempty"`
}

// OutcomeInfo describes one outcome in SweepInfo.
type OutcomeInfo struct {
	Name      string `json:"name"`
	Metric    string `json:"metric"`
	From      int    `json:"from"`
	To        int    `json:"to"`
	Statistic string `json:"statistic"`
}

// Info returns the sweep's description for its folder; version is the
// tool's version.
func (s *Sweep) Info(version string) SweepInfo {
	file := s.File.File()
	if abs, err := filepath.Abs(file); err == nil && file != "" {
		file = abs // the same file names itself the same way from any folder
	}
	in := SweepInfo{
		Name: s.Name, File: file, Hash: s.Hash, Version: version,
		Base: s.Base.Name, BaseHash: s.Base.Scenario.Hash(), Design: s.File.Design.Kind,
		Size: s.File.Design.Size, Levels: s.File.Design.Levels, Points: len(s.Points), Replicates: s.Replicates,
		Weeks: s.Weeks, Seed: s.Seed, Common: !s.File.Independent, Params: "fixed",
	}
	if e := s.Ensemble; e != nil {
		in.Params, in.EnsembleSource, in.EnsembleHash = "ensemble", e.Source, e.Hash
		in.EnsembleNames = append([]string(nil), e.Names...)
	}
	for i := range s.File.Factors {
		f := &s.File.Factors[i]
		fi := FactorInfo{Name: f.Label(), Path: f.Path, Param: f.Param, Role: f.Role, Min: f.Min, Max: f.Max, Categorical: s.Categorical[i]}
		for l := range f.Levels {
			fi.Levels = append(fi.Levels, plainText(f.LevelText(l)))
		}
		in.Factors = append(in.Factors, fi)
	}
	for _, o := range s.Outcomes {
		in.Outcomes = append(in.Outcomes, OutcomeInfo{Name: o.Label, Metric: o.Metric, From: o.From, To: o.To, Statistic: o.Statistic})
	}
	return in
}

// plainText is a TOML value's text without the quotes of a string.
func plainText(t string) string {
	if u, err := strconv.Unquote(t); err == nil && strings.HasPrefix(t, `"`) {
		return u
	}
	return t
}

// SweepOptions set how RunSweep runs a sweep.
type SweepOptions struct {
	Dir     string // the sweep folder
	Shard   Shard  // the part to run; the zero Shard is the whole sweep
	Resume  bool   // complete a folder that holds part of the sweep
	Workers int    // parallel simulations; 0 means GOMAXPROCS. Results do not depend on it
	Version string // the tool's version, recorded and checked on resume and merge
	// Progress, if set, is called from one goroutine after each design
	// point completes, with the runs done so far (counting those found on
	// resume) and the shard's total.
	Progress func(done, total int)
	// Cache, if not nil, is consulted for each design point's runs: a
	// point already run (by any sweep, or any command, with the same
	// scenario, settings, seed and replicates) is read back instead of
	// simulated, and a point simulated is stored.
	Cache *Cache
	// Merge writes the merged tables when the run completes the whole
	// sweep (an unsharded run, or a shard whose folder then holds every
	// run).
	Merge bool
}

// ShardTag names a shard's folder under runs/: "all", or "s2of4".
func ShardTag(sh Shard) string {
	if sh.Count <= 1 {
		return "all"
	}
	return fmt.Sprintf("s%dof%d", sh.Index+1, sh.Count)
}

// pointFile is the name of point p's file.
func pointFile(p int) string { return fmt.Sprintf("p%06d.csv", p) }

// RunSweep runs the shard of the sweep into o.Dir, design points side by
// side on the workers (the engine runs each point's replicates), writing each point's runs when they are all done.
// When ctx is cancelled it stops, leaving the points already finished; a
// later call with Resume runs the rest. It returns ctx's error after a
// cancellation.
func RunSweep(ctx context.Context, s *Sweep, o SweepOptions) error {
	if o.Shard.Count > 1 && (o.Shard.Index < 0 || o.Shard.Index >= o.Shard.Count) {
		return fmt.Errorf("experiment: shard %d of %d", o.Shard.Index+1, o.Shard.Count)
	}
	if err := prepareSweepDir(s, o); err != nil {
		return err
	}
	shardDir := filepath.Join(o.Dir, runsDirName, ShardTag(o.Shard))
	if err := os.MkdirAll(shardDir, 0o755); err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	removeTemporary(shardDir)

	// What is left to do.
	var todo []int
	total, done := 0, 0
	for p := range s.Points {
		n := s.unitsIn(p, o.Shard)
		if n == 0 {
			continue
		}
		total += n
		if _, err := os.Stat(filepath.Join(shardDir, pointFile(p))); err == nil {
			if !o.Resume {
				return fmt.Errorf("experiment: %s already holds runs of this sweep; add -resume to complete it, or choose another folder", o.Dir)
			}
			done += n
			continue
		}
		todo = append(todo, p)
	}
	if o.Progress != nil {
		o.Progress(done, total)
	}

	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	finished := make(chan int)
	var firstErr error
	var errOnce sync.Once
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel() })
	}
	// Points run side by side, one simulation each; with fewer points
	// left than workers, each point's replicates share the spare ones.
	var wg sync.WaitGroup
	concurrent := min(workers, max(len(todo), 1))
	perPoint := max(1, workers/concurrent)
	for range concurrent {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				err := runPoint(ctx, s, p, o.Shard, shardDir, perPoint, o.Cache)
				if err != nil {
					fail(err)
					return
				}
				finished <- p
			}
		}()
	}
	go func() {
		defer close(next)
		for _, p := range todo {
			select {
			case next <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(finished) }()
	for p := range finished {
		done += s.unitsIn(p, o.Shard)
		if o.Progress != nil {
			o.Progress(done, total)
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if done < total {
		return fmt.Errorf("experiment: only %d of %d runs completed", done, total)
	}
	if o.Merge {
		if _, err := MergeSweep([]string{o.Dir}, o.Dir); err != nil {
			var m *MissingRunsError
			if o.Shard.Count > 1 && errors.As(err, &m) {
				return nil // the other shards are elsewhere or still running
			}
			return err
		}
	}
	return nil
}

// runPoint runs point p's replicates of the shard and writes its file.
func runPoint(ctx context.Context, s *Sweep, p int, sh Shard, dir string, workers int, cache *Cache) error {
	var rows [][]string
	vals := make([]float64, 0, len(s.Outcomes))
	pl := s.plan(p, sh, workers)
	pl.Cache = cache
	draw, err := s.drawRecorder(&pl)
	if err != nil {
		return fmt.Errorf("experiment: design point %d: %w", p, err)
	}
	sink := SinkFunc(func(u *Unit) error {
		vals = s.outcomeValues(u.Arms[0], vals)
		row := make([]string, 0, 2+len(vals))
		row = append(row, strconv.Itoa(p), strconv.Itoa(u.Replicate))
		for _, v := range vals {
			row = append(row, formatValue(v))
		}
		if draw != nil {
			row = draw(row, u.Set)
		}
		rows = append(rows, row)
		return nil
	})
	if err := Run(ctx, pl, sink); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, pointFile(p)), func(w *csv.Writer) error {
		head := append([]string{"point", "replicate"}, outcomeLabels(s)...)
		if s.Ensemble != nil {
			head = append(head, drawColumns(s.Ensemble.Names)...)
		}
		if err := w.Write(head); err != nil {
			return err
		}
		return w.WriteAll(rows)
	})
}

// drawColumns are the columns that record a replicate's draw from the
// ensemble, after point and replicate in draws.csv and after the outcomes
// in a point's file: the set drawn, the value the run used of each of the
// ensemble's parameters, and the parameters it did not draw.
func drawColumns(names []string) []string {
	return append(append([]string{"set"}, names...), "not_drawn")
}

// drawRecorder returns, for a sweep with an ensemble, a function that
// appends to a row the draw columns of a replicate that drew set i at the
// plan's one design point; nil without an ensemble. A parameter the run
// drew shows the set's value; one a factor or the base scenario's own
// [parameters] sets shows the value the run used, and is listed under
// not_drawn.
func (s *Sweep) drawRecorder(pl *Plan) (func(row []string, i int) []string, error) {
	e := s.Ensemble
	if e == nil {
		return nil, nil
	}
	pt := pl.Points[0]
	// The base scenario's own parameters, or, when a path factor sets one
	// of them, the point's (resolving the scenario again only then).
	own := s.Base.Scenario.Parameters
	for _, set := range pt.Settings {
		if !set.Param && strings.HasPrefix(set.Factor, "parameters") {
			own = pl.resolvedParams(s.Base, pt)
			break
		}
	}
	keep := e.keep(own, pt)
	given := make([]string, len(e.Names)) // the value used, for a parameter kept
	var kept []string
	for k, n := range e.Names {
		if !keep[k] {
			continue
		}
		v, ok := own[n]
		for _, set := range pt.Settings { // a factor is applied after the scenario
			if set.Param && set.Factor == n {
				v, ok = set.Number()
			}
		}
		if !ok {
			return nil, fmt.Errorf("ensemble %s: no value for parameter %q", e.Source, n)
		}
		given[k] = formatValue(v)
		kept = append(kept, n)
	}
	notDrawn := strings.Join(kept, " ")
	return func(row []string, i int) []string {
		row = append(row, strconv.Itoa(i))
		for k := range e.Names {
			if keep[k] {
				row = append(row, given[k])
			} else {
				row = append(row, formatValue(e.Sets[i][k]))
			}
		}
		return append(row, notDrawn)
	}, nil
}

func outcomeLabels(s *Sweep) []string {
	out := make([]string, len(s.Outcomes))
	for i, o := range s.Outcomes {
		out[i] = o.Label
	}
	return out
}

// formatValue writes a value as the shortest text that reads back as the
// same float64; NaN (a metric that was missing) as empty.
func formatValue(v float64) string {
	if v != v {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// writeAtomic writes a CSV file under a temporary name and renames it into
// place, so the file exists whole or not at all.
func writeAtomic(path string, write func(w *csv.Writer) error) error {
	return writeThroughTemp(path, func(f io.Writer) error {
		w := csv.NewWriter(f)
		err := write(w)
		w.Flush()
		if err == nil {
			err = w.Error()
		}
		return err
	})
}

// writeFileAtomic writes data to path through a temporary file.
func writeFileAtomic(path string, data []byte) error {
	return writeThroughTemp(path, func(f io.Writer) error {
		_, err := f.Write(data)
		return err
	})
}

// writeThroughTemp writes path with write under a temporary name in the same
// folder, readable by others, and renames it into place.
func writeThroughTemp(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("experiment: writing %s: %w", path, err)
	}
	return nil
}

// removeTemporary removes files left half-written by a killed run.
func removeTemporary(dir string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// prepareSweepDir creates the sweep folder, or checks that an existing one
// holds the same sweep.
func prepareSweepDir(s *Sweep, o SweepOptions) error {
	if o.Dir == "" {
		return errors.New("experiment: no sweep folder given")
	}
	in := s.Info(o.Version)
	data, err := json.MarshalIndent(in, "", "  ")
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	data = append(data, '\n')
	infoPath := filepath.Join(o.Dir, SweepInfoName)
	old, err := ReadSweepInfo(o.Dir)
	switch {
	case err == nil:
		if old.Hash != in.Hash {
			return fmt.Errorf("experiment: %s holds another sweep (hash %.12s, this one %.12s); choose another folder", o.Dir, old.Hash, in.Hash)
		}
		if old.Version != in.Version {
			return fmt.Errorf("experiment: %s was started by joinedup %s, this is %s; finish it with that version or start afresh in another folder", o.Dir, old.Version, in.Version)
		}
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if ents, err := os.ReadDir(o.Dir); err == nil && len(ents) > 0 && !onlyShardFiles(ents) {
		return fmt.Errorf("experiment: %s exists and holds no sweep; choose another folder or remove it", o.Dir)
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(o.Dir, sweepFileName), s.File.TOML()); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(o.Dir, baseFileName), s.Base.Scenario.TOML()); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(o.Dir, designFileName), s.writeDesign); err != nil {
		return err
	}
	// Several shards may start in one folder at once: each writes the same
	// bytes, and the rename makes whichever lands last whole.
	return writeFileAtomic(infoPath, data)
}

// onlyShardFiles reports whether a folder holds only what concurrent
// shards starting in it may have written (temporaries, the runs folder).
func onlyShardFiles(ents []fs.DirEntry) bool {
	for _, e := range ents {
		n := e.Name()
		if n != runsDirName && n != "slurm" && n != sweepFileName && n != baseFileName && n != designFileName && !strings.HasSuffix(n, ".tmp") {
			return false
		}
	}
	return true
}

// ReadSweepInfo reads a sweep folder's sweep.json.
func ReadSweepInfo(dir string) (*SweepInfo, error) {
	data, err := os.ReadFile(filepath.Join(dir, SweepInfoName))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("experiment: %w", err)
	}
	in := new(SweepInfo)
	if err := json.Unmarshal(data, in); err != nil {
		return nil, fmt.Errorf("experiment: %s: %w", filepath.Join(dir, SweepInfoName), err)
	}
	return in, nil
}

// writeDesign writes design.csv: point, each factor's value (a categorical
// level as its text), then each factor's unit-cube coordinate as u:NAME.
func (s *Sweep) writeDesign(w *csv.Writer) error {
	names := s.Factors()
	head := append([]string{"point"}, names...)
	for _, n := range names {
		head = append(head, "u:"+n)
	}
	if err := w.Write(head); err != nil {
		return err
	}
	for p := range s.Points {
		row := []string{strconv.Itoa(p)}
		for i, set := range s.Points[p].Settings {
			if s.Categorical[i] {
				row = append(row, plainText(set.Value))
			} else {
				row = append(row, formatValue(s.Values[p][i]))
			}
		}
		for _, u := range s.Unit.Point(p) {
			row = append(row, formatValue(u))
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

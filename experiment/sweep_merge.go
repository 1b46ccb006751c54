package experiment

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"
)

// Names of the merged tables in a sweep folder.
const (
	RunsTable     = "runs.csv"
	PointsTable   = "points.csv"
	SweepManifest = "manifest.json"
	// DrawsTable, written when the runs drew their parameters from an
	// ensemble, has a row per run: point, replicate, the set drawn, the
	// value the run used of each of the ensemble's parameters, and the
	// parameters it did not draw (a factor or the base scenario set them).
	DrawsTable = DrawsName
)

// MissingRunsError lists the runs a merge did not find.
type MissingRunsError struct {
	Missing int      // runs missing
	Total   int      // runs in the sweep
	Units   []int    // the first missing units (point×replicates + replicate), at most 20
	Command []string // commands that would run them, one per shard
}

func (e *MissingRunsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "experiment: %d of %d runs are missing", e.Missing, e.Total)
	if len(e.Units) > 0 {
		b.WriteString(" (units")
		for _, u := range e.Units {
			fmt.Fprintf(&b, " %d", u)
		}
		if e.Missing > len(e.Units) {
			b.WriteString(" ...")
		}
		b.WriteString(")")
	}
	if len(e.Command) > 0 {
		b.WriteString("; run them with:")
		for _, c := range e.Command {
			b.WriteString("\n  " + c)
		}
	}
	return b.String()
}

// shardFolder is one runs/SHARD folder found by a merge.
type shardFolder struct {
	dir   string // the sweep folder
	path  string // its runs/SHARD folder
	shard Shard
}

// MergeSweep gathers the runs of one sweep from the folders dirs (each a
// sweep folder holding one or more shards) and writes the merged tables to
// out: runs.csv (a row per run: point, replicate, factor values, outcome
// values), points.csv (a tidy row per point and outcome: the outcome's
// statistic over the point's replicates, with n, mean and sd), draws.csv
// when the runs drew their parameters from an ensemble, and manifest.json, together with sweep.json, sweep.toml, base.toml and
// design.csv. It checks that every folder holds the same sweep (hash) made
// by the same tool version, and that every run appears exactly once; if
// some are missing it writes nothing and returns a *MissingRunsError that
// lists the commands to run them. The tables depend only on the runs, so
// they are the same bytes however the sweep was sharded or resumed.
func MergeSweep(dirs []string, out string) (*SweepInfo, error) {
	if len(dirs) == 0 {
		return nil, errors.New("experiment: no sweep folders to merge")
	}
	var info *SweepInfo
	var errs []error
	var folders []shardFolder
	for _, d := range dirs {
		in, err := ReadSweepInfo(d)
		if err != nil {
			errs = append(errs, fmt.Errorf("experiment: %s is not a sweep folder (no readable %s): %w", d, SweepInfoName, err))
			continue
		}
		if info == nil {
			info = in
		} else if in.Hash != info.Hash {
			errs = append(errs, fmt.Errorf("experiment: %s holds sweep %.12s, but %s holds sweep %.12s: they cannot be merged", d, in.Hash, dirs[0], info.Hash))
			continue
		} else if in.Version != info.Version {
			errs = append(errs, fmt.Errorf("experiment: %s was made by joinedup %s, %s by %s: runs of different versions are not merged", d, in.Version, dirs[0], info.Version))
			continue
		}
		ents, err := os.ReadDir(filepath.Join(d, runsDirName))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("experiment: %w", err))
		}
		for _, e := range ents {
			sh, ok := parseShardTag(e.Name())
			if e.IsDir() && ok {
				folders = append(folders, shardFolder{d, filepath.Join(d, runsDirName, e.Name()), sh})
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	design, err := readCSV(filepath.Join(dirs[0], designFileName))
	if err != nil {
		return nil, err
	}
	if len(design) != info.Points+1 {
		return nil, fmt.Errorf("experiment: %s has %d points, the sweep %d", filepath.Join(dirs[0], designFileName), len(design)-1, info.Points)
	}
	k := len(info.Factors)
	width := 2 + len(info.Outcomes) // a point file's columns
	drawn := info.Params == "ensemble"
	if drawn {
		if len(info.EnsembleNames) == 0 {
			return nil, fmt.Errorf("experiment: %s names no ensemble parameters; the folder was made by an earlier joinedup: run the sweep again", filepath.Join(dirs[0], SweepInfoName))
		}
		width += len(drawColumns(info.EnsembleNames))
	}
	nOut := 2 + len(info.Outcomes) // a point file's columns before the draw

	// Check every run is there exactly once before writing anything.
	R := info.Replicates
	var missing []int
	nMissing := 0
	for p := range info.Points {
		seen := make([]string, R)
		for _, f := range folders {
			rows, err := readPoint(f.path, p, width)
			if err != nil {
				return nil, err
			}
			for _, row := range rows {
				r, _ := strconv.Atoi(row[1])
				if r < 0 || r >= R || row[0] != strconv.Itoa(p) {
					return nil, fmt.Errorf("experiment: %s: a row for point %s, replicate %s, outside the sweep", filepath.Join(f.path, pointFile(p)), row[0], row[1])
				}
				if seen[r] != "" {
					return nil, fmt.Errorf("experiment: point %d, replicate %d is in both %s and %s: merge each shard once", p, r, seen[r], f.path)
				}
				seen[r] = f.path
			}
		}
		for r, s := range seen {
			if s == "" {
				nMissing++
				if len(missing) < 20 {
					missing = append(missing, p*R+r)
				}
			}
		}
	}
	if nMissing > 0 {
		return info, &MissingRunsError{Missing: nMissing, Total: info.Points * R, Units: missing, Command: rerunCommands(info, dirs, folders, nMissing)}
	}

	// Write the merged tables.
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	runs, err := os.CreateTemp(out, "."+RunsTable+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	defer func() { runs.Close(); os.Remove(runs.Name()) }()
	points, err := os.CreateTemp(out, "."+PointsTable+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	defer func() { points.Close(); os.Remove(points.Name()) }()
	rw, pw := csv.NewWriter(runs), csv.NewWriter(points)
	var draws *os.File
	var dw *csv.Writer
	if drawn {
		if draws, err = os.CreateTemp(out, "."+DrawsTable+".*.tmp"); err != nil {
			return nil, fmt.Errorf("experiment: %w", err)
		}
		defer func() { draws.Close(); os.Remove(draws.Name()) }()
		dw = csv.NewWriter(draws)
		dw.Write(append([]string{"point", "replicate"}, drawColumns(info.EnsembleNames)...))
	}
	head := []string{"point", "replicate"}
	for _, f := range info.Factors {
		head = append(head, f.Name)
	}
	for _, o := range info.Outcomes {
		head = append(head, o.Name)
	}
	rw.Write(head)
	phead := []string{"point"}
	for _, f := range info.Factors {
		phead = append(phead, f.Name)
	}
	pw.Write(append(phead, "outcome", "statistic", "value", "n", "mean", "sd"))
	vals := make([][]float64, len(info.Outcomes))
	for p := range info.Points {
		factors := design[p+1][1 : 1+k]
		byRep := make([][]string, R)
		for _, f := range folders {
			rows, err := readPoint(f.path, p, width)
			if err != nil {
				return nil, err
			}
			for _, row := range rows {
				r, _ := strconv.Atoi(row[1])
				byRep[r] = row
			}
		}
		for i := range vals {
			vals[i] = vals[i][:0]
		}
		for _, row := range byRep {
			rec := append(append(append([]string(nil), row[:2]...), factors...), row[2:nOut]...)
			rw.Write(rec)
			if dw != nil {
				dw.Write(append(append([]string(nil), row[:2]...), row[nOut:]...))
			}
			for i, t := range row[2:nOut] {
				if t == "" {
					continue
				}
				v, err := strconv.ParseFloat(t, 64)
				if err != nil {
					return nil, fmt.Errorf("experiment: point %d: outcome %s: %q is not a number", p, info.Outcomes[i].Name, t)
				}
				vals[i] = append(vals[i], v)
			}
		}
		for i, o := range info.Outcomes {
			n, mean, sd, st := pointStatistic(vals[i], o.Statistic)
			rec := append(append([]string{strconv.Itoa(p)}, factors...), o.Name, o.Statistic, formatValue(st), strconv.Itoa(n), formatValue(mean), formatValue(sd))
			pw.Write(rec)
		}
	}
	rw.Flush()
	pw.Flush()
	var derr error
	if dw != nil {
		dw.Flush()
		derr = dw.Error()
	}
	if err := errors.Join(rw.Error(), pw.Error(), derr); err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	if filepath.Clean(out) != filepath.Clean(dirs[0]) {
		for _, n := range []string{SweepInfoName, sweepFileName, baseFileName, designFileName} {
			data, err := os.ReadFile(filepath.Join(dirs[0], n))
			if err != nil {
				return nil, fmt.Errorf("experiment: %w", err)
			}
			if err := writeFileAtomic(filepath.Join(out, n), data); err != nil {
				return nil, err
			}
		}
	}
	tables := []struct {
		file *os.File
		name string
	}{{runs, RunsTable}, {points, PointsTable}}
	rowCounts := map[string]int{RunsTable: info.Points * R, PointsTable: info.Points * len(info.Outcomes), designFileName: info.Points}
	if drawn {
		tables = append(tables, struct {
			file *os.File
			name string
		}{draws, DrawsTable})
		rowCounts[DrawsTable] = info.Points * R
	} else if err := os.Remove(filepath.Join(out, DrawsTable)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	for _, f := range tables {
		err := f.file.Chmod(0o644)
		if cerr := f.file.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(f.file.Name(), filepath.Join(out, f.name))
		}
		if err != nil {
			return nil, fmt.Errorf("experiment: writing %s: %w", filepath.Join(out, f.name), err)
		}
	}
	m, err := sweepManifest(info, out, rowCounts)
	if err != nil {
		return nil, err
	}
	return info, writeFileAtomic(filepath.Join(out, SweepManifest), m)
}

// SweepManifestData is the manifest of a merged sweep folder. It holds
// nothing that depends on how the sweep was split, resumed or where it ran.
type SweepManifestData struct {
	Tool       string `json:"tool"`
	Version    string `json:"version"`
	Sweep      string `json:"sweep"`
	Hash       string `json:"hash"`
	Base       string `json:"base"`
	BaseHash   string `json:"base_hash"`
	Design     string `json:"design"`
	Points     int    `json:"points"`
	Replicates int    `json:"replicates"`
	Runs       int    `json:"runs"`
	Seed       uint64 `json:"seed"`
	Weeks      int    `json:"weeks"`
	// Params is "ensemble" when each run drew the parameters no factor
	// sets from the ensemble EnsembleSource (SHA-256 EnsembleHash), the
	// draws listed in draws.csv, and "fixed" when nothing was drawn (no
	// draws.csv).
	Params         string         `json:"params"`
	EnsembleSource string         `json:"ensemble_source,omitempty"`
	EnsembleHash   string         `json:"ensemble_hash,omitempty"`
	RowCounts      map[string]int `json:"row_counts"`
	Files          []struct {
		Name   string `json:"name"`
		Bytes  int64  `json:"bytes"`
		SHA256 string `json:"sha256"`
	} `json:"files"`
}

func sweepManifest(in *SweepInfo, dir string, rows map[string]int) ([]byte, error) {
	m := SweepManifestData{
		Tool: "joinedup", Version: in.Version, Sweep: in.Name, Hash: in.Hash, Base: in.Base, BaseHash: in.BaseHash,
		Design: in.Design, Points: in.Points, Replicates: in.Replicates, Runs: in.Points * in.Replicates,
		Seed: in.Seed, Weeks: in.Weeks, Params: in.Params, EnsembleSource: in.EnsembleSource, EnsembleHash: in.EnsembleHash,
		RowCounts: rows,
	}
	if m.Params == "" {
		m.Params = "fixed"
	}
	names := []string{baseFileName, designFileName}
	if in.Params == "ensemble" {
		names = append(names, DrawsTable)
	}
	for _, n := range append(names, PointsTable, RunsTable, SweepInfoName, sweepFileName) {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("experiment: %w", err)
		}
		h := sha256.New()
		size, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("experiment: %w", err)
		}
		m.Files = append(m.Files, struct {
			Name   string `json:"name"`
			Bytes  int64  `json:"bytes"`
			SHA256 string `json:"sha256"`
		}{n, size, hex.EncodeToString(h.Sum(nil))})
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	return append(data, '\n'), nil
}

// pointStatistic summarises one outcome's replicate values at a point.
func pointStatistic(v []float64, statistic string) (n int, mean, sd, st float64) {
	n = len(v)
	if n == 0 {
		return 0, math.NaN(), math.NaN(), math.NaN()
	}
	mean = stat.Mean(v, nil)
	sd = math.NaN()
	if n > 1 {
		sd = stat.StdDev(v, nil)
	}
	sorted := slices.Sorted(slices.Values(v))
	switch statistic {
	case "median":
		st = stat.Quantile(0.5, stat.LinInterp, sorted, nil)
	case "p10":
		st = stat.Quantile(0.1, stat.LinInterp, sorted, nil)
	case "p90":
		st = stat.Quantile(0.9, stat.LinInterp, sorted, nil)
	case "sd":
		st = sd
	default:
		st = mean
	}
	return n, mean, sd, st
}

// readPoint reads point p's file in a shard folder, or nothing if absent;
// each row must have width fields.
func readPoint(dir string, p, width int) ([][]string, error) {
	path := filepath.Join(dir, pointFile(p))
	rows, err := readCSV(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, r := range rows[1:] {
		if len(r) != width {
			return nil, fmt.Errorf("experiment: %s: a row of %d fields, want %d", path, len(r), width)
		}
	}
	return rows[1:], nil
}

// readCSV reads a whole CSV file, header included.
func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("experiment: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err == nil && len(rows) == 0 {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, fmt.Errorf("experiment: %s: %w", path, err)
	}
	return rows, nil
}

// parseShardTag reads a runs/ folder name: "all" or "s2of4".
func parseShardTag(s string) (Shard, bool) {
	if s == "all" {
		return Shard{}, true
	}
	var i, n int
	if _, err := fmt.Sscanf(s, "s%dof%d", &i, &n); err != nil || i < 1 || i > n || ShardTag(Shard{i - 1, n}) != s {
		return Shard{}, false
	}
	return Shard{Index: i - 1, Count: n}, true
}

// rerunCommands lists commands that would complete a sweep: for each
// shard count seen, the shards with missing runs resumed in their folder;
// with no shard folders, the whole sweep.
func rerunCommands(in *SweepInfo, dirs []string, folders []shardFolder, missing int) []string {
	file := in.File
	if file == "" {
		file = filepath.Join(dirs[0], sweepFileName)
	}
	present := map[string]string{} // shard tag → its folder
	counts := map[int]bool{}
	for _, f := range folders {
		present[ShardTag(f.shard)] = f.dir
		counts[f.shard.Count] = true
	}
	var cmds []string
	R := in.Replicates
	for n := range counts {
		if n <= 1 {
			cmds = append(cmds, fmt.Sprintf("joinedup sweep run %s -o %s -resume", shellQuote(file), shellQuote(present["all"])))
			continue
		}
		for i := range n {
			sh := Shard{i, n}
			dir, ok := present[ShardTag(sh)]
			if !ok {
				dir = dirs[0]
			}
			// Is any run of this shard missing from its folder?
			lack := false
			for p := 0; p < in.Points && !lack; p++ {
				units := 0
				for r := range R {
					if sh.Has(p*R + r) {
						units++
					}
				}
				if units > 0 {
					if _, err := os.Stat(filepath.Join(dir, runsDirName, ShardTag(sh), pointFile(p))); err != nil {
						lack = true
					}
				}
			}
			if lack {
				cmds = append(cmds, fmt.Sprintf("joinedup sweep run %s -o %s --shard %d/%d -resume", shellQuote(file), shellQuote(dir), i+1, n))
			}
		}
	}
	if len(counts) == 0 {
		cmds = append(cmds, fmt.Sprintf("joinedup sweep run %s -o %s -resume", shellQuote(file), shellQuote(dirs[0])))
	}
	sort.Strings(cmds)
	return cmds
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

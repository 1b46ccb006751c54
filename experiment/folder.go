package experiment

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/joinedup/joinedup/results"
)

// TableFormat chooses how a Folder writes the per-replicate table.
type TableFormat string

// The per-replicate table formats.
const (
	TableParquet TableFormat = ""       // replicates.parquet: wide, one column per metric and factor (the default; see results.DefaultReplicateFormat)
	TableCSVGzip TableFormat = "csv.gz" // tidy.csv.gz: tidy long CSV, gzip-compressed
	TableCSV     TableFormat = "csv"    // tidy.csv: tidy long CSV, uncompressed
	TableNone    TableFormat = "none"   // no per-replicate table
)

// FolderOptions configure a Folder. The zero value of each field is
// documented.
type FolderOptions struct {
	Dir     string      // the output folder; it must not exist or be empty
	Table   TableFormat // per-replicate table; "" means TableParquet
	Command []string    // the command line, for the manifest; may be nil
	Created time.Time   // when the command started, for the manifest; zero means now
	Version string      // tool version, for the manifest and the cache key
	// Plots, if not nil, draws figures into the folder from the summaries
	// and differences of design point 0 before the folder is committed.
	Plots func(out *results.Output, sums []*results.Summariser, diffs []results.Difference) error
}

// A Folder is a Sink that writes a complete output folder: the
// per-replicate table (replicates.parquet by default, through
// results.RunTable; or tidy CSV), summary.csv, comparison.csv (with two or more arms),
// runs.csv, metrics.csv, arms/N-NAME.toml (the resolved scenario of each
// arm), optional figures, and manifest.json recording the tool, its build,
// the command, the arms with their overrides and the design. The folder is
// written under a temporary name and appears only when the run completes;
// a run that fails or is cancelled leaves nothing. Its Summaries and
// Differences stay readable after the run, for printing.
type Folder struct {
	Summaries   Summaries
	Differences Differences

	opt      FolderOptions
	out      *results.Output
	info     *Info
	table    *Table
	tidy     *results.TidyCSV
	parquet  bool // the table is Parquet: one row per arm, replicate and week
	rows     int  // rows of a Parquet table
	tidyName string
	gz       *gzip.Writer
	tidyFile io.WriteCloser
	armFiles []string
	// draws.csv, with an ensemble: the parameter set of each unit.
	drawsFile io.WriteCloser
	draws     *csv.Writer
	drawRows  int
}

// NewFolder returns a Folder writing to opt.Dir.
func NewFolder(opt FolderOptions) *Folder {
	return &Folder{opt: opt}
}

// Dir is the output folder.
func (f *Folder) Dir() string { return f.opt.Dir }

// Cached reports whether the run was read back from a cache.
func (f *Folder) Cached() bool { return f.info != nil && f.info.Cached }

// Start creates the temporary folder, the arms' scenario files and the
// per-replicate table. If it fails, nothing is left behind.
func (f *Folder) Start(info *Info) error {
	err := f.start(info)
	if err != nil && f.out != nil {
		f.out.Abort()
		f.out = nil
	}
	return err
}

func (f *Folder) start(info *Info) error {
	out, err := results.NewOutput(f.opt.Dir)
	if err != nil {
		return err
	}
	f.out, f.info = out, info
	if err := f.Summaries.Start(info); err != nil {
		return err
	}
	if err := f.Differences.Start(info); err != nil {
		return err
	}
	for i, a := range info.Plan.Arms {
		name := fmt.Sprintf("arms/%d-%s.toml", i, Slug(a.Name))
		var data []byte
		if a.Scenario != nil {
			data = a.Scenario.TOML()
		}
		if data == nil {
			return fmt.Errorf("experiment: arm %q: the scenario was built in code and has no TOML to record", a.Name)
		}
		if err := writeFile(out, name, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
		f.armFiles = append(f.armFiles, name)
	}
	if e := info.Plan.Ensemble; e != nil {
		if f.drawsFile, err = out.Create(DrawsName); err != nil {
			return err
		}
		f.draws = csv.NewWriter(f.drawsFile)
		f.draws.Write(append([]string{"point", "replicate", "set"}, e.Names...))
	}
	switch f.opt.Table {
	case TableNone:
		return nil
	case TableCSV:
		f.tidyName = "tidy.csv"
	case TableCSVGzip:
		f.tidyName = "tidy.csv.gz"
	case TableParquet:
		f.tidyName = results.FormatParquet.FileName()
	default:
		return fmt.Errorf("experiment: unknown table format %q; known: csv.gz, csv, none, or \"\" for Parquet", f.opt.Table)
	}
	f.tidyFile, err = out.Create(f.tidyName)
	if err != nil {
		return err
	}
	if f.opt.Table == TableParquet {
		f.parquet = true
		f.table = &Table{W: results.NewRunTable(results.FormatParquet, f.tidyFile, numericFactors(info.Plan)...)}
		return f.table.Start(info)
	}
	var w io.Writer = f.tidyFile
	if f.opt.Table == TableCSVGzip {
		// gzip output is deterministic for the same input.
		f.gz, _ = gzip.NewWriterLevel(f.tidyFile, gzip.BestSpeed)
		w = f.gz
	}
	f.tidy = results.NewTidyCSV(w)
	f.table = &Table{W: f.tidy}
	return f.table.Start(info)
}

// DrawsName is the file of an output folder that lists, when the
// replicates drew their parameters from an ensemble, the set each unit
// drew: point, replicate, set and the set's value of every parameter.
const DrawsName = "draws.csv"

// Add accumulates summaries and differences and writes the table rows.
func (f *Folder) Add(u *Unit) error {
	if err := f.Summaries.Add(u); err != nil {
		return err
	}
	if f.draws != nil {
		row := []string{strconv.Itoa(u.Point), strconv.Itoa(u.Replicate), strconv.Itoa(u.Set)}
		for _, v := range f.info.Plan.Ensemble.Sets[u.Set] {
			row = append(row, strconv.FormatFloat(v, 'g', -1, 64))
		}
		if err := f.draws.Write(row); err != nil {
			return fmt.Errorf("experiment: writing %s: %w", DrawsName, err)
		}
		f.drawRows++
	}
	if err := f.Differences.Add(u); err != nil {
		return err
	}
	if f.table != nil {
		if f.parquet {
			for _, tr := range u.Arms {
				f.rows += len(tr.Ticks)
			}
		}
		return f.table.Add(u)
	}
	return nil
}

// numericFactors lists the factors every point sets to a number (or
// leaves unset): numeric columns in a Parquet table.
func numericFactors(p *Plan) []string {
	var out []string
	for _, name := range p.Factors() {
		numeric := true
		for _, pt := range p.Points {
			for _, s := range pt.Settings {
				if _, ok := s.Number(); s.Factor == name && !ok {
					numeric = false
				}
			}
		}
		if numeric {
			out = append(out, name)
		}
	}
	return out
}

// Finish writes the remaining files and commits the folder when err is
// nil; otherwise it removes everything written.
func (f *Folder) Finish(err error) error {
	if f.out == nil {
		return nil
	}
	if err != nil {
		f.out.Abort()
		return nil
	}
	if cerr := f.commit(); cerr != nil {
		f.out.Abort()
		return cerr
	}
	return nil
}

func (f *Folder) commit() error {
	info, out := f.info, f.out
	rows := map[string]int{}
	if f.table != nil {
		if err := f.table.Finish(nil); err != nil {
			return err
		}
		if f.gz != nil {
			if err := f.gz.Close(); err != nil {
				return err
			}
		}
		if err := f.tidyFile.Close(); err != nil {
			return err
		}
		if f.parquet {
			rows[f.tidyName] = f.rows
		} else {
			rows[f.tidyName] = f.tidy.Rows()
		}
	}
	if f.draws != nil {
		f.draws.Flush()
		if err := f.draws.Error(); err != nil {
			return fmt.Errorf("experiment: writing %s: %w", DrawsName, err)
		}
		if err := f.drawsFile.Close(); err != nil {
			return err
		}
		rows[DrawsName] = f.drawRows
	}
	multi := info.Plan.NumPoints() > 1
	var sums []results.Summary
	var pts []int
	for p := range info.Plan.NumPoints() {
		for _, s := range f.Summaries.Point(p) {
			ss := s.Summaries()
			sums = append(sums, ss...)
			for range ss {
				pts = append(pts, p)
			}
		}
	}
	rows["summary.csv"] = len(sums)
	if err := writeFile(out, "summary.csv", func(w io.Writer) error {
		if multi {
			return writeWithPoint(w, pts, func(w io.Writer) error { return results.WriteSummaryCSV(w, sums) })
		}
		return results.WriteSummaryCSV(w, sums)
	}); err != nil {
		return err
	}
	if len(info.Arms) > 1 {
		var diffs []results.Difference
		var dpts []int
		for p := range info.Plan.NumPoints() {
			d := f.Differences.Point(p)
			diffs = append(diffs, d...)
			for range d {
				dpts = append(dpts, p)
			}
		}
		rows["comparison.csv"] = len(diffs)
		if err := writeFile(out, "comparison.csv", func(w io.Writer) error {
			if multi {
				return writeWithPoint(w, dpts, func(w io.Writer) error { return results.WriteComparisonCSV(w, diffs) })
			}
			return results.WriteComparisonCSV(w, diffs)
		}); err != nil {
			return err
		}
	}
	if err := writeFile(out, "runs.csv", func(w io.Writer) error { return results.WriteRunsCSV(w, info.Arms) }); err != nil {
		return err
	}
	metrics, err := results.MergeMetrics(info.Arms)
	if err != nil {
		return err
	}
	rows["runs.csv"], rows["metrics.csv"] = len(info.Arms), len(metrics)
	if err := writeFile(out, "metrics.csv", func(w io.Writer) error { return results.WriteMetricsCSV(w, info.Arms) }); err != nil {
		return err
	}
	if f.opt.Plots != nil {
		if err := f.opt.Plots(out, f.Summaries.Point(0), f.Differences.Point(0)); err != nil {
			return err
		}
	}
	record := NewRecord(info.Plan, f.armFiles)
	record.Cached = info.Cached
	rec, err := json.Marshal(record)
	if err != nil {
		return fmt.Errorf("experiment: encoding the record: %w", err)
	}
	created := f.opt.Created
	if created.IsZero() {
		created = time.Now()
	}
	var runs []results.ManifestRun
	for _, m := range info.Arms {
		runs = append(runs, results.RunOf(m))
	}
	return out.Commit(results.Manifest{
		Tool: "joinedup", Version: f.opt.Version, Command: f.opt.Command,
		Created: created.UTC().Format(time.RFC3339), Runs: runs, RowCounts: rows,
		Build: BuildInfo(), Experiment: rec,
	})
}

// writeWithPoint writes the CSV that write makes with a first column
// "point" holding pts[i] on data row i.
func writeWithPoint(w io.Writer, pts []int, write func(io.Writer) error) error {
	var b strings.Builder
	if err := write(&b); err != nil {
		return err
	}
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	cw := csv.NewWriter(w)
	for i, r := range recs {
		lead := "point"
		if i > 0 {
			lead = strconv.Itoa(pts[i-1])
		}
		cw.Write(append([]string{lead}, r...))
	}
	cw.Flush()
	return cw.Error()
}

// writeFile creates name in out and writes it with write.
func writeFile(out *results.Output, name string, write func(io.Writer) error) error {
	f, err := out.Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		return err
	}
	return f.Close()
}

// Slug turns an arm name into a file-name part: lower-case letters,
// digits and . = _ - kept, every other run of characters one "-".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(".=_", r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if len(s) > 80 {
		s = s[:80]
	}
	if s == "" {
		s = "arm"
	}
	return s
}

// BuildInfo describes the running binary's build: Go version, OS and
// architecture, and the VCS revision ("unknown" when the build does not
// record one, as under go test or go run outside a repository).
func BuildInfo() *results.Build {
	b := &results.Build{GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, Revision: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	return b
}

// A Record is the experiment as manifest.json keeps it: enough, with the
// arms' scenario files, to make the run again (see LoadPlan).
type Record struct {
	Arms          []ArmRecord `json:"arms"`
	Factors       []string    `json:"factors,omitempty"`
	Points        []Point     `json:"points,omitempty"`
	Replicates    int         `json:"replicates"`
	Weeks         int         `json:"weeks"`
	Every         int         `json:"every"`
	Seed          uint64      `json:"seed"`
	Shard         string      `json:"shard,omitempty"`
	SharedStreams bool        `json:"shared_streams,omitempty"`
	TeamMetrics   bool        `json:"team_metrics,omitempty"`
	// Params says where each replicate's model parameters came from:
	// "ensemble" (drawn from Ensemble, recorded whole so the run can be
	// re-made) or "fixed" (the parameter table's values and the scenarios'
	// own).
	Params   string    `json:"params"`
	Ensemble *Ensemble `json:"ensemble,omitempty"`
	// Cached is true when the values were read back from the result cache
	// rather than simulated by this command (they are the same values).
	Cached bool `json:"cached,omitempty"`
}

// ArmRecord is one arm in a Record.
type ArmRecord struct {
	Name      string           `json:"name"`
	Source    string           `json:"source"`    // the embedded name or file it came from
	Overrides []OverrideRecord `json:"overrides"` // applied to Source, in order
	File      string           `json:"file"`      // the resolved scenario in the folder, such as arms/0-sedgefield.toml
	Hash      string           `json:"hash"`      // SHA-256 of File's bytes
}

// OverrideRecord is one override: the field's path and its TOML value.
type OverrideRecord struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// NewRecord records plan p, whose arms' scenarios are in files.
func NewRecord(p *Plan, files []string) Record {
	r := Record{
		Factors: p.Factors(), Points: p.Points, Replicates: p.Replicates, Weeks: p.Weeks,
		Every: max(p.Every, 1), Seed: p.Seed, Shard: p.Shard.String(),
		SharedStreams: p.SharedStreams, TeamMetrics: p.TeamMetrics, Params: "fixed",
	}
	if p.Ensemble != nil {
		r.Params, r.Ensemble = "ensemble", p.Ensemble
	}
	for i, a := range p.Arms {
		ar := ArmRecord{Name: a.Name, Source: a.origin(), Overrides: []OverrideRecord{}, Hash: a.hash()}
		if i < len(files) {
			ar.File = files[i]
		}
		for _, o := range a.Overrides {
			ar.Overrides = append(ar.Overrides, OverrideRecord{Path: o.Path, Value: o.Value})
		}
		r.Arms = append(r.Arms, ar)
	}
	return r
}

package results

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ManifestName is the name of the manifest file in every output folder.
const ManifestName = "manifest.json"

// Manifest describes an output folder so that any file in it can be traced
// to the tool, command, scenarios and seeds that made it, and checked.
type Manifest struct {
	Tool      string         `json:"tool"`       // e.g. "joinedup"
	Version   string         `json:"version"`    // tool version
	Command   []string       `json:"command"`    // command line, e.g. os.Args
	Created   string         `json:"created"`    // supplied by the caller (e.g. RFC 3339), so tests can fix it
	Runs      []ManifestRun  `json:"runs"`       // the runs written
	RowCounts map[string]int `json:"row_counts"` // data rows per file name, header excluded
	Files     []FileEntry    `json:"files"`      // filled in by Output.Commit, sorted by name
	// Build records what built the tool; omitted when not known.
	Build *Build `json:"build,omitempty"`
	// Experiment records the experiment that made the folder (arms with
	// their overrides, the design) as its writer encodes it; omitted when
	// absent.
	Experiment json.RawMessage `json:"experiment,omitempty"`
}

// Build records the build of the tool that wrote a folder.
type Build struct {
	GoVersion string `json:"go_version"` // e.g. "go1.26.8"
	OS        string `json:"os"`         // runtime.GOOS
	Arch      string `json:"arch"`       // runtime.GOARCH
	Revision  string `json:"revision"`   // VCS revision, "unknown" when the build does not say
	Modified  bool   `json:"modified"`   // the working tree had uncommitted changes
}

// ManifestRun is one run's entry in a Manifest.
type ManifestRun struct {
	Run        int    `json:"run"`
	Scenario   string `json:"scenario"`
	Source     string `json:"source"`
	Hash       string `json:"hash"`
	Seed       uint64 `json:"seed"`
	Stream     uint64 `json:"stream"`
	Replicates int    `json:"replicates"`
	Weeks      int    `json:"weeks"`
	Every      int    `json:"every"`
	Start      string `json:"start"` // YYYY-MM-DD
}

// RunOf returns the manifest entry for m.
func RunOf(m Meta) ManifestRun {
	return ManifestRun{
		Run: m.Run, Scenario: m.Scenario, Source: m.Source, Hash: m.Hash,
		Seed: m.Seed, Stream: m.Stream, Replicates: m.Replicates,
		Weeks: m.Weeks, Every: m.Every, Start: m.Start.Format(time.DateOnly),
	}
}

// FileEntry identifies one file of an output folder by size and content.
type FileEntry struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"` // hex
}

// Output is an output folder written atomically. Files are created in a
// hidden temporary sibling folder; Commit writes manifest.json and renames
// the folder into place. Until Commit succeeds nothing appears at the
// destination. Use it as
//
//	out, err := results.NewOutput(dir)
//	if err != nil { ... }
//	defer out.Abort()
//	f, err := out.Create("tidy.csv")
//	... write ...
//	return out.Commit(manifest)
//
// An Output is not safe for concurrent use.
type Output struct {
	dir, tmp string
	files    []*outFile
	done     bool
}

// NewOutput prepares to write the folder dir. It fails if dir exists and is
// not an empty folder. Missing parent folders are created.
func NewOutput(dir string) (*Output, error) {
	if dir == "" {
		return nil, errors.New("results: output folder not given")
	}
	dir = filepath.Clean(dir)
	if err := checkFree(dir); err != nil {
		return nil, err
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("results: creating output parent folder: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("results: creating temporary output folder: %w", err)
	}
	return &Output{dir: dir, tmp: tmp}, nil
}

// checkFree reports an error unless dir is absent or an empty folder.
func checkFree(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("results: output folder: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("results: output %q exists and is not a folder; choose another -o", dir)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("results: output folder: %w", err)
	}
	if len(ents) > 0 {
		return fmt.Errorf("results: output folder %q already exists and is not empty; choose another -o or remove it", dir)
	}
	return nil
}

// Dir returns the destination folder.
func (o *Output) Dir() string { return o.dir }

type outFile struct {
	name   string
	f      *os.File
	closed bool
	err    error
}

func (f *outFile) Write(p []byte) (int, error) { return f.f.Write(p) }

func (f *outFile) Close() error {
	if f.closed {
		return f.err
	}
	f.closed = true
	if err := f.f.Sync(); err != nil {
		f.f.Close()
		f.err = err
		return err
	}
	f.err = f.f.Close()
	return f.err
}

// Create creates the file name inside the output folder. Name must be a
// plain file name, or plain names joined by "/" for a file in a subfolder
// (e.g. "plots/outcomes.png"; the subfolder is created), not used before
// and not manifest.json. Closing the file is optional: Commit closes any
// file still open.
func (o *Output) Create(name string) (io.WriteCloser, error) {
	if o.done {
		return nil, errors.New("results: output already committed or aborted")
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == "." || part == ".." || strings.ContainsAny(part, `\`) || filepath.Base(part) != part {
			return nil, fmt.Errorf("results: output file name %q is not a plain file name or a relative path of plain names joined by /", name)
		}
	}
	if name == ManifestName {
		return nil, fmt.Errorf("results: output file name %q is reserved", name)
	}
	for _, f := range o.files {
		if f.name == name {
			return nil, fmt.Errorf("results: output file %q created twice", name)
		}
	}
	path := filepath.Join(o.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	of := &outFile{name: name, f: f}
	o.files = append(o.files, of)
	return of, nil
}

// Commit closes every file, records each file's size and sha256 in
// m.Files (sorted by name), writes manifest.json and moves the folder into
// place. If Commit fails, nothing is at the destination and Abort cleans up.
func (o *Output) Commit(m Manifest) error {
	if o.done {
		return errors.New("results: output already committed or aborted")
	}
	var errs []error
	for _, f := range o.files {
		if err := f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("results: closing %s: %w", f.name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	names := make([]string, len(o.files))
	for i, f := range o.files {
		names[i] = f.name
	}
	slices.Sort(names)
	m.Files = make([]FileEntry, 0, len(names))
	for _, name := range names {
		fe, err := hashFile(filepath.Join(o.tmp, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		fe.Name = name
		m.Files = append(m.Files, fe)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("results: encoding manifest: %w", err)
	}
	b = append(b, '\n')
	if err := writeSynced(filepath.Join(o.tmp, ManifestName), b); err != nil {
		return err
	}
	if err := checkFree(o.dir); err != nil {
		return err
	}
	// An empty folder at the destination is replaced; Remove fails if
	// something was written there meanwhile.
	if err := os.Remove(o.dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("results: replacing empty output folder: %w", err)
	}
	// Readable by colleagues: the temporary folder was created private.
	if err := os.Chmod(o.tmp, 0o755); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if err := os.Rename(o.tmp, o.dir); err != nil {
		return fmt.Errorf("results: moving output into place: %w", err)
	}
	o.done = true
	return nil
}

// Abort removes the temporary folder and everything in it. It does nothing
// after a successful Commit, so it is safe to defer.
func (o *Output) Abort() error {
	if o.done {
		return nil
	}
	o.done = true
	for _, f := range o.files {
		f.Close()
	}
	if err := os.RemoveAll(o.tmp); err != nil {
		return fmt.Errorf("results: removing temporary output: %w", err)
	}
	return nil
}

func hashFile(path string) (FileEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileEntry{}, fmt.Errorf("results: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileEntry{}, fmt.Errorf("results: hashing %s: %w", filepath.Base(path), err)
	}
	return FileEntry{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("results: writing %s: %w", filepath.Base(path), err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("results: writing %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("results: writing %s: %w", filepath.Base(path), err)
	}
	return nil
}

package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// small keeps runs fast; the model's numbers are not asserted, only wiring.
// It draws no figures: tests of plots add their own flags (see smallPlots).
// It bypasses the result cache, so every test simulates (TestRunCache tests
// the cache).
var small = []string{"-n", "4", "-weeks", "60", "-quiet", "-no-cache", "-plain", "-plots=false"}

// smallPlots is small with the figures drawn.
var smallPlots = small[:len(small)-1]

// joinedup runs Main in-process and returns its exit code and output.
func joinedup(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

// writeScenario writes a copy of the embedded scenario name, with each
// old → new replacement applied, into dir and returns its path.
func writeScenario(t *testing.T, dir, file, name string, replace ...string) string {
	t.Helper()
	raw, err := scenarios.Raw(name)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(text, replace[i]) {
			t.Fatalf("scenario %s has no %q to replace", name, replace[i])
		}
		text = strings.Replace(text, replace[i], replace[i+1], 1)
	}
	path := filepath.Join(dir, file)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunWritesOutput(t *testing.T) {
	tests := []struct {
		name  string
		args  []string // after "run", before the output flag
		plots bool     // figures drawn
	}{
		{"flags after scenario", append([]string{"sedgefield"}, smallPlots...), true},
		{"flags before scenario", append(append([]string{}, small...), "sedgefield"), false},
		{"every 4 weeks", append([]string{"sedgefield", "-every", "4"}, small...), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := joinedup(t, append(append([]string{"run"}, tt.args...), "-o", dir)...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if stderr != "" {
				t.Errorf("-quiet run wrote to stderr:\n%s", stderr)
			}
			if !strings.Contains(stdout, "sedgefield") || !strings.HasSuffix(stdout, "results in "+dir+"\n") {
				t.Errorf("stdout does not show the table and the folder:\n%s", stdout)
			}
			for _, name := range []string{"tidy.csv", "summary.csv", "runs.csv", "metrics.csv", "manifest.json"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					t.Errorf("missing %s: %v", name, err)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "comparison.csv")); err == nil {
				t.Error("run wrote comparison.csv")
			}
			if got, want := firstLine(readFile(t, filepath.Join(dir, "tidy.csv"))), "scenario,run,replicate,week,date,metric,value"; got != want {
				t.Errorf("tidy.csv header %q, want %q", got, want)
			}

			var m results.Manifest
			if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
				t.Fatal(err)
			}
			if m.Tool != "joinedup" || m.Version == "" || len(m.Runs) != 1 || m.Runs[0].Replicates != 4 || m.Runs[0].Weeks != 60 {
				t.Errorf("manifest %+v", m)
			}
			want := 6 // tidy.csv, summary.csv, runs.csv, metrics.csv, draws.csv, arms/0-sedgefield.toml
			if tt.plots {
				want += 3 // plots/outcomes.{pdf,png,svg}
			}
			if len(m.Files) != want {
				t.Errorf("manifest lists %d files, want %d", len(m.Files), want)
			}
			if _, err := os.Stat(filepath.Join(dir, "plots")); (err == nil) != tt.plots {
				t.Errorf("plots folder: %v; want it only when drawing figures", err)
			}
			for _, f := range m.Files {
				sum := sha256.Sum256(readFile(t, filepath.Join(dir, f.Name)))
				if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
					t.Errorf("%s: sha256 %s, manifest says %s", f.Name, got, f.SHA256)
				}
			}
			for _, name := range []string{"tidy.csv", "summary.csv", "metrics.csv", "draws.csv"} {
				lines := bytes.Count(readFile(t, filepath.Join(dir, name)), []byte("\n")) - 1
				if m.RowCounts[name] != lines || lines <= 0 {
					t.Errorf("%s: %d data rows, manifest says %d", name, lines, m.RowCounts[name])
				}
			}
		})
	}
}

func TestRunDeterministicAcrossWorkers(t *testing.T) {
	tmp := t.TempDir()
	dirs := map[string]string{}
	for _, workers := range []string{"1", "8"} {
		t.Run("workers "+workers, func(t *testing.T) {
			dir := filepath.Join(tmp, "w"+workers)
			args := append(append([]string{"run", "sedgefield"}, small...), "-workers", workers, "-o", dir)
			if code, _, stderr := joinedup(t, args...); code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			dirs[workers] = dir
		})
	}
	if len(dirs) != 2 {
		t.FailNow()
	}
	for _, name := range []string{"tidy.csv", "summary.csv"} {
		a, b := readFile(t, filepath.Join(dirs["1"], name)), readFile(t, filepath.Join(dirs["8"], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between -workers 1 and -workers 8", name)
		}
	}
}

func TestValidate(t *testing.T) {
	tmp := t.TempDir()
	unknownKey := writeScenario(t, tmp, "unknown-key.toml", "sedgefield",
		"seed = 20030401", "seed = 20030401\nreplicats = 5")
	outOfRange := writeScenario(t, tmp, "out-of-range.toml", "sedgefield",
		"status = 0.55", "status = 1.55", "discretion = 0.6 ", "discretion = 1.6 ")
	tests := []struct {
		name    string
		args    []string
		code    int
		wantOut []string
		wantErr []string
	}{
		{"embedded ok", []string{"sedgefield"}, exitOK, []string{"sedgefield: ok"}, nil},
		{"unknown key", []string{unknownKey}, exitInvalid, nil,
			[]string{unknownKey + ":", `unknown key "replicats"`}},
		{"two values out of range", []string{outOfRange}, exitInvalid, nil,
			[]string{outOfRange + ":", "profession[0].status: 1.55 is out of range", "profession[0].discretion: 1.6 is out of range"}},
		{"one bad of two", []string{"sedgefield", outOfRange}, exitInvalid, []string{"sedgefield: ok"},
			[]string{outOfRange + ":", "1 of 2 scenarios invalid"}},
		{"missing file", []string{filepath.Join(tmp, "absent.toml")}, exitInvalid, nil, []string{"absent.toml"}},
		{"no arguments", nil, exitUsage, nil, []string{"usage: joinedup validate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := joinedup(t, append([]string{"validate"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	tmp := t.TempDir()
	occupied := filepath.Join(tmp, "occupied")
	if err := os.MkdirAll(occupied, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(occupied, "keep.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"no command", nil, exitUsage, "usage:"},
		{"unknown command", []string{"simulate"}, exitUsage, `unknown command "simulate"`},
		{"run without scenario", []string{"run"}, exitUsage, "run needs one scenario"},
		{"run with two scenarios", []string{"run", "sedgefield", "sedgefield"}, exitUsage, "run needs one scenario"},
		{"unknown flag", []string{"run", "sedgefield", "-bogus"}, exitUsage, "-bogus"},
		{"bad -every", []string{"run", "sedgefield", "-every", "0"}, exitUsage, "-every 0"},
		{"compare one scenario", []string{"compare", "sedgefield"}, exitUsage, "at least two scenarios"},
		{"unknown scenario", []string{"run", "no-such-place", "-o", filepath.Join(tmp, "x")}, exitInvalid, `"no-such-place"`},
		{"missing scenario file", []string{"run", filepath.Join(tmp, "gone.toml")}, exitInvalid, "gone.toml"},
		{"output not empty", append([]string{"run", "sedgefield", "-o", occupied}, small...), exitFailure, "not empty"},
		{"help", []string{"help"}, exitOK, ""},
		{"run -h", []string{"run", "-h"}, exitOK, ""},
		{"unknown flag near a known one", []string{"run", "sedgefield", "-plot=false"}, exitUsage, "unknown flag -plot; did you mean -plots?"},
		{"yes/no flag with a separate value", []string{"run", "sedgefield", "-plots", "false"}, exitUsage, "write -plots=false"},
		{"-n beyond run.replicates' limit", []string{"run", "sedgefield", "-n", "1000000"}, exitUsage, "between 1 and 100000"},
		{"-weeks beyond run.weeks' limit", []string{"run", "sedgefield", "-weeks", "100000000"}, exitUsage, "between 1 and 5200"},
		{"larger than the machine", []string{"run", "sedgefield", "-n", "100000", "-weeks", "5200", "-o", filepath.Join(tmp, "big")}, exitFailure, "-force runs it anyway"},
		{"no package names", []string{"validate", "/dev/null/x.toml"}, exitInvalid, "x.toml"},
		{"list", []string{"list"}, exitOK, ""},
		{"version", []string{"version"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := joinedup(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantErr, stderr)
			}
			if code != exitOK && code != exitUsage && code != exitInvalid && !strings.HasPrefix(stderr, "joinedup: ") {
				t.Errorf("error not prefixed \"joinedup: \":\n%s", stderr)
			}
			for _, p := range []string{"scenarios: ", "results: ", "experiment: ", "model: ", "sim: "} {
				if strings.Contains(stderr, p) {
					t.Errorf("a package name in the message:\n%s", stderr)
				}
			}
		})
	}

	t.Run("occupied folder untouched", func(t *testing.T) {
		ents, err := os.ReadDir(occupied)
		if err != nil || len(ents) != 1 || string(readFile(t, keep)) != "mine" {
			t.Errorf("output folder changed: %v %v", ents, err)
		}
		ents, _ = os.ReadDir(tmp)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".") {
				t.Errorf("temporary folder %s left behind", e.Name())
			}
		}
	})
}

// TestHelpOnStdout checks that help asked for goes to stdout, so that
// "joinedup run -h | less" shows it, and nothing to stderr.
func TestHelpOnStdout(t *testing.T) {
	for _, args := range [][]string{{"run", "-h"}, {"help", "run"}, {"compare", "--help"}, {"validate", "-h"}, {"sweep", "run", "-h"}, {"help"}} {
		var stdout, stderr bytes.Buffer
		if code := Main(args, &stdout, &stderr); code != exitOK {
			t.Errorf("%v: exit %d", args, code)
		}
		if !strings.Contains(stdout.String(), "usage:") || stderr.Len() > 0 {
			t.Errorf("%v: stdout %q, stderr %q", args, firstLine(stdout.Bytes()), stderr.String())
		}
	}
}

func TestListAndVersion(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"list names sedgefield", []string{"list"}, "sedgefield "},
		{"version", []string{"version"}, "joinedup " + version},
		{"help", []string{"help"}, "joinedup compare A B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := joinedup(t, tt.args...)
			if code != exitOK || !strings.Contains(stdout, tt.want) {
				t.Errorf("exit %d, stdout lacks %q:\n%s\nstderr:\n%s", code, tt.want, stdout, stderr)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	tmp := t.TempDir()
	apart := writeScenario(t, tmp, "apart.toml", "sedgefield",
		`name = "sedgefield"`, `name = "sedgefield-apart"`,
		"colocated = true", "colocated = false")
	tests := []struct {
		name      string
		scenarios []string
		names     []string
	}{
		{"embedded against a file", []string{"sedgefield", apart}, []string{"sedgefield", "sedgefield-apart"}},
		{"three", []string{"sedgefield", apart, "sedgefield"}, []string{"sedgefield#0", "sedgefield-apart", "sedgefield#2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := append(append(append([]string{"compare"}, tt.scenarios...), small...), "-o", dir)
			code, stdout, stderr := joinedup(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			for _, name := range tt.names {
				if !strings.Contains(stdout, name) {
					t.Errorf("table does not mention %s:\n%s", name, stdout)
				}
			}
			if !strings.Contains(stdout, "diff") {
				t.Errorf("table has no difference column:\n%s", stdout)
			}

			tidy := readFile(t, filepath.Join(dir, "tidy.csv"))
			if n := strings.Count(string(tidy), "scenario,run,replicate"); n != 1 {
				t.Errorf("tidy.csv has %d headers, want 1", n)
			}
			f, err := os.Open(filepath.Join(dir, "comparison.csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			recs, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) < 2 || strings.Join(recs[0], ",") != strings.Join(results.ComparisonHeader, ",") {
				t.Fatalf("comparison.csv: %d records, header %v", len(recs), recs[0])
			}
			others := map[string]bool{}
			for _, r := range recs[1:] {
				if r[1] != "0" {
					t.Fatalf("comparison row against base run %s, want 0: %v", r[1], r)
				}
				others[r[3]] = true
			}
			if len(others) != len(tt.scenarios)-1 {
				t.Errorf("comparison.csv compares runs %v against run 0, want %d others", others, len(tt.scenarios)-1)
			}

			var m results.Manifest
			if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
				t.Fatal(err)
			}
			if len(m.Runs) != len(tt.scenarios) || m.RowCounts["comparison.csv"] != len(recs)-1 {
				t.Errorf("manifest: %d runs, %d comparison rows; want %d runs, %d rows", len(m.Runs), m.RowCounts["comparison.csv"], len(tt.scenarios), len(recs)-1)
			}
			for i, r := range m.Runs {
				if r.Run != i || r.Seed != m.Runs[0].Seed || r.Stream != 0 {
					t.Errorf("run %d: %+v; want run id %d on the first run's seed and stream 0", i, r, i)
				}
			}
		})
	}
}

// TestRunCompressedTidy checks the gzip-compressed per-replicate table:
// it holds the same rows as the plain one, and its bytes, like those of the
// default Parquet table, do not depend on the number of workers.
func TestRunCompressedTidy(t *testing.T) {
	tmp := t.TempDir()
	var gz, pq [][]byte
	for _, workers := range []string{"1", "2"} {
		dir := filepath.Join(tmp, "gz"+workers)
		args := []string{"run", "sedgefield", "-n", "4", "-weeks", "60", "-quiet", "-no-cache", "-plots=false", "-workers", workers}
		if code, _, stderr := joinedup(t, append(args, "-format", "csv.gz", "-o", dir)...); code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		gz = append(gz, readFile(t, filepath.Join(dir, "tidy.csv.gz")))
		dir = filepath.Join(tmp, "pq"+workers)
		if code, _, stderr := joinedup(t, append(args, "-o", dir)...); code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		pq = append(pq, readFile(t, filepath.Join(dir, "replicates.parquet")))
	}
	if !bytes.Equal(gz[0], gz[1]) {
		t.Error("tidy.csv.gz differs between -workers 1 and -workers 2")
	}
	if !bytes.Equal(pq[0], pq[1]) {
		t.Error("replicates.parquet differs between -workers 1 and -workers 2")
	}
	plain := filepath.Join(tmp, "plain")
	if code, _, stderr := joinedup(t, append([]string{"run", "sedgefield", "-workers", "1", "-o", plain}, small...)...); code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz[0]))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, readFile(t, filepath.Join(plain, "tidy.csv"))) {
		t.Error("tidy.csv.gz does not decompress to the plain tidy.csv")
	}
}

// TestMain keeps the tests' result cache in a temporary folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "joinedup-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv(experiment.CacheEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestRunCache checks that asking for a run again reads it back from the
// result cache, with the same files, and that -no-cache simulates.
func TestRunCache(t *testing.T) {
	tmp := t.TempDir()
	args := []string{"run", "sedgefield", "-n", "3", "-weeks", "20", "-plain", "-plots=false", "-seed", "424242"}
	var tidy [][]byte
	for i, extra := range [][]string{nil, nil, {"-no-cache"}} {
		dir := filepath.Join(tmp, fmt.Sprint(i))
		code, _, stderr := joinedup(t, append(append(append([]string{}, args...), extra...), "-o", dir)...)
		if code != exitOK {
			t.Fatalf("run %d: exit %d, stderr:\n%s", i, code, stderr)
		}
		if cached := strings.Contains(stderr, "read back from the result cache"); cached != (i == 1) {
			t.Errorf("run %d: cached %v; stderr:\n%s", i, cached, stderr)
		}
		tidy = append(tidy, readFile(t, filepath.Join(dir, "tidy.csv")))
	}
	if !bytes.Equal(tidy[0], tidy[1]) || !bytes.Equal(tidy[0], tidy[2]) {
		t.Error("tidy.csv differs between the simulated and the cached run")
	}
}

package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files of the bad-input catalogue")

// catalogue is the folder of malformed inputs (see its README.md).
var catalogue = filepath.Join("..", "..", "scenarios", "testdata", "bad")

// checkRefused fails t if a command on a malformed input crashed (2, 70),
// succeeded, printed results or wrote its output folder.
func checkRefused(t *testing.T, what string, code int, stdout, stderr, out string) {
	t.Helper()
	switch code {
	case exitOK:
		t.Errorf("%s: exit 0; stdout:\n%s", what, stdout)
	case 2, exitInternal:
		t.Errorf("%s: crashed, exit %d:\n%s", what, code, stderr)
	}
	if strings.TrimSpace(stderr) == "" {
		t.Errorf("%s: no message", what)
	}
	if strings.Contains(stdout, "results in") {
		t.Errorf("%s: printed results:\n%s", what, stdout)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s: wrote %s", what, out)
	}
	ents, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("%s: left %s", what, e.Name())
		}
	}
}

// TestBadCatalogueCommands runs every malformed scenario file and override
// of the catalogue through validate and run, and every malformed sweep
// through sweep run (comparing its message with sweep/NAME.golden): none
// may crash, exit 0 or write output.
func TestBadCatalogueCommands(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(catalogue, "*.toml"))
	sets, _ := filepath.Glob(filepath.Join(catalogue, "set", "*.set"))
	sweeps, _ := filepath.Glob(filepath.Join(catalogue, "sweep", "*.toml"))
	if len(files)+len(sets)+len(sweeps) < 80 {
		t.Fatalf("the catalogue holds %d scenario files, %d overrides and %d sweeps; want at least 80 in all", len(files), len(sets), len(sweeps))
	}
	tmp := t.TempDir()
	fast := []string{"-n", "2", "-weeks", "5", "-quiet", "-no-cache", "-plots=false"}
	for _, file := range files {
		t.Run("file/"+filepath.Base(file), func(t *testing.T) {
			code, stdout, stderr := joinedup(t, "validate", file)
			checkRefused(t, "validate", code, stdout, stderr, filepath.Join(tmp, "none"))
			if code != exitInvalid || !strings.Contains(stderr, filepath.Base(file)) {
				t.Errorf("validate: exit %d, want %d and a message naming the file:\n%s", code, exitInvalid, stderr)
			}
			out := filepath.Join(tmp, "run-"+filepath.Base(file))
			code, stdout, stderr = joinedup(t, append([]string{"run", file, "-o", out}, fast...)...)
			checkRefused(t, "run", code, stdout, stderr, out)
		})
	}
	for _, file := range sets {
		t.Run("set/"+filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var set []string
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				set = append(set, "-set", line)
			}
			code, stdout, stderr := joinedup(t, append([]string{"validate", "sedgefield"}, set...)...)
			checkRefused(t, "validate", code, stdout, stderr, filepath.Join(tmp, "none"))
			out := filepath.Join(tmp, "set-"+filepath.Base(file))
			code, stdout, stderr = joinedup(t, append(append([]string{"run", "sedgefield", "-o", out}, set...), fast...)...)
			checkRefused(t, "run", code, stdout, stderr, out)
			if !strings.Contains(stderr, "-set") && !strings.Contains(stderr, strings.TrimSpace(strings.Split(string(data), "\n")[0])) {
				t.Errorf("run: the message names neither -set nor the setting:\n%s", stderr)
			}
		})
	}
	for _, file := range sweeps {
		t.Run("sweep/"+filepath.Base(file), func(t *testing.T) {
			out := filepath.Join(tmp, "sweep-"+filepath.Base(file))
			code, stdout, stderr := joinedup(t, "sweep", "run", file, "-o", out, "-quiet", "-no-cache")
			checkRefused(t, "sweep run", code, stdout, stderr, out)
			got := strings.ReplaceAll(stderr, out, "OUT")
			if strings.Contains(got, "larger than this machine") {
				// The figures depend on the machine; the refusal does not.
				if !strings.Contains(got, "-force runs it anyway") {
					t.Errorf("refusal does not say -force overrides it:\n%s", got)
				}
				got = "joinedup: the run is larger than this machine: (figures of this machine) -force runs it anyway\n"
			}
			golden := strings.TrimSuffix(file, ".toml") + ".golden"
			if *updateGolden {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/joinedup -run BadCatalogueCommands -update writes it)", err)
			}
			if !bytes.Equal([]byte(got), want) {
				t.Errorf("message differs from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

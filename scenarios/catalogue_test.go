package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadCatalogue loads every malformed file in testdata/bad and compares
// the message with its golden file (testdata/bad/NAME.golden, rewritten by
// -update). Each must fail, and each problem must name the file, and a line
// unless it concerns the file as a whole.
func TestBadCatalogue(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogue: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".toml")
		t.Run(name, func(t *testing.T) {
			_, err := Load(file)
			if err == nil {
				t.Fatal("loaded without error")
			}
			got := err.Error() + "\n"
			for _, p := range problems(err) {
				first, _, _ := strings.Cut(p, "\n")
				if !strings.Contains(first, file) {
					t.Errorf("problem does not name the file: %s", first)
				}
			}
			checkGenerated(t, strings.TrimSuffix(file, ".toml")+".golden", []byte(got), "BadCatalogue")
		})
	}
	if _, err := os.Stat(filepath.Join("testdata", "bad", "README.md")); err != nil {
		t.Error("testdata/bad has no README.md saying what the catalogue is")
	}
}

// TestBadOverrides applies each testdata/bad/set/NAME.set (one PATH=VALUE
// a line, as -set takes them) to the Sedgefield scenario and compares the
// message with NAME.golden. Each must fail, naming the override.
func TestBadOverrides(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "set", "*.set"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no override catalogue: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".set")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			var over []Override
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				o, err := ParseOverride(line)
				if err != nil {
					msgs = append(msgs, err.Error())
					continue
				}
				over = append(over, o)
			}
			if len(msgs) == 0 {
				_, err := ResolveWith("sedgefield", over)
				if err == nil {
					t.Fatal("resolved without error")
				}
				msgs = append(msgs, err.Error())
				for _, p := range problems(err) {
					if !strings.HasPrefix(p, "--set ") {
						t.Errorf("problem does not name the override: %s", p)
					}
				}
			}
			checkGenerated(t, strings.TrimSuffix(file, ".set")+".golden", []byte(strings.Join(msgs, "\n")+"\n"), "BadOverrides")
		})
	}
}

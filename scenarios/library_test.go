package scenarios

import (
	"strings"
	"testing"
)

// TestLibrary parses and validates every embedded scenario.
func TestLibrary(t *testing.T) {
	entries := Describe()
	names := Names()
	if len(entries) != len(names) {
		t.Errorf("Describe lists %d entries, Names %d", len(entries), len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s, err := Embedded(name)
			if err != nil {
				t.Fatal(err)
			}
			if s.File() != "library/"+name+".toml" || len(s.Hash()) != 64 {
				t.Errorf("File %q, Hash %q", s.File(), s.Hash())
			}
			r, err := Resolve(name)
			if err != nil || r.Hash() != s.Hash() {
				t.Errorf("Resolve(%q): %v", name, err)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	s, err := Resolve("testdata/minimal.toml")
	if err != nil || s.Name != "minimal" {
		t.Fatalf("Resolve of a path: %v", err)
	}
	_, err = Resolve("no-such-scenario")
	if err == nil || !strings.HasPrefix(err.Error(), `scenarios: no embedded scenario "no-such-scenario"`) {
		t.Errorf("Resolve of an unknown name: %v", err)
	}
	_, err = Resolve("missing.toml")
	if err == nil || !strings.Contains(err.Error(), "no scenario file missing.toml") {
		t.Errorf("Resolve of a missing .toml path: %v", err)
	}
	if _, err := Raw("README"); err == nil {
		t.Errorf("Raw(README) found the folder's README as a scenario")
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/scenarios"
)

func TestInit(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "taken.toml")
	if err := os.WriteFile(existing, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		file   string // the file written, checked with validate
		stderr string
	}{
		{"writes and validates", []string{"init", "demo", "-o", filepath.Join(dir, "demo.toml")}, exitOK, filepath.Join(dir, "demo.toml"), ""},
		{"flag before name", []string{"init", "-o", filepath.Join(dir, "other.toml"), "area-2"}, exitOK, filepath.Join(dir, "other.toml"), ""},
		{"refuses to overwrite", []string{"init", "demo", "-o", existing}, exitFailure, "", "already exists"},
		{"bad name", []string{"init", "my area"}, exitUsage, "", "starter name"},
		{"no name", []string{"init"}, exitUsage, "", "exactly one scenario name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := joinedup(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr does not say %q:\n%s", tc.stderr, stderr)
			}
			if tc.file == "" {
				return
			}
			data := readFile(t, tc.file)
			if want := "#:schema ./" + scenarios.SchemaFile; firstLine(data) != want {
				t.Errorf("first line %q, want %q", firstLine(data), want)
			}
			schema := readFile(t, filepath.Join(filepath.Dir(tc.file), scenarios.SchemaFile))
			if want, _ := scenarios.JSONSchema(); string(schema) != string(want) {
				t.Errorf("the schema written beside the scenario is not the current one")
			}
			if code, _, stderr := joinedup(t, "validate", tc.file); code != exitOK {
				t.Errorf("validate exit %d:\n%s", code, stderr)
			}
		})
	}
	if got := string(readFile(t, existing)); got != "keep me\n" {
		t.Errorf("init overwrote an existing file: %q", got)
	}
}

// TestInitDefaultFile checks that init writes NAME.toml in the current folder.
func TestInitDefaultFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, _, stderr := joinedup(t, "init", "demo"); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	s, err := scenarios.Load("demo.toml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "demo" {
		t.Errorf("name %q, want demo", s.Name)
	}
	if code, _, _ := joinedup(t, "init", "demo"); code != exitFailure {
		t.Errorf("a second init demo exit %d, want %d", code, exitFailure)
	}
}

package results

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestOutputSubfolder checks that files in subfolders ("plots/a.png") are
// written, moved into place with the folder and listed in the manifest by
// their slash-separated names.
func TestOutputSubfolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	o, err := NewOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	files := map[string]string{"tidy.csv": "a", "plots/outcomes.png": "bb", "plots/outcomes.svg": "ccc"}
	for _, name := range []string{"tidy.csv", "plots/outcomes.png", "plots/outcomes.svg"} {
		f, err := o.Create(name)
		if err != nil {
			t.Fatalf("Create(%q): %v", name, err)
		}
		f.Write([]byte(files[name]))
	}
	if _, err := o.Create("plots/outcomes.png"); err == nil {
		t.Error("Create of a subfolder file twice succeeded")
	}
	if err := o.Commit(Manifest{}); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Name)
		if f.Bytes != int64(len(files[f.Name])) {
			t.Errorf("%s: manifest says %d bytes, want %d", f.Name, f.Bytes, len(files[f.Name]))
		}
	}
	want := []string{"plots/outcomes.png", "plots/outcomes.svg", "tidy.csv"}
	if len(names) != len(want) {
		t.Fatalf("manifest lists %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("manifest lists %v, want %v", names, want)
			break
		}
	}
}

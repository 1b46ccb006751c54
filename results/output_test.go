package results

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOutputCommit(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	o, err := NewOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	files := map[string]string{"tidy.csv": TidyHeader + "a,0,0,0,2024-04-01,x,1\n", "runs.csv": "run\n0\n"}
	for _, name := range []string{"tidy.csv", "runs.csv"} {
		f, err := o.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, files[name]); err != nil {
			t.Fatal(err)
		}
		if name == "runs.csv" {
			f.Close() // closing is optional; Commit closes the rest
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("destination visible before Commit: %v", err)
	}
	m := Manifest{Tool: "joinedup", Version: "test", Command: []string{"joinedup", "run", "a"}, Created: "2025-01-01T00:00:00Z",
		Runs:      []ManifestRun{RunOf(Meta{Scenario: "a", Seed: 1, Replicates: 1, Weeks: 1, Start: start})},
		RowCounts: map[string]int{"tidy.csv": 1, "runs.csv": 1}}
	if err := o.Commit(m); err != nil {
		t.Fatal(err)
	}
	if err := o.Abort(); err != nil {
		t.Errorf("Abort after Commit: %v", err)
	}

	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var got Manifest
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != 2 || got.Files[0].Name != "runs.csv" || got.Files[1].Name != "tidy.csv" {
		t.Fatalf("manifest files %+v, want runs.csv then tidy.csv", got.Files)
	}
	for _, fe := range got.Files {
		content, err := os.ReadFile(filepath.Join(dir, fe.Name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(content)
		if string(content) != files[fe.Name] || fe.Bytes != int64(len(content)) || fe.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: manifest says %d bytes sha256 %s; file has %d bytes sha256 %x", fe.Name, fe.Bytes, fe.SHA256, len(content), sum)
		}
	}
	if got.Runs[0].Start != "2024-04-01" || got.Created != m.Created || got.RowCounts["tidy.csv"] != 1 {
		t.Errorf("manifest %+v", got)
	}
	if !strings.Contains(string(b), "\n  \"tool\": \"joinedup\",\n") || !strings.HasSuffix(string(b), "}\n") {
		t.Errorf("manifest not indented JSON:\n%s", b)
	}
	ents, _ := os.ReadDir(parent)
	if len(ents) != 1 {
		t.Errorf("parent holds %d entries, want only the output folder", len(ents))
	}
}

func TestOutputAbort(t *testing.T) {
	parent := t.TempDir()
	o, err := NewOutput(filepath.Join(parent, "out"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := o.Create("tidy.csv")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "half written")
	if err := o.Abort(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Errorf("Abort left %v", ents)
	}
	if err := o.Commit(Manifest{}); err == nil {
		t.Error("Commit after Abort succeeded")
	}
}

func TestOutputDestination(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(dir string)
		want    string // error substring; empty for success
	}{
		{"absent", func(string) {}, ""},
		{"empty folder is replaced", func(dir string) { os.Mkdir(dir, 0o755) }, ""},
		{"missing parents are created", nil, ""},
		{"non-empty folder refused", func(dir string) {
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "old.csv"), nil, 0o644)
		}, "already exists and is not empty; choose another -o or remove it"},
		{"file refused", func(dir string) { os.WriteFile(dir, nil, 0o644) }, "is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if tt.prepare == nil {
				dir = filepath.Join(t.TempDir(), "a", "b", "out")
			} else {
				tt.prepare(dir)
			}
			o, err := NewOutput(dir)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "results: ") {
					t.Errorf("error %v, want one containing %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer o.Abort()
			if err := o.Commit(Manifest{}); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, ManifestName)); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestOutputCreateNames(t *testing.T) {
	o, err := NewOutput(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	if _, err := o.Create("tidy.csv"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"", ".", "..", "/b.csv", "a//b.csv", "a/../b.csv", "a/", "../b.csv", `a\b.csv`, ManifestName, "tidy.csv"} {
		if _, err := o.Create(name); err == nil {
			t.Errorf("Create(%q) succeeded", name)
		}
	}
}

func TestOutputCommitRefusesLateWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	o, err := NewOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "other.csv"), []byte("x"), 0o644)
	if err := o.Commit(Manifest{Created: time.Time{}.String()}); err == nil {
		t.Fatal("Commit replaced a folder written meanwhile")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "other.csv")); string(b) != "x" {
		t.Error("Commit disturbed a folder written meanwhile")
	}
}

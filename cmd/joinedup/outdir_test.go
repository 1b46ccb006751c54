package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultOutputFolders(t *testing.T) {
	parent := t.TempDir()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a, err := reserveOutput(parent, []string{"sedgefield"}, now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := reserveOutput(parent, []string{"sedgefield"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if a == b || filepath.Base(a) != "sedgefield-20260102-030405" || filepath.Base(b) != "sedgefield-20260102-030405-2" {
		t.Errorf("same second: %s and %s", a, b)
	}
	var many []string
	for range 40 {
		many = append(many, "barking-dagenham-operational")
	}
	c, err := reserveOutput(parent, many, now)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(filepath.Base(c)); n > maxFolderName+len("-20260102-030405") {
		t.Errorf("name of %d bytes: %s", n, filepath.Base(c))
	}
	if strings.ContainsAny(filepath.Base(c), "\"'[]{} ") {
		t.Errorf("name with quotes or brackets: %s", c)
	}
}

func TestOutputIsTheCurrentFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, o := range []string{".", "..", dir} {
		code, stdout, stderr := joinedup(t, "run", "sedgefield", "-n", "2", "-weeks", "5", "-quiet", "-o", o)
		if code != exitUsage || !strings.Contains(stderr, "the folder you are in") || stdout != "" {
			t.Errorf("-o %s: exit %d, stderr %q", o, code, stderr)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("wrote %v", ents)
	}
}

func TestStaleTemporaryFoldersReported(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".old.tmp-123")
	if err := os.Mkdir(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	reportStale(&b, filepath.Join(dir, "new"))
	if !strings.Contains(b.String(), stale) || !strings.Contains(b.String(), "rm -r "+stale) {
		t.Errorf("report: %q", b.String())
	}
}

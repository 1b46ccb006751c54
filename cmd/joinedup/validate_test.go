package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestValidateRefusesHostileFiles feeds validate files that once exhausted
// memory or time, and checks each is refused with exit 3 and a message
// naming the file and a fix.
func TestValidateRefusesHostileFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var keys strings.Builder
	for i := range 60000 {
		keys.WriteString("k" + strconv.Itoa(i) + " = 1\n")
	}
	tests := []struct {
		name, file string
		want       []string
	}{
		{"nested 10,000 deep", write("deep.toml", "a = "+strings.Repeat("{a=", 10000)+"1"+strings.Repeat("}", 10000)+"\n"),
			[]string{"deep.toml:1:", "nested more than 32 deep"}},
		{"a device", "/dev/zero", []string{"/dev/zero is not a regular file", "save the scenario to a .toml file"}},
		{"too large", write("big.toml", "#"+strings.Repeat(" ", 2<<20)+"\n"), []string{"big.toml is larger than 1024 KiB"}},
		{"many unknown keys", write("keys.toml", keys.String()), []string{"keys.toml:1: ", "unknown key", "more problems not shown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.file); err != nil {
				t.Skip(err)
			}
			code, stdout, stderr := joinedup(t, "validate", tt.file)
			if code != exitInvalid {
				t.Errorf("exit %d, want %d", code, exitInvalid)
			}
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not say %q:\n%.2000s", w, stderr)
				}
			}
			if n := strings.Count(stderr, "\n"); n > 60 {
				t.Errorf("%d lines of problems", n)
			}
		})
	}
}

// TestValidateHonoursCancel checks that validate stops, reporting the
// interruption, when its context is cancelled.
func TestValidateHonoursCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	err := cmdValidate(ctx, []string{"sedgefield", "usual-care"}, &out, &errb)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q", out.String())
	}
}

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// cancelOn is a stderr for run and compare that cancels the command's
// context when a progress line containing match is written, so a test can
// interrupt at a chosen point without sending signals to itself. Progress
// lines are written by the observer, in the goroutine delivering
// replicates, so the cancellation happens at exactly that point.
type cancelOn struct {
	mu      sync.Mutex
	match   string
	cancel  context.CancelFunc
	buf     bytes.Buffer
	matched bool
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.matched && strings.Contains(string(p), w.match) {
		w.matched = true
		w.cancel()
	}
	return w.buf.Write(p)
}

// assertNothingWritten fails t unless the output folder out does not exist
// and its parent holds nothing, not even a temporary sibling.
func assertNothingWritten(t *testing.T, out string) {
	t.Helper()
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("output folder %s exists after an interrupt (stat error %v)", out, err)
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s left in the output's parent after an interrupt", e.Name())
	}
}

func TestInterruptWritesNothing(t *testing.T) {
	// Progress lines come every tenth of a run: "run sedgefield: 4/40 replicates".
	fast := []string{"-n", "40", "-weeks", "8", "-workers", "2", "-no-cache", "-plain", "-plots=false"}
	tests := []struct {
		name  string
		cmd   command
		args  []string // before the flags in fast and -o
		match string   // cancel when a progress line contains this; "" cancels before the start
	}{
		{"run cancelled before it starts", cmdRun, []string{"sedgefield"}, ""},
		{"run cancelled after some replicates", cmdRun, []string{"sedgefield"}, "run sedgefield: 4/40"},
		{"run cancelled after the last replicate", cmdRun, []string{"sedgefield"}, "run sedgefield: 40/40"},
		{"compare cancelled after some replicates", cmdCompare, []string{"sedgefield", "usual-care"}, "compare sedgefield vs usual-care: 8/40"},
		{"compare cancelled after the last replicate", cmdCompare, []string{"sedgefield", "usual-care"}, "compare sedgefield vs usual-care: 40/40"},
		{"what-if cancelled after some replicates", cmdCompare, []string{"sedgefield", "-vs", "partnership.targets=separate", "-vs", "team[0].colocated=false"}, "colocated=false: 4/40"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stderr := &cancelOn{match: tt.match, cancel: cancel}
			if tt.match == "" {
				cancel()
			}
			var stdout bytes.Buffer
			args := append(append(append([]string{}, tt.args...), fast...), "-o", out)
			err := tt.cmd(ctx, args, &stdout, stderr)
			if tt.match != "" && !stderr.matched {
				t.Fatalf("no progress line contained %q; stderr:\n%s", tt.match, stderr.buf.String())
			}
			if err == nil {
				t.Fatalf("interrupted command returned no error; stdout:\n%s", stdout.String())
			}
			var msg bytes.Buffer
			if code := exitCode(err, &msg); code != exitFailure {
				t.Errorf("exit code %d, want %d", code, exitFailure)
			}
			if !strings.Contains(msg.String(), "nothing was written to "+out) {
				t.Errorf("message does not say nothing was written to %s: %q", out, msg.String())
			}
			if !strings.Contains(msg.String(), "interrupted") {
				t.Errorf("message does not say the command was interrupted: %q", msg.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("interrupted command printed results:\n%s", stdout.String())
			}
			assertNothingWritten(t, out)
		})
	}
}

// TestInterruptSignal sends a real interrupt to the built command in the
// middle of a long run.
func TestInterruptSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent on Windows")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the command:", err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "joinedup")
	if b, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	out := filepath.Join(tmp, "results", "out")
	if err := os.Mkdir(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "sedgefield", "-n", "100000", "-force", "-no-cache", "-quiet", "-plots=false", "-o", out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	// Wait until the run is under way, which its temporary sibling folder
	// shows; on a busy machine loading and starting may take a while, so
	// the wait is bounded by the run's own end, not by a short clock.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-waited
			t.Fatalf("no temporary output folder within 2 minutes of the start; stderr:\n%s", stderr.String())
		}
		select {
		case err := <-waited:
			t.Fatalf("the run ended before the interrupt: %v\nstderr:\n%s", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err = <-waited:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-waited
		t.Fatal("the run did not stop within a minute of the interrupt")
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupt {
		t.Errorf("exit %v, want exit code %d; stderr:\n%s", err, exitInterrupt, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, "interrupted") || !strings.Contains(msg, "nothing was written to "+out) {
		t.Errorf("stderr does not say the run was interrupted and nothing written:\n%s", msg)
	}
	if stdout.Len() > 0 {
		t.Errorf("interrupted run printed results:\n%s", stdout.String())
	}
	assertNothingWritten(t, out)
}

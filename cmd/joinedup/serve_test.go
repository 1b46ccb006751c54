package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServePrintsURLAndServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan error)
	go func() { done <- cmdServe(ctx, []string{"-addr", "127.0.0.1:0"}, &out, &errb) }()
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var u string
	for range 500 {
		if u = url.FindString(out.String()); u != "" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if u == "" {
		t.Fatalf("no URL printed: %q %q", out.String(), errb.String())
	}
	res, err := http.Get(u + "api/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "sedgefield") {
		t.Errorf("library: %s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after cancel: %v", err)
	}
}

func TestServeUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"serve", "extra"}, &out, &errb); code != exitUsage {
		t.Errorf("serve extra: exit %d, want %d", code, exitUsage)
	}
	if code := Main([]string{"serve", "-addr", "256.0.0.1:99999"}, &out, &errb); code != exitFailure {
		t.Errorf("serve on a bad address: exit %d, want %d (%s)", code, exitFailure, errb.String())
	}
}

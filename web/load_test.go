package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadStudents is the size of the class the load test simulates.
const loadStudents = 30

// TestClassLoad simulates a class of 30 students on loopback: each joins
// (four in the roles, the rest watching), sends three hostile or mistaken
// requests, asks for the state ten times, holds the class's event stream
// open and asks for the state at every event; the four in roles decide in
// two rounds; at the end everyone downloads the scenario file. It reports
// the latency of the requests and of the first event (p50, p99, the most)
// and asserts only what a loaded machine cannot miss: no 5xx answer, every
// answer the one expected, every student sees the end, the heap and the
// goroutines come back within generous bounds. The figures are reported,
// not judged: the machine may be shared.
func TestClassLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test takes some seconds")
	}
	srv := New(Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * loadStudents}, Timeout: time.Minute}
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()

	var mu sync.Mutex
	var lat []time.Duration
	statuses := map[int]int{}
	var problems []string
	fail := func(format string, args ...any) {
		mu.Lock()
		problems = append(problems, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	// do sends a request, timing it, and checks its status.
	do := func(method, path, body, tok string, want int) []byte {
		req, _ := http.NewRequestWithContext(ctx, method, ts.URL+path, strings.NewReader(body))
		if tok != "" {
			req.Header.Set("X-Class-Token", tok)
		}
		began := time.Now()
		res, err := client.Do(req)
		if err != nil {
			fail("%s %s: %v", method, path, err)
			return nil
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		took := time.Since(began)
		mu.Lock()
		lat = append(lat, took)
		statuses[res.StatusCode]++
		mu.Unlock()
		if res.StatusCode != want {
			fail("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, b)
		}
		return b
	}

	var created struct{ Code, Token string }
	json.Unmarshal(do("POST", "/api/class", `{"scenario":"sedgefield","quarters":3,"seconds":600,"replicates":20}`, "", 201), &created)
	code, teacher := created.Code, created.Token
	if code == "" {
		t.Fatalf("no class: %v", problems)
	}
	base := "/api/class/" + code

	joined := make(chan struct{}, loadStudents)
	var wg sync.WaitGroup
	for i := range loadStudents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ro := observer
			if i < len(roles) {
				ro = roles[i].ID
			}
			var j struct{ Token string }
			json.Unmarshal(do("POST", base+"/join", fmt.Sprintf(`{"role":%q,"name":"student %d"}`, ro, i), "", 201), &j)
			joined <- struct{}{}
			if j.Token == "" {
				return
			}
			// Hostile and mistaken requests along the way: each a 4xx.
			do("POST", base+"/join", `{"role":"director","name":"`+strings.Repeat("x", 5000)+`"}`, "", 400)
			do("POST", base+"/decide", `{"option":"model"}`, "not-a-token", 403)
			do("GET", "/api/class/ZZZZ99", "", "", 404)
			for range 10 {
				do("GET", base, "", j.Token, 200)
			}

			sctx, stop := context.WithCancel(ctx)
			defer stop()
			req, _ := http.NewRequestWithContext(sctx, "GET", ts.URL+base+"/events?token="+j.Token, nil)
			began := time.Now()
			res, err := client.Do(req)
			if err != nil {
				fail("events: %v", err)
				return
			}
			defer res.Body.Close()
			if res.StatusCode != 200 {
				fail("events: %d", res.StatusCode)
				return
			}
			events := make(chan classState, 64)
			go func() {
				defer close(events)
				sc := bufio.NewScanner(res.Body)
				sc.Buffer(nil, 1<<20)
				for sc.Scan() {
					if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
						var st classState
						if err := json.Unmarshal([]byte(data), &st); err != nil {
							fail("event: %v", err)
							return
						}
						select {
						case events <- st:
						case <-sctx.Done():
							return
						}
					}
				}
			}()
			first := true
			for round := 1; ; {
				var st classState
				select {
				case s, ok := <-events:
					if !ok {
						fail("student %d: the stream ended in round %d", i, round)
						return
					}
					st = s
				case <-ctx.Done():
					fail("student %d: no end before the time limit", i)
					return
				}
				if first {
					mu.Lock()
					lat = append(lat, time.Since(began))
					mu.Unlock()
					first = false
				}
				do("GET", base, "", j.Token, 200)
				if st.Phase == phaseFinished {
					do("GET", base+"/scenario.toml", "", "", 200)
					return
				}
				if st.Phase == phaseDeciding && st.Quarter == round {
					if ro != observer && st.You != nil && st.You.Decided == "" && len(st.You.Options) > 0 {
						opt := st.You.Options[(i+round)%len(st.You.Options)].ID
						do("POST", base+"/decide", `{"option":"`+opt+`"}`, j.Token, 204)
					}
					round++
				}
			}
		}()
	}
	for range loadStudents {
		<-joined
	}
	do("POST", base+"/start", "", teacher, 202)
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the class did not finish within the time limit")
	}
	final := state(t, srv, code, teacher)
	if final.Phase != phaseFinished || len(final.Decisions) != 2*len(roles) {
		t.Errorf("at the end: %s, %d decisions", final.Phase, len(final.Decisions))
	}

	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grow := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d students, %d requests (measured on this machine, which may be loaded): p50 %v, p99 %v, most %v; statuses %v",
		loadStudents, len(lat), q(0.50).Round(time.Microsecond), q(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond), statuses)
	t.Logf("heap in use %.1f MiB after the class (%.1f MiB before, %+.1f MiB); the most the process reserved: %.1f MiB",
		float64(after.HeapAlloc)/(1<<20), float64(before.HeapAlloc)/(1<<20), float64(grow)/(1<<20), float64(after.Sys)/(1<<20))
	for code, n := range statuses {
		if code >= 500 {
			t.Errorf("%d answers with status %d", n, code)
		}
	}
	for _, p := range problems[:min(len(problems), 20)] {
		t.Error(p)
	}
	if grow > 256<<20 {
		t.Errorf("the heap grew by %d MiB over one class", grow>>20)
	}
	// The event streams end with the students: the goroutines come back.
	client.CloseIdleConnections()
	deadline := time.Now().Add(time.Minute)
	for runtime.NumGoroutine() > goroutines+20 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines+20 {
		t.Errorf("%d goroutines a minute after the class, %d before", n, goroutines)
	}
}

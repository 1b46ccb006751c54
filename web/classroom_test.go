package web

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/scenarios"
)

// call sends a request with a JSON body (none when "") and a class token.
func call(t *testing.T, h http.Handler, method, path, body, tok string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if tok != "" {
		r.Header.Set("X-Class-Token", tok)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// want checks a response's status and, for a 4xx, that it is a JSON error
// containing msg.
func want(t *testing.T, w *httptest.ResponseRecorder, status int, msg string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %s", w.Code, status, w.Body.String())
	}
	if status >= 400 {
		var e struct{ Error string }
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || !strings.Contains(e.Error, msg) {
			t.Fatalf("error body %q, want JSON containing %q", w.Body.String(), msg)
		}
	}
}

type classState struct {
	Code      string
	Phase     string
	Quarter   int
	Quarters  int
	Error     string
	LeftMS    int `json:"left_ms"`
	Decisions []decision
	Roles     []roleView
	You       *struct {
		Role    string
		Name    string
		Teacher bool
		Decided string
		Options []option
	}
	Curves *struct {
		Weeks int
		Class map[string]map[string]json.RawMessage
		Own   map[string]map[string]json.RawMessage
	}
}

func state(t *testing.T, h http.Handler, code, tok string) classState {
	t.Helper()
	w := call(t, h, "GET", "/api/class/"+code, "", tok)
	want(t, w, 200, "")
	var st classState
	if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// waitPhase polls until the session is in phase (generous: runs share a
// loaded machine).
func waitPhase(t *testing.T, h http.Handler, code, tok, phase string, quarter int) classState {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		st := state(t, h, code, tok)
		if st.Phase == phase && st.Quarter == quarter {
			return st
		}
		if st.Phase == phaseFailed || time.Now().After(deadline) {
			t.Fatalf("waiting for %s in quarter %d: %s in quarter %d %s", phase, quarter, st.Phase, st.Quarter, st.Error)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// newClass creates a session and returns its code and the teacher's token.
func newClass(t *testing.T, h http.Handler, body string) (string, string) {
	t.Helper()
	w := call(t, h, "POST", "/api/class", body, "")
	want(t, w, 201, "")
	var c struct{ Code, Token string }
	json.Unmarshal(w.Body.Bytes(), &c)
	if !validCode(c.Code) || len(c.Token) != 32 {
		t.Fatalf("create: %s", w.Body.String())
	}
	return c.Code, c.Token
}

func join(t *testing.T, h http.Handler, code, role, name string) string {
	t.Helper()
	w := call(t, h, "POST", "/api/class/"+code+"/join", `{"role":"`+role+`","name":"`+name+`"}`, "")
	want(t, w, 201, "")
	var j struct{ Token, Role string }
	json.Unmarshal(w.Body.Bytes(), &j)
	if j.Role != role || len(j.Token) != 32 {
		t.Fatalf("join: %s", w.Body.String())
	}
	return j.Token
}

// TestClassPlay plays a class of three quarters: four students take the
// four roles, a duplicate role and a bad code are refused, a reload keeps
// a student's role, decisions go in (one by the clock: the model's own
// choice), and the scenario file the class downloads validates and, run
// with joinedup's engine, reproduces the class's curves exactly.
func TestClassPlay(t *testing.T) {
	srv := New(Options{})
	code, teacher := newClass(t, srv, `{"scenario":"sedgefield","quarters":3,"seconds":60,"replicates":8}`)

	want(t, call(t, srv, "POST", "/api/class/ZZZZZZ/join", `{"role":"director","name":"A"}`, ""), 404, "no class with the code ZZZZZZ")
	want(t, call(t, srv, "POST", "/api/class/abc/join", `{"role":"director","name":"A"}`, ""), 400, "is not a class code")
	toks := map[string]string{}
	for i, ro := range roles {
		toks[ro.ID] = join(t, srv, code, ro.ID, []string{"Ana", "Ben", "Cy", "Dee"}[i])
	}
	want(t, call(t, srv, "POST", "/api/class/"+code+"/join", `{"role":"director","name":"Eve"}`, ""), 409, "already played by Ben")
	want(t, call(t, srv, "POST", "/api/class/"+code+"/join", `{"role":"mayor","name":"Eve"}`, ""), 400, `role "mayor"`)
	want(t, call(t, srv, "POST", "/api/class/"+code+"/join", `{"role":"observer","name":""}`, ""), 400, "name")
	onlooker := join(t, srv, code, observer, "Eve")
	want(t, call(t, srv, "GET", "/api/class/"+code, "", "0123456789abcdef0123456789abcdef"), 403, "join again")

	// A reload: the browser asks with its token and is still the director.
	if st := state(t, srv, strings.ToLower(code), toks["director"]); st.You == nil || st.You.Role != "director" || st.You.Name != "Ben" {
		t.Fatalf("after a reload the director sees %+v", st.You)
	}

	want(t, call(t, srv, "POST", "/api/class/"+code+"/start", "", toks["director"]), 403, "only the teacher")
	want(t, call(t, srv, "POST", "/api/class/"+code+"/decide", `{"option":"model"}`, toks["director"]), 409, "no decision is open")
	want(t, call(t, srv, "POST", "/api/class/"+code+"/start", "", teacher), 202, "")
	want(t, call(t, srv, "POST", "/api/class/"+code+"/start", "", teacher), 409, "has started")

	st := waitPhase(t, srv, code, toks["director"], phaseDeciding, 1)
	if st.Curves == nil || st.Curves.Weeks != 13 || st.Curves.Own != nil || st.LeftMS <= 0 {
		t.Fatalf("after quarter 1: curves %+v, left %d ms", st.Curves, st.LeftMS)
	}
	opts := map[string]bool{}
	for _, o := range st.You.Options {
		opts[o.ID] = true
	}
	if !opts["model"] || !opts["integrate-1"] || !opts["delay-4"] || !opts["budget-cut"] {
		t.Fatalf("the director's options: %v", opts)
	}
	want(t, call(t, srv, "POST", "/api/class/"+code+"/decide", `{"option":"model"}`, onlooker), 403, "only a student in a role")
	want(t, call(t, srv, "POST", "/api/class/"+code+"/decide", `{"option":"conquer"}`, toks["director"]), 400, `option "conquer"`)
	want(t, call(t, srv, "POST", "/api/class/"+code+"/decide", `{"option":"integrate-1","extra":1}`, toks["director"]), 400, "unknown field")
	for ro, opt := range map[string]string{"director": "integrate-1", "chief-executive": "chase-targets", "team-manager": "lead-more"} {
		want(t, call(t, srv, "POST", "/api/class/"+code+"/decide", `{"option":"`+opt+`"}`, toks[ro]), 204, "")
	}
	want(t, call(t, srv, "POST", "/api/class/"+code+"/decide", `{"option":"model"}`, toks["director"]), 409, "you have decided")
	if st := state(t, srv, code, toks["director"]); st.Phase != phaseDeciding || st.You.Decided != "Integrate neighbourhood team 2 now" {
		t.Fatalf("with one role still to decide: %s, decided %q", st.Phase, st.You.Decided)
	}
	// The professional does not decide: the time limit passes.
	srv.class.mu.Lock()
	sess := srv.class.sessions[code]
	srv.class.mu.Unlock()
	srv.timeout(sess, 1)

	st = waitPhase(t, srv, code, teacher, phaseDeciding, 2)
	if len(st.Decisions) != 4 {
		t.Fatalf("decisions after quarter 1: %+v", st.Decisions)
	}
	for _, d := range st.Decisions {
		if d.Role == "professional" && (d.Made || d.Option != "model") || d.Role != "professional" && !d.Made {
			t.Errorf("decision %+v", d)
		}
		if d.Week != 14 || d.Date != "2003-07-08" {
			t.Errorf("decision %+v: want week 14 (2003-07-08)", d)
		}
	}
	// Everyone decides: the run goes on at once.
	for ro, opt := range map[string]string{"director": "delay-3", "chief-executive": "restructure", "team-manager": "new-leader", "professional": "resign"} {
		want(t, call(t, srv, "POST", "/api/class/"+code+"/decide", `{"option":"`+opt+`"}`, toks[ro]), 204, "")
	}
	st = waitPhase(t, srv, code, teacher, phaseFinished, 3)
	if st.Curves == nil || st.Curves.Weeks != 39 || st.Curves.Own == nil {
		t.Fatalf("at the end: %+v", st.Curves)
	}
	want(t, call(t, srv, "POST", "/api/class/"+code+"/join", `{"role":"observer","name":"Late"}`, ""), 409, "finished")

	w := call(t, srv, "GET", "/api/class/"+code+"/scenario.toml", "", "")
	want(t, w, 200, "")
	file := w.Body.Bytes()
	sc, err := scenarios.Parse("class.toml", file)
	if err != nil {
		t.Fatalf("the class's scenario file does not validate: %v\n%s", err, file)
	}
	kinds := map[string]int{}
	for _, s := range sc.Shocks {
		if !s.Date.IsZero() {
			kinds[s.Kind+" "+s.Date.String()]++
		}
	}
	for _, k := range []string{"separate-targets 2003-07-08", "leadership-effort 2003-07-08", "reorganisation 2003-10-07", "leadership-change 2003-10-07", "departure 2003-10-07"} {
		if kinds[k] == 0 {
			t.Errorf("no %s shock in the file: %v", k, kinds)
		}
	}
	if got := sc.Teams[1].Integrates.String(); got != "2003-07-08" {
		t.Errorf("neighbourhood team 2 integrates %s, want 2003-07-08", got)
	}
	if got := sc.Teams[3].Integrates.String(); got != "2005-09-30" {
		t.Errorf("neighbourhood team 4 integrates %s, want a year after 2004-10-01 (2005-09-30)", got)
	}
	if sc.Run.Weeks != 39 || sc.Run.Replicates != 8 {
		t.Errorf("run: %+v", sc.Run)
	}
	// Run the file as joinedup run does and compare with the class's curves.
	arm := experiment.Arm{Name: "file", Scenario: sc}
	sums := new(experiment.Summaries)
	if err := experiment.Run(context.Background(), experiment.Plan{Arms: []experiment.Arm{arm}, Replicates: sc.Run.Replicates,
		Weeks: sc.Run.Weeks, Every: 1, Seed: sc.Seed(), Workers: 2}, sums); err != nil {
		t.Fatal(err)
	}
	again := curveJSON(sums.Point(0)[0].Summaries())
	for _, o := range Outcomes {
		for _, k := range []string{"mean", "p05", "p95"} {
			if string(again[o][k]) != string(st.Curves.Class[o][k]) {
				t.Errorf("%s %s: the file gives %s, the class saw %s", o, k, again[o][k], st.Curves.Class[o][k])
			}
		}
	}
	// The class's choices changed its run from the model's own.
	if string(st.Curves.Class["cohesion"]["mean"]) == string(st.Curves.Own["cohesion"]["mean"]) {
		t.Errorf("the class's run is the model's own, decisions and all")
	}
}

// TestClassPrefixUnchanged: a decision after quarter 1 leaves weeks 0 to 13 of
// the run as they were shown before it was made.
func TestClassPrefixUnchanged(t *testing.T) {
	srv := New(Options{})
	code, teacher := newClass(t, srv, `{"scenario":"sedgefield","quarters":2,"seconds":60,"replicates":6}`)
	tok := join(t, srv, code, "chief-executive", "Ana")
	want(t, call(t, srv, "POST", "/api/class/"+code+"/start", "", teacher), 202, "")
	first := waitPhase(t, srv, code, teacher, phaseDeciding, 1)
	want(t, call(t, srv, "POST", "/api/class/"+code+"/decide", `{"option":"restructure"}`, tok), 204, "")
	last := waitPhase(t, srv, code, teacher, phaseFinished, 2)
	for _, o := range Outcomes {
		var a, b []any
		json.Unmarshal(first.Curves.Class[o]["mean"], &a)
		json.Unmarshal(last.Curves.Class[o]["mean"], &b)
		if len(a) != 14 || len(b) != 27 {
			t.Fatalf("%s: %d and %d weeks", o, len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%s week %d: %v before the decision, %v after", o, i, a[i], b[i])
			}
		}
	}
}

// TestClassLibrary: every decision open to every role in every library
// scenario makes a scenario file that validates.
func TestClassLibrary(t *testing.T) {
	srv := New(Options{})
	for _, name := range scenarios.Names() {
		code, _ := newClass(t, srv, `{"scenario":"`+name+`","quarters":2,"seconds":60,"replicates":2}`)
		srv.class.mu.Lock()
		sess := srv.class.sessions[code]
		srv.class.mu.Unlock()
		sess.mu.Lock()
		sess.quarter = 1
		var all []decision
		for _, ro := range roles {
			for _, o := range sess.options(ro.ID) {
				all = append(all, sess.decision(ro.ID, o, true))
			}
		}
		sess.mu.Unlock()
		if len(all) < 6 {
			t.Errorf("%s: only %d options", name, len(all))
		}
		if _, _, err := classScenario(name, sess.base, all, 26, 2); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestClassBounds: bad or hostile requests get clear 4xx JSON errors.
func TestClassBounds(t *testing.T) {
	srv := New(Options{MaxRuns: 1})
	for _, c := range []struct{ body, msg string }{
		{`{"scenario":"/etc/passwd"}`, "no scenario called"},
		{`{"scenario":"../scenarios/library/sedgefield"}`, "no scenario called"},
		{`{"scenario":"sedgefield","quarters":41}`, "quarters=41"},
		{`{"scenario":"sedgefield","quarters":1}`, "quarters=1"},
		{`{"scenario":"sedgefield","seconds":1}`, "seconds=1"},
		{`{"scenario":"sedgefield","replicates":100000}`, "replicates=100000"},
		{`{"scenario":"sedgefield","path":"/tmp/x"}`, "unknown field"},
		{`{"scenario":`, "request body"},
		{`{"scenario":"sedgefield","note":"` + strings.Repeat("x", 5000) + `"}`, "over 4096 bytes"},
	} {
		want(t, call(t, srv, "POST", "/api/class", c.body, ""), 400, c.msg)
	}
	code, teacher := newClass(t, srv, `{"scenario":"sedgefield"}`)
	want(t, call(t, srv, "POST", "/api/class/"+code+"/join", `{"role":"observer","name":"`+strings.Repeat("n", 41)+`"}`, ""), 400, "name")
	want(t, call(t, srv, "POST", "/api/class/"+code+"/join", `{"role":"observer","name":"a\u0000b"}`, ""), 400, "name")
	for i := range maxClassMembers {
		join(t, srv, code, observer, "s"+string(rune('a'+i%26)))
	}
	want(t, call(t, srv, "POST", "/api/class/"+code+"/join", `{"role":"director","name":"late"}`, ""), 409, "full")
	want(t, call(t, srv, "GET", "/api/class/"+code+"/scenario.toml", "", ""), 409, "nothing has been played")

	// The server's one run slot is taken: starting the class gets 429.
	if !srv.tryRun() {
		t.Fatal("no run slot free")
	}
	want(t, call(t, srv, "POST", "/api/class/"+code+"/start", "", teacher), 429, "as many runs")
	srv.doneRun()
	want(t, call(t, srv, "POST", "/api/class/"+code+"/start", "", teacher), 202, "")

	for _, c := range []struct {
		method, path string
		status       int
		msg          string
	}{
		{"GET", "/api/class", 405, "use POST"},
		{"GET", "/api/class/" + code + "/join", 405, "use POST"},
		{"DELETE", "/api/class/" + code, 405, "use GET"},
		{"POST", "/api/class/" + code + "/events", 405, "use GET"},
		{"GET", "/api/class/" + code + "/secrets", 404, "no such classroom request"},
	} {
		want(t, call(t, srv, c.method, c.path, "", ""), c.status, c.msg)
	}

	// As many event streams as a class takes are open: one more gets 429.
	sess := srv.class.sessions[code]
	sess.mu.Lock()
	sess.watchers += maxClassWatchers
	sess.mu.Unlock()
	want(t, call(t, srv, "GET", "/api/class/"+code+"/events", "", ""), 429, "browsers are watching")
	sess.mu.Lock()
	sess.watchers -= maxClassWatchers
	sess.mu.Unlock()

	for len(srv.class.sessions) < maxClassSessions {
		newClass(t, srv, `{"scenario":"sedgefield"}`)
	}
	want(t, call(t, srv, "POST", "/api/class", `{"scenario":"sedgefield"}`, ""), 429, "classroom sessions are open")
}

// TestClassSleep: when the last browser goes away the decision clock
// stops, and a run waiting or going is cancelled; when a browser comes
// back they go on.
func TestClassSleep(t *testing.T) {
	s := New(Options{MaxRuns: 1})
	s.class.grace = 50 * time.Millisecond
	ts := httptest.NewServer(s)
	defer ts.Close()
	code, teacher := newClass(t, s, `{"scenario":"sedgefield","quarters":3,"seconds":600,"replicates":4}`)

	watch := func() (func(), classState) {
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/class/"+code+"/events?token="+teacher, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("events: %v %v", err, res)
		}
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(nil, 1<<20)
		var st classState
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				json.Unmarshal([]byte(data), &st)
				break
			}
		}
		return func() { cancel(); res.Body.Close() }, st
	}
	stop, st := watch()
	if st.Code != code || st.You == nil || !st.You.Teacher {
		t.Fatalf("first event %+v", st)
	}
	want(t, call(t, s, "POST", "/api/class/"+code+"/start", "", teacher), 202, "")
	waitPhase(t, s, code, teacher, phaseDeciding, 1)
	stop()
	sess := s.class.sessions[code]
	asleep := func() bool { sess.mu.Lock(); defer sess.mu.Unlock(); return sess.asleep }
	for deadline := time.Now().Add(time.Minute); !asleep(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the session did not sleep when its last browser went away")
		}
	}
	sess.mu.Lock()
	if sess.timer != nil || sess.left <= 0 {
		t.Errorf("asleep with the clock %v, %v left", sess.timer, sess.left)
	}
	sess.mu.Unlock()
	stop, _ = watch()
	if asleep() {
		t.Fatal("still asleep with a browser watching")
	}
	want(t, call(t, s, "POST", "/api/class/"+code+"/continue", "", teacher), 204, "")
	waitPhase(t, s, code, teacher, phaseDeciding, 2)

	// The one run slot is taken elsewhere: quarter 3 waits for it, and
	// is cancelled when the last browser goes away.
	if !s.tryRun() {
		t.Fatal("no run slot free")
	}
	want(t, call(t, s, "POST", "/api/class/"+code+"/continue", "", teacher), 204, "")
	if st := state(t, s, code, teacher); st.Phase != phaseRunning || st.Quarter != 3 {
		t.Fatalf("waiting for a run slot: %s, quarter %d", st.Phase, st.Quarter)
	}
	stop()
	for deadline := time.Now().Add(time.Minute); !asleep(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the waiting run was not cancelled when the last browser went away")
		}
	}
	s.doneRun()
	stop, _ = watch()
	defer stop()
	waitPhase(t, s, code, teacher, phaseFinished, 3)
	s.mu.Lock()
	if s.running != 0 {
		t.Errorf("%d runs still counted after the class finished", s.running)
	}
	s.mu.Unlock()
}

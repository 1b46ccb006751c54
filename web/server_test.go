package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/joinedup/joinedup/scenarios"
)

const testClient = "0123456789abcdef0123456789abcdef"

// get asks the server for path as client (none when "").
func get(t *testing.T, h http.Handler, path, client string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	if client != "" {
		r.AddCookie(&http.Cookie{Name: clientCookie, Value: client})
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPageSetsClientCookie(t *testing.T) {
	w := get(t, New(Options{}), "/", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "/static/app.js") {
		t.Fatalf("GET /: %d %q", w.Code, w.Body.String())
	}
	c := w.Result().Cookies()
	if len(c) != 1 || c[0].Name != clientCookie || !validClient(c[0].Value) {
		t.Fatalf("cookies %v", c)
	}
	// The page's own assets are large; the shared ones small.
	for asset, least := range map[string]int{"/static/app.js": 1000, "/static/style.css": 1000, "/static/common.js": 100, "/static/common.css": 100} {
		if w := get(t, New(Options{}), asset, ""); w.Code != 200 || w.Body.Len() < least {
			t.Errorf("GET %s: %d, %d bytes", asset, w.Code, w.Body.Len())
		}
	}
}

func TestLibrary(t *testing.T) {
	w := get(t, New(Options{}), "/api/scenarios", "")
	var es []Entry
	if err := json.Unmarshal(w.Body.Bytes(), &es); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range es {
		if e.Description == "" || e.Source == "" {
			t.Errorf("%s: description %q, source %q", e.Name, e.Description, e.Source)
		}
		found = found || e.Name == "sedgefield"
	}
	if !found || len(es) != len(scenarios.Names()) {
		t.Errorf("library lists %d scenarios, sedgefield %v; want %d", len(es), found, len(scenarios.Names()))
	}
}

func TestScenarioLevers(t *testing.T) {
	w := get(t, New(Options{}), "/api/scenarios/sedgefield", "")
	var v ScenarioView
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Items["team"]) != 5 || v.Items["team"][0] != "pathway team" {
		t.Fatalf("teams %v", v.Items["team"])
	}
	byID := map[string]Lever{}
	for _, l := range v.Levers {
		byID[l.ID] = l
	}
	tests := []struct {
		id, kind, help string
		min, max       float64
		options        int
	}{
		{"team.colocated", "bool", "Members work from one base.", 0, 0, 0},
		{"team.management", "enum", "one manager for all members", 0, 0, 2},
		{"team.shared_records", "bool", "one record system", 0, 0, 0},
		{"team.leadership", "number", "quality of active team leadership", 0, 1, 0},
		{"partnership.targets", "enum", "shared targets", 0, 0, 2},
		{"partnership.pace", "number", "pace of structural change", 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			l, ok := byID[tt.id]
			if !ok {
				t.Fatalf("no lever %s among %v", tt.id, v.Levers)
			}
			if l.Kind != tt.kind || !strings.Contains(l.Help, tt.help) || len(l.Options) != tt.options {
				t.Errorf("%+v", l)
			}
			if tt.max > 0 && (l.Min == nil || l.Max == nil || *l.Min != tt.min || *l.Max != tt.max || l.Unit == "") {
				t.Errorf("range of %s: %v..%v unit %q", tt.id, l.Min, l.Max, l.Unit)
			}
		})
	}
	if l := byID["team.colocated"]; l.Values["pathway team"] != true {
		t.Errorf("sedgefield's pathway team co-located = %v, want true", l.Values["pathway team"])
	}
	if _, ok := byID["joint_post.scope"]; ok {
		t.Errorf("sedgefield has no joint posts, but a joint post lever is shown")
	}
	for _, bad := range []string{"nosuch", "..%2F..%2Fetc%2Fpasswd", "sedgefield.toml"} {
		if w := get(t, New(Options{}), "/api/scenarios/"+bad, ""); w.Code != http.StatusNotFound {
			t.Errorf("GET /api/scenarios/%s: %d, want 404", bad, w.Code)
		}
	}
}

// JointPostLevers: a scenario with joint posts gets a control for each.
func TestJointPostLevers(t *testing.T) {
	for _, name := range scenarios.Names() {
		sc, err := scenarios.Embedded(name)
		if err != nil {
			t.Fatal(err)
		}
		v, err := describe(name, sc)
		if err != nil {
			t.Fatal(err)
		}
		has := false
		for _, l := range v.Levers {
			has = has || l.ID == "partnership.joint_post.scope"
		}
		if want := len(sc.Partnership.JointPosts) > 0; has != want {
			t.Errorf("%s: joint post lever %v, want %v", name, has, want)
		}
	}
}

// event is one server-sent event.
type event struct{ name, data string }

// readEvents reads events from r until it ends, sending each on the channel.
func readEvents(r io.Reader, out chan<- event) {
	defer close(out)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	var ev event
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			ev.name = line[7:]
		case strings.HasPrefix(line, "data: "):
			ev.data += line[6:]
		case line == "":
			out <- ev
			ev = event{}
		}
	}
}

// startRun starts a run on a real server and returns its events.
func startRun(t *testing.T, ctx context.Context, base, query, client string) (<-chan event, *http.Response) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/run?"+query, nil)
	req.AddCookie(&http.Cookie{Name: clientCookie, Value: client})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan event)
	if res.StatusCode != 200 {
		close(ch)
		return ch, res
	}
	go readEvents(res.Body, ch)
	return ch, res
}

type update struct {
	Done, Total int
	Series      map[string]struct{ Mean, P05, P95 []*float64 }
}

func TestRunStream(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	q := "scenario=sedgefield&n=6&weeks=104&set=" + url.QueryEscape(`team["pathway team"].colocated=false`)
	events, res := startRun(t, context.Background(), srv.URL, q, testClient)
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	var names []string
	var meta struct {
		Name     string
		Weeks    []int
		Settings []string
	}
	var last update
	prev := 0
	var finals []string
	for ev := range events {
		names = append(names, ev.name)
		switch ev.name {
		case "meta":
			if err := json.Unmarshal([]byte(ev.data), &meta); err != nil {
				t.Fatal(err)
			}
		case "update":
			if err := json.Unmarshal([]byte(ev.data), &last); err != nil {
				t.Fatal(err)
			}
			if last.Done <= prev || last.Total != 6 {
				t.Errorf("update done %d after %d, total %d", last.Done, prev, last.Total)
			}
			prev = last.Done
			finals = append(finals, ev.data)
		case "error":
			t.Fatalf("error event %s", ev.data)
		}
	}
	if names[0] != "meta" || names[len(names)-1] != "done" || last.Done != 6 {
		t.Fatalf("events %v, last done %d", names, last.Done)
	}
	if !strings.Contains(meta.Name, `colocated=false`) || len(meta.Settings) != 1 {
		t.Errorf("meta %+v", meta)
	}
	if meta.Weeks[0] != 0 || meta.Weeks[len(meta.Weeks)-1] != 104 {
		t.Errorf("weeks %v", meta.Weeks)
	}
	for _, o := range Outcomes {
		s, ok := last.Series[o]
		if !ok || len(s.Mean) != len(meta.Weeks) || len(s.P05) != len(meta.Weeks) {
			t.Fatalf("%s: %d values for %d weeks", o, len(s.Mean), len(meta.Weeks))
		}
		w := len(s.Mean) - 1
		if s.Mean[w] == nil || *s.P05[w] > *s.Mean[w] || *s.Mean[w] > *s.P95[w] {
			t.Errorf("%s at week 104: p05 %v mean %v p95 %v", o, s.P05[w], s.Mean[w], s.P95[w])
		}
	}
	// The same request gives the same curves: one engine, one seed.
	events, _ = startRun(t, context.Background(), srv.URL, q, testClient)
	var again string
	for ev := range events {
		if ev.name == "update" {
			again = ev.data
		}
	}
	if again != finals[len(finals)-1] {
		t.Errorf("a second run of the same request gave different curves")
	}
}

func TestRunRefusesBadRequests(t *testing.T) {
	s := New(Options{MaxReplicates: 100, MaxWeeks: 520})
	_, unknown := scenarios.ResolveWith("sedgefield", []scenarios.Override{{Path: "team[0].colocation", Value: "false", Flag: "set"}})
	if unknown == nil {
		t.Fatal("no error from an unknown path")
	}
	tests := []struct {
		name, query, client, want string
	}{
		{"no cookie", "scenario=sedgefield", "", "cookie"},
		{"bad cookie", "scenario=sedgefield", "x", "cookie"},
		{"unknown scenario", "scenario=nosuch", testClient, "no such scenario"},
		{"file path", "scenario=" + url.QueryEscape("/etc/passwd.toml"), testClient, "no such scenario"},
		{"zero replicates", "scenario=sedgefield&n=0", testClient, "from 1 to 100"},
		{"too many replicates", "scenario=sedgefield&n=101", testClient, "from 1 to 100"},
		{"too many weeks", "scenario=sedgefield&weeks=521", testClient, "from 1 to 520"},
		{"weeks not a number", "scenario=sedgefield&weeks=many", testClient, "from 1 to 520"},
		{"no equals", "scenario=sedgefield&set=team", testClient, "has no '='"},
		{"unknown path", "scenario=sedgefield&set=" + url.QueryEscape("team[0].colocation=false"), testClient, unknown.Error()},
		{"bad value", "scenario=sedgefield&set=" + url.QueryEscape("partnership.pace=fast"), testClient, "partnership.pace"},
		{"too many settings", "scenario=sedgefield" + strings.Repeat("&set=partnership.pace=0.5", maxSettings+1), testClient, "at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(t, s, "/api/run?"+tt.query, tt.client)
			var body struct{ Error string }
			json.Unmarshal(w.Body.Bytes(), &body)
			if w.Code != http.StatusBadRequest || !strings.Contains(body.Error, tt.want) {
				t.Errorf("%d %q; want 400 containing %q", w.Code, body.Error, tt.want)
			}
		})
	}
}

// running reports the runs going.
func (s *Server) runs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// waitFor polls cond for up to a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 6000 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func pauseRun(t *testing.T, base, client string, on bool) {
	t.Helper()
	v := "0"
	if on {
		v = "1"
	}
	req, _ := http.NewRequest("POST", base+"/api/pause?on="+v, nil)
	req.AddCookie(&http.Cookie{Name: clientCookie, Value: client})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("pause: %d", res.StatusCode)
	}
}

func TestRunCancelledWhenClientGoes(t *testing.T) {
	s := New(Options{})
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	events, _ := startRun(t, ctx, srv.URL, "scenario=sedgefield&n=200&weeks=520", testClient)
	if ev := <-events; ev.name != "meta" {
		t.Fatalf("first event %q", ev.name)
	}
	pauseRun(t, srv.URL, testClient, true)
	if s.runs() != 1 {
		t.Fatalf("%d runs going, want 1", s.runs())
	}
	cancel()
	for range events {
	}
	waitFor(t, "the run to stop after the client left", func() bool { return s.runs() == 0 })
}

func TestOneRunPerClientAndCap(t *testing.T) {
	s := New(Options{MaxRuns: 1})
	srv := httptest.NewServer(s)
	defer srv.Close()
	q := "scenario=sedgefield&n=200&weeks=520"
	first, _ := startRun(t, context.Background(), srv.URL, q, testClient)
	<-first // meta
	pauseRun(t, srv.URL, testClient, true)

	// Another client is refused while the one run allowed goes on.
	other := strings.Repeat("f", 32)
	if _, res := startRun(t, context.Background(), srv.URL, q, other); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a second client's run: %d, want 429", res.StatusCode)
	}

	// The same client starting again replaces its run: the first stream
	// ends without "done" and the second finishes.
	second, res := startRun(t, context.Background(), srv.URL, "scenario=sedgefield&n=3&weeks=26", testClient)
	if res.StatusCode != 200 {
		t.Fatalf("the client's new run: %d", res.StatusCode)
	}
	for ev := range first {
		if ev.name == "done" {
			t.Errorf("the replaced run finished")
		}
	}
	var names []string
	for ev := range second {
		names = append(names, ev.name)
	}
	if names[len(names)-1] != "done" {
		t.Errorf("the new run's events: %v", names)
	}
	waitFor(t, "no runs", func() bool { return s.runs() == 0 })
}

func TestScenarioFile(t *testing.T) {
	q := "scenario=sedgefield&n=20&weeks=156&set=" + url.QueryEscape(`team["pathway team"].colocated=false`) +
		"&set=" + url.QueryEscape(`partnership.targets="separate"`) + "&set=partnership.pace=0.3"
	w := get(t, New(Options{}), "/api/scenario-file?"+q, "")
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Disposition"), "sedgefield-whatif.toml") {
		t.Fatalf("%d %v %s", w.Code, w.Header(), w.Body.String())
	}
	sc, err := scenarios.Parse("sedgefield-whatif.toml", w.Body.Bytes())
	if err != nil {
		t.Fatalf("the downloaded file does not validate: %v", err)
	}
	if sc.Teams[0].Name != "pathway team" || sc.Teams[0].Colocated || !sc.Teams[1].Colocated {
		t.Errorf("co-location %v %v", sc.Teams[0].Colocated, sc.Teams[1].Colocated)
	}
	if sc.Partnership.Targets != "separate" || sc.Partnership.Pace != 0.3 || sc.Run.Replicates != 20 || sc.Run.Weeks != 156 {
		t.Errorf("partnership %+v run %+v", sc.Partnership, sc.Run)
	}
	// It is the scenario the run simulates: the same resolved document.
	arm, err := request{scenario: "sedgefield", overrides: []scenarios.Override{
		{Path: `team["pathway team"].colocated`, Value: "false"}, {Path: "partnership.targets", Value: `"separate"`},
		{Path: "partnership.pace", Value: "0.3"}, {Path: "run.replicates", Value: "20"}, {Path: "run.weeks", Value: "156"}}}.arm()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(w.Body.String(), string(arm.Scenario.TOML())) {
		t.Errorf("the file's document differs from the run's")
	}
	if w := get(t, New(Options{}), "/api/scenario-file?scenario=sedgefield&set=team%5B9%5D.colocated=false", ""); w.Code != 400 {
		t.Errorf("a bad setting: %d, want 400", w.Code)
	}
}

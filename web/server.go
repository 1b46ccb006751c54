package web

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/scenarios"
)

//go:embed static
var static embed.FS

// Defaults and bounds of a run asked for by the page.
const (
	defaultReplicates = 50
	defaultWeeks      = 260
	maxSettings       = 64 // settings (overrides) one request may make
	maxTeams          = 10000
	maxPeople         = 120 // posts of a team the page draws; a larger team is not drawn
	clientCookie      = "joinedup_client"
)

// Options configure a Server. Zero values mean the defaults given.
type Options struct {
	MaxReplicates int // replicates a request may ask for; 0 means 200
	MaxWeeks      int // weeks a request may ask for; 0 means 520 (ten years)
	MaxRuns       int // runs at once, over all clients; 0 means 4
	Workers       int // parallel simulations per run; 0 means GOMAXPROCS
	Every         int // record every Every weeks and the last; 0 means 4
	// Ensemble, if not nil, gives each replicate its model parameters, as
	// joinedup run draws them (see experiment.Ensemble); nil runs on the
	// parameter table's values.
	Ensemble *experiment.Ensemble
}

// A Server serves the page and its API. Its zero value is not usable; see
// New.
type Server struct {
	opt Options
	mux *http.ServeMux

	mu      sync.Mutex
	running int                   // runs going
	clients map[string]*clientRun // the run of each client

	class *classrooms // classroom sessions (classroom.go)
}

// clientRun is a client's run in progress.
type clientRun struct {
	cancel context.CancelFunc
	done   chan struct{}
	pause  *pauser
}

// New returns a server with the options.
func New(opt Options) *Server {
	if opt.MaxReplicates <= 0 {
		opt.MaxReplicates = 200
	}
	if opt.MaxWeeks <= 0 {
		opt.MaxWeeks = 520
	}
	if opt.MaxRuns <= 0 {
		opt.MaxRuns = 4
	}
	if opt.Every <= 0 {
		opt.Every = 4
	}
	s := &Server{opt: opt, mux: http.NewServeMux(), clients: map[string]*clientRun{}}
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic("web: embedded assets: " + err.Error())
	}
	files := http.FileServerFS(sub)
	s.mux.HandleFunc("GET /{$}", s.index)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", files))
	s.mux.HandleFunc("GET /api/scenarios", s.library)
	s.mux.HandleFunc("GET /api/scenarios/{name}", s.scenario)
	s.mux.HandleFunc("GET /api/run", s.run)
	s.mux.HandleFunc("POST /api/pause", s.pause)
	s.mux.HandleFunc("GET /api/scenario-file", s.scenarioFile)
	s.mountClass()
	return s
}

// ServeHTTP serves the page and the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data: blob:")
	s.mux.ServeHTTP(w, r)
}

// index serves the page, giving the browser a client cookie if it has none.
func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(clientCookie); err != nil || !validClient(c.Value) {
		var b [16]byte
		rand.Read(b[:])
		http.SetCookie(w, &http.Cookie{Name: clientCookie, Value: hex.EncodeToString(b[:]), Path: "/",
			HttpOnly: true, SameSite: http.SameSiteStrictMode})
	}
	page, err := static.ReadFile("static/index.html")
	if err != nil {
		http.Error(w, "web: page missing from the build", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}

func validClient(v string) bool {
	if len(v) != 32 {
		return false
	}
	_, err := hex.DecodeString(v)
	return err == nil
}

// Entry is one scenario of the library as the page lists it.
type Entry struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
}

func (s *Server) library(w http.ResponseWriter, r *http.Request) {
	var out []Entry
	for _, e := range scenarios.Describe() {
		out = append(out, Entry{e.Name, e.Description, e.Source})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) scenario(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	sc, err := embedded(name)
	if err != nil {
		httpError(w, http.StatusNotFound, err)
		return
	}
	v, err := describe(name, sc)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// embedded resolves an embedded scenario by name; a path is refused.
func embedded(name string) (*scenarios.Scenario, error) {
	if !slices.Contains(scenarios.Names(), name) {
		return nil, fmt.Errorf("web: no scenario called %q in the library (see /api/scenarios)", name)
	}
	return scenarios.Embedded(name)
}

// request is a run as the page asks for it.
type request struct {
	scenario   string
	overrides  []scenarios.Override
	replicates int
	weeks      int
	team       int // the team whose people the page shows, by index
	watch      int // the replicate whose people the page shows
}

// parseRequest reads scenario, set (repeated PATH=VALUE), n and weeks from
// the query, within the server's bounds.
func (s *Server) parseRequest(r *http.Request) (request, error) {
	q := r.URL.Query()
	req := request{scenario: q.Get("scenario"), replicates: defaultReplicates, weeks: defaultWeeks}
	if !slices.Contains(scenarios.Names(), req.scenario) {
		return req, fmt.Errorf("web: scenario=%q: no such scenario in the library (see /api/scenarios)", req.scenario)
	}
	sets := q["set"]
	if len(sets) > maxSettings {
		return req, fmt.Errorf("web: %d settings; at most %d", len(sets), maxSettings)
	}
	for _, set := range sets {
		o, err := scenarios.ParseOverride(set)
		if err != nil {
			return req, err
		}
		o.Flag = "set"
		req.overrides = append(req.overrides, o)
	}
	var err error
	if req.replicates, err = bounded(q.Get("n"), "n", defaultReplicates, s.opt.MaxReplicates); err != nil {
		return req, err
	}
	if req.weeks, err = bounded(q.Get("weeks"), "weeks", defaultWeeks, s.opt.MaxWeeks); err != nil {
		return req, err
	}
	if req.team, err = index(q.Get("team"), "team", maxTeams-1); err != nil {
		return req, err
	}
	if req.watch, err = index(q.Get("rep"), "rep", req.replicates-1); err != nil {
		return req, err
	}
	return req, nil
}

// bounded parses a whole number from 1 to max; "" gives def.
func bounded(v, name string, def, max int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, fmt.Errorf("web: %s=%q: give a whole number from 1 to %d", name, v, max)
	}
	return n, nil
}

// index parses a whole number from 0 to max; "" gives 0.
func index(v, name string, max int) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > max {
		return 0, fmt.Errorf("web: %s=%q: give a whole number from 0 to %d", name, v, max)
	}
	return n, nil
}

// arm resolves the request's scenario with its settings; an unknown path
// gives the scenarios package's error.
func (req request) arm() (experiment.Arm, error) {
	return experiment.NewArm(req.scenario, req.overrides...)
}

// scenarioFile answers with the TOML that reproduces the run the request
// describes: the resolved scenario with the settings applied and the run's
// replicates and weeks, which extends nothing. It is parsed again before it
// is sent, so what is downloaded validates.
func (s *Server) scenarioFile(w http.ResponseWriter, r *http.Request) {
	req, err := s.parseRequest(r)
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	all := append(slices.Clone(req.overrides),
		scenarios.Override{Path: "run.replicates", Value: strconv.Itoa(req.replicates), Flag: "set"},
		scenarios.Override{Path: "run.weeks", Value: strconv.Itoa(req.weeks), Flag: "set"})
	sc, err := scenarios.ResolveWith(req.scenario, all)
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# The scenario %q with these settings, as the teaching page ran it:\n", req.scenario)
	for _, o := range all {
		fmt.Fprintf(&b, "#   %s\n", o)
	}
	b.WriteString("# Run it again with: joinedup run THIS-FILE.toml\n\n")
	b.Write(sc.TOML())
	file := req.scenario + "-whatif.toml"
	if _, err := scenarios.Parse(file, []byte(b.String())); err != nil {
		httpError(w, http.StatusInternalServerError, fmt.Errorf("web: the scenario file does not validate: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/toml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	w.Write([]byte(b.String()))
}

// client returns the request's client id from its cookie.
func client(r *http.Request) (string, error) {
	c, err := r.Cookie(clientCookie)
	if err != nil || !validClient(c.Value) {
		return "", errors.New("web: no client cookie: reload the page")
	}
	return c.Value, nil
}

// pause pauses (?on=1) or resumes (?on=0) the client's run.
func (s *Server) pause(w http.ResponseWriter, r *http.Request) {
	id, err := client(r)
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	s.mu.Lock()
	cr := s.clients[id]
	s.mu.Unlock()
	if cr == nil {
		httpError(w, http.StatusConflict, errors.New("web: no run to pause"))
		return
	}
	cr.pause.set(r.URL.Query().Get("on") == "1")
	w.WriteHeader(http.StatusNoContent)
}

// pauser holds a run between units while paused.
type pauser struct {
	mu sync.Mutex
	ch chan struct{} // nil when running; closed on resume
}

func (p *pauser) set(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case on && p.ch == nil:
		p.ch = make(chan struct{})
	case !on && p.ch != nil:
		close(p.ch)
		p.ch = nil
	}
}

// wait returns when the run is not paused or ctx is done.
func (p *pauser) wait(ctx context.Context) error {
	p.mu.Lock()
	ch := p.ch
	p.mu.Unlock()
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func httpError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":"web: unencodable"}`
	}
	return string(b)
}

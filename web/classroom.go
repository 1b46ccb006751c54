package web

// Classroom mode: the teacher starts a session on a scenario; students
// join from their own browsers with a short code and each takes a role.
// The shared run pauses every simulated quarter; each role makes one
// decision within a time limit (none made: the model's own choice), and
// the run continues with the class's decisions. Decisions enter the model
// through the scenario file's own vocabulary, dated at the decision week:
// a dated [[shock]] or a team's integrates date. The class's run is
// therefore a scenario file, which the page offers for download and which
// reproduces the run. At the end the page shows the class's run against
// the model's own runs of the same scenario.
//
// Each phase simulates the class's scenario from week 0 to the end of the
// quarter just played, with every decision so far, alongside the scenario
// as written on common random numbers. A decision only schedules events at
// or after its week, so the weeks already shown do not change (see
// TestClassPrefixUnchanged).

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// Bounds of classroom mode.
const (
	quarterWeeks      = 13
	maxClassSessions  = 16                  // sessions at once on one server
	maxClassMembers   = 60                  // browsers (roles and onlookers) per session, besides the teacher
	maxClassWatchers  = 2 * maxClassMembers // event streams open on one session
	maxClassBody      = 4 << 10             // bytes of a request body
	maxClassQuarters  = 20                  // five years
	maxClassReps      = 100                 // replicates of a class run
	defaultQuarters   = 8
	defaultClassReps  = 30
	defaultLimit      = 90 // seconds to decide
	minLimit          = 10
	maxLimit          = 900
	maxNameLen        = 40
	classIdle         = 2 * time.Hour // a session no browser has watched for this long is removed
	codeAlphabet      = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	codeLen           = 6
	defaultClassGrace = 20 * time.Second
)

// Phases of a session.
const (
	phaseLobby    = "lobby"    // students join; the teacher starts the run
	phaseRunning  = "running"  // a quarter is being simulated
	phaseDeciding = "deciding" // the run is paused for the roles' decisions
	phaseFinished = "finished" // the last quarter is played
	phaseFailed   = "failed"   // a run failed; the error says why
)

// A role a student plays.
type role struct {
	ID    string
	Title string
	Brief string
}

var roles = []role{
	{"chief-executive", "NHS chief executive",
		"You run the NHS body and answer for its targets and its yearly rating. Where do you spend management attention, and how do you answer the rating?"},
	{"director", "Director of social services",
		"You run the council's social services. Do you integrate teams (co-location, one manager, shared records) now, hold back, or end a joint post?"},
	{"team-manager", "Team manager",
		"You lead a front-line team of health and social care staff. How much of your time do you give to leading it? Or do you step aside for a new leader, or press for joint training?"},
	{"professional", "Front-line professional",
		"You work in the team. Do you stay (left to the model, your stress and your identification decide), resign, or press for something?"},
}

const observer = "observer"

// An option is one choice open to a role at a decision.
type option struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Help  string `json:"help"`
	eff   effect
}

// An effect is how a decision enters the scenario: a dated shock or a
// team's integrates date. The zero effect is the model's own choice.
type effect struct {
	shock *classShock
	team  int // team index for integrates, when integ is set
	integ scenarios.Date
}

type classShock struct {
	Kind         string
	Date         scenarios.Date
	Organisation string
	Team         string
	Post         string
	Size         float64
	Note         string
}

// A decision is one role's choice at the end of a quarter.
type decision struct {
	Quarter int    `json:"quarter"` // the quarter after which it is made, from 1
	Week    int    `json:"week"`    // the week it takes effect
	Date    string `json:"date"`
	Role    string `json:"role"`
	Option  string `json:"option"`
	Label   string `json:"label"`
	Made    bool   `json:"made"` // false: none made in time, the model's own choice
	eff     effect
}

// A member is a browser in a session: a student in a role, an onlooker or
// the teacher.
type member struct {
	role string
	name string
}

// A session is one class playing one scenario.
type session struct {
	server   *Server
	code     string
	teacher  string // the teacher's token
	scenario string
	base     *scenarios.Scenario // the scenario as written
	quarters int
	limit    time.Duration
	reps     int
	created  time.Time

	mu       sync.Mutex
	members  map[string]*member // by token
	seats    map[string]string  // token by role
	phase    string
	quarter  int // quarters simulated so far (the one running, while running)
	decided  []decision
	pending  map[string]decision // this round's decisions by role
	integ    map[int]scenarios.Date
	split    map[string]bool
	deadline time.Time
	timer    *time.Timer
	left     time.Duration // time left to decide while no browser watches
	err      string
	curves   *classCurves
	gen      int // counts runs started; a run's results are kept only if still current
	cancel   context.CancelFunc
	version  int
	changed  chan struct{}
	watchers int
	idleAt   time.Time // when the last browser went away
	asleep   bool      // no browser watches: the run is cancelled and the clock stopped
}

// classCurves are the outcomes of the class's run and of the scenario as
// written, by metric, at every week from 0.
type classCurves struct {
	Weeks   int                                   `json:"weeks"`
	Class   map[string]map[string]json.RawMessage `json:"class"`
	Own     map[string]map[string]json.RawMessage `json:"own,omitempty"`
	Metrics []classMetric                         `json:"metrics"`
}

type classMetric struct {
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	Description string `json:"description"`
}

// classrooms holds a server's sessions.
type classrooms struct {
	mu       sync.Mutex
	sessions map[string]*session
	grace    time.Duration // how long a session with no browser keeps its run going
	now      func() time.Time
}

// mountClass adds the classroom page and API to the server's routes.
func (s *Server) mountClass() {
	s.class = &classrooms{sessions: map[string]*session{}, grace: defaultClassGrace, now: time.Now}
	s.mux.HandleFunc("GET /class", s.classPage)
	s.mux.HandleFunc("POST /api/class", s.classCreate)
	s.mux.HandleFunc("GET /api/class/{code}", s.classState)
	s.mux.HandleFunc("GET /api/class/{code}/events", s.classEvents)
	s.mux.HandleFunc("POST /api/class/{code}/join", s.classJoin)
	s.mux.HandleFunc("POST /api/class/{code}/start", s.classStart)
	s.mux.HandleFunc("POST /api/class/{code}/decide", s.classDecide)
	s.mux.HandleFunc("POST /api/class/{code}/continue", s.classContinue)
	s.mux.HandleFunc("GET /api/class/{code}/scenario.toml", s.classTOML)
	s.mux.HandleFunc("/api/class", s.classUnknown)
	s.mux.HandleFunc("/api/class/", s.classUnknown)
}

// classUnknown answers a classroom request the API does not have: 405
// for a known path asked with the wrong method, else 404, as JSON.
func (s *Server) classUnknown(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/class"), "/")
	allow := ""
	switch {
	case len(parts) == 1 && parts[0] == "":
		allow = "POST"
	case len(parts) == 2:
		allow = "GET"
	case len(parts) == 3 && slices.Contains([]string{"join", "start", "decide", "continue"}, parts[2]):
		allow = "POST"
	case len(parts) == 3 && slices.Contains([]string{"events", "scenario.toml"}, parts[2]):
		allow = "GET"
	}
	if allow != "" {
		w.Header().Set("Allow", allow)
		httpError(w, http.StatusMethodNotAllowed, fmt.Errorf("web: %s %s: use %s", r.Method, r.URL.Path, allow))
		return
	}
	httpError(w, http.StatusNotFound, fmt.Errorf("web: %s %s: no such classroom request", r.Method, r.URL.Path))
}

func (s *Server) classPage(w http.ResponseWriter, r *http.Request) {
	page, err := static.ReadFile("static/class.html")
	if err != nil {
		httpError(w, http.StatusInternalServerError, errors.New("web: classroom page missing from the build"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}

// readBody decodes a small JSON body into v, refusing unknown fields and
// bodies over maxClassBody. An empty body leaves v as it is.
func readBody(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxClassBody))
	if err != nil {
		return fmt.Errorf("web: request body over %d bytes", maxClassBody)
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("web: request body: %v", err)
	}
	return nil
}

func newToken() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func newCode() string {
	var b [codeLen]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b[:])
}

// validCode reports whether c has the form of a session code.
func validCode(c string) bool {
	if len(c) != codeLen {
		return false
	}
	for _, r := range c {
		if !strings.ContainsRune(codeAlphabet, r) {
			return false
		}
	}
	return true
}

// classCreate starts a session: {"scenario", "quarters", "seconds",
// "replicates"}; it answers {"code", "token"}, the teacher's token.
func (s *Server) classCreate(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Scenario   string `json:"scenario"`
		Quarters   int    `json:"quarters"`
		Seconds    int    `json:"seconds"`
		Replicates int    `json:"replicates"`
	}
	if err := readBody(w, r, &req); err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	if req.Quarters == 0 {
		req.Quarters = defaultQuarters
	}
	if req.Seconds == 0 {
		req.Seconds = defaultLimit
	}
	if req.Replicates == 0 {
		req.Replicates = defaultClassReps
	}
	maxQ := min(maxClassQuarters, s.opt.MaxWeeks/quarterWeeks)
	switch {
	case req.Quarters < 2 || req.Quarters > maxQ:
		httpError(w, http.StatusBadRequest, fmt.Errorf("web: quarters=%d: give a whole number from 2 to %d", req.Quarters, maxQ))
		return
	case req.Seconds < minLimit || req.Seconds > maxLimit:
		httpError(w, http.StatusBadRequest, fmt.Errorf("web: seconds=%d: give a whole number from %d to %d", req.Seconds, minLimit, maxLimit))
		return
	case req.Replicates < 1 || req.Replicates > min(maxClassReps, s.opt.MaxReplicates):
		httpError(w, http.StatusBadRequest, fmt.Errorf("web: replicates=%d: give a whole number from 1 to %d", req.Replicates, min(maxClassReps, s.opt.MaxReplicates)))
		return
	}
	base, err := embedded(req.Scenario)
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	cl := s.class
	now := cl.now()
	cl.mu.Lock()
	cl.sweep(now)
	if len(cl.sessions) >= maxClassSessions {
		cl.mu.Unlock()
		w.Header().Set("Retry-After", "60")
		httpError(w, http.StatusTooManyRequests, fmt.Errorf("web: %d classroom sessions are open, the most this server takes", maxClassSessions))
		return
	}
	code := newCode()
	for cl.sessions[code] != nil {
		code = newCode()
	}
	sess := &session{server: s, code: code, teacher: newToken(), scenario: req.Scenario, base: base, quarters: req.Quarters,
		limit: time.Duration(req.Seconds) * time.Second, reps: req.Replicates, created: now,
		members: map[string]*member{}, seats: map[string]string{}, phase: phaseLobby,
		pending: map[string]decision{}, integ: map[int]scenarios.Date{}, split: map[string]bool{},
		changed: make(chan struct{}), idleAt: now}
	for i, t := range base.Teams {
		sess.integ[i] = t.Integrates
	}
	cl.sessions[code] = sess
	cl.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]string{"code": code, "token": sess.teacher})
}

// sweep removes sessions no browser has watched for classIdle. Called
// with cl.mu held.
func (cl *classrooms) sweep(now time.Time) {
	for code, sess := range cl.sessions {
		sess.mu.Lock()
		idle := sess.watchers == 0 && now.Sub(sess.idleAt) > classIdle
		if idle {
			sess.stop()
		}
		sess.mu.Unlock()
		if idle {
			delete(cl.sessions, code)
		}
	}
}

// lookup finds the session of the request's code: 400 for a malformed
// code, 404 for an unknown one.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) *session {
	code := strings.ToUpper(r.PathValue("code"))
	if !validCode(code) {
		shown := r.PathValue("code")
		if len(shown) > 2*codeLen {
			shown = shown[:2*codeLen] + "..."
		}
		httpError(w, http.StatusBadRequest, fmt.Errorf("web: %q is not a class code: six letters and digits, such as K7QPXM", shown))
		return nil
	}
	s.class.mu.Lock()
	sess := s.class.sessions[code]
	s.class.mu.Unlock()
	if sess == nil {
		httpError(w, http.StatusNotFound, fmt.Errorf("web: no class with the code %s; check it with your teacher", code))
		return nil
	}
	return sess
}

// token is the request's member token: the X-Class-Token header or the
// token query parameter (for an event stream).
func token(r *http.Request) string {
	if t := r.Header.Get("X-Class-Token"); t != "" {
		return t
	}
	return r.URL.Query().Get("token")
}

// classJoin joins a student: {"role", "name"}; role is one of the roles
// or "observer". It answers {"token", "role"}.
func (s *Server) classJoin(w http.ResponseWriter, r *http.Request) {
	sess := s.lookup(w, r)
	if sess == nil {
		return
	}
	var req struct {
		Role string `json:"role"`
		Name string `json:"name"`
	}
	if err := readBody(w, r, &req); err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	name, err := cleanName(req.Name)
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	if req.Role != observer && !slices.ContainsFunc(roles, func(ro role) bool { return ro.ID == req.Role }) {
		httpError(w, http.StatusBadRequest, fmt.Errorf("web: role %q: choose one of %s or %s", req.Role, roleIDs(), observer))
		return
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.phase == phaseFinished || sess.phase == phaseFailed {
		httpError(w, http.StatusConflict, errors.New("web: this class has finished; ask your teacher for a new code"))
		return
	}
	if len(sess.members) >= maxClassMembers {
		httpError(w, http.StatusConflict, fmt.Errorf("web: this class is full (%d browsers)", maxClassMembers))
		return
	}
	if req.Role != observer {
		if tok, taken := sess.seats[req.Role]; taken {
			httpError(w, http.StatusConflict, fmt.Errorf("web: %s is already played by %s; choose another role or watch", roleTitle(req.Role), sess.members[tok].name))
			return
		}
	}
	tok := newToken()
	sess.members[tok] = &member{role: req.Role, name: name}
	if req.Role != observer {
		sess.seats[req.Role] = tok
	}
	sess.bump()
	writeJSON(w, http.StatusCreated, map[string]string{"token": tok, "role": req.Role})
}

// cleanName checks a student's name: 1 to maxNameLen printable characters.
func cleanName(n string) (string, error) {
	n = strings.TrimSpace(n)
	if n == "" || len([]rune(n)) > maxNameLen {
		return "", fmt.Errorf("web: name: give 1 to %d characters", maxNameLen)
	}
	for _, r := range n {
		if !unicode.IsPrint(r) {
			return "", errors.New("web: name: letters, digits, spaces and punctuation only")
		}
	}
	return n, nil
}

func roleIDs() string {
	var ids []string
	for _, ro := range roles {
		ids = append(ids, ro.ID)
	}
	return strings.Join(ids, ", ")
}

func roleTitle(id string) string {
	for _, ro := range roles {
		if ro.ID == id {
			return ro.Title
		}
	}
	return id
}

// classStart starts the run (the teacher only).
func (s *Server) classStart(w http.ResponseWriter, r *http.Request) {
	sess := s.lookup(w, r)
	if sess == nil {
		return
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if !teacherIn(w, r, sess, phaseLobby, "who started the class can start the run", "the run has started") {
		return
	}
	if !s.tryRun() {
		w.Header().Set("Retry-After", "5")
		httpError(w, http.StatusTooManyRequests, errors.New("web: the server is running as many runs as it takes; try again shortly"))
		return
	}
	s.runQuarter(sess, 1, true)
	writeJSON(w, http.StatusAccepted, map[string]string{"phase": sess.phase})
}

// classDecide records the member's decision for this quarter: {"option"}.
func (s *Server) classDecide(w http.ResponseWriter, r *http.Request) {
	sess := s.lookup(w, r)
	if sess == nil {
		return
	}
	var req struct {
		Option string `json:"option"`
	}
	if err := readBody(w, r, &req); err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	m := sess.members[token(r)]
	if m == nil || m.role == observer {
		httpError(w, http.StatusForbidden, errors.New("web: only a student in a role decides; join the class in a role"))
		return
	}
	if sess.phase != phaseDeciding {
		httpError(w, http.StatusConflict, fmt.Errorf("web: no decision is open now (%s)", sess.phase))
		return
	}
	if _, done := sess.pending[m.role]; done {
		httpError(w, http.StatusConflict, errors.New("web: you have decided this quarter"))
		return
	}
	opts := sess.options(m.role)
	i := slices.IndexFunc(opts, func(o option) bool { return o.ID == req.Option })
	if i < 0 {
		var ids []string
		for _, o := range opts {
			ids = append(ids, o.ID)
		}
		httpError(w, http.StatusBadRequest, fmt.Errorf("web: option %q: choose one of %s", req.Option, strings.Join(ids, ", ")))
		return
	}
	sess.pending[m.role] = sess.decision(m.role, opts[i], true)
	sess.bump()
	if sess.allDecided() {
		s.closeQuarter(sess)
	}
	w.WriteHeader(http.StatusNoContent)
}

// teacherIn reports whether the request comes from the class's teacher
// while the class is in phase want; if not, it answers 403 ("only the
// teacher " + may) or 409 (wrong: the state the class is in instead).
// The caller holds sess.mu.
func teacherIn(w http.ResponseWriter, r *http.Request, sess *session, want, may, wrong string) bool {
	if token(r) != sess.teacher {
		httpError(w, http.StatusForbidden, errors.New("web: only the teacher "+may))
		return false
	}
	if sess.phase != want {
		httpError(w, http.StatusConflict, fmt.Errorf("web: %s (%s)", wrong, sess.phase))
		return false
	}
	return true
}

// classContinue ends this quarter's decisions now (the teacher only).
func (s *Server) classContinue(w http.ResponseWriter, r *http.Request) {
	sess := s.lookup(w, r)
	if sess == nil {
		return
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if !teacherIn(w, r, sess, phaseDeciding, "can end the decisions early", "no decision is open now") {
		return
	}
	s.closeQuarter(sess)
	w.WriteHeader(http.StatusNoContent)
}

// allDecided reports whether every role with a student has decided (and
// one at least has a student). Called with sess.mu held.
func (sess *session) allDecided() bool {
	if len(sess.seats) == 0 {
		return false
	}
	for ro := range sess.seats {
		if _, ok := sess.pending[ro]; !ok {
			return false
		}
	}
	return true
}

// week is the week the quarter's decisions take effect: the first week
// not yet shown (a run of w weeks shows weeks 0 to w, week w simulated).
func (sess *session) week() int { return sess.quarter*quarterWeeks + 1 }

func (sess *session) dateOf(week int) scenarios.Date {
	return scenarios.Date{Time: sess.base.Run.Start.AddDate(0, 0, 7*week)}
}

// decision makes the role's decision of opt for this quarter.
func (sess *session) decision(ro string, opt option, made bool) decision {
	return decision{Quarter: sess.quarter, Week: sess.week(), Date: sess.dateOf(sess.week()).String(), Role: ro,
		Option: opt.ID, Label: opt.Label, Made: made, eff: opt.eff}
}

// closeQuarter gives every role without a decision the model's own
// choice, records the quarter's decisions and runs the next quarter.
// Called with sess.mu held, in phaseDeciding.
func (s *Server) closeQuarter(sess *session) {
	if sess.timer != nil {
		sess.timer.Stop()
		sess.timer = nil
	}
	for _, ro := range roles {
		d, ok := sess.pending[ro.ID]
		if !ok {
			d = sess.decision(ro.ID, sess.options(ro.ID)[0], false)
		}
		sess.decided = append(sess.decided, d)
		if d.eff.team >= 0 && !d.eff.integ.IsZero() {
			sess.integ[d.eff.team] = d.eff.integ
		}
		if d.eff.shock != nil && d.eff.shock.Kind == "joint-post-split" {
			sess.split[d.eff.shock.Post] = true
		}
	}
	clear(sess.pending)
	s.runQuarter(sess, sess.quarter+1, s.tryRun())
}

// timeout closes quarter q's decisions if they are still open: the time
// limit has passed.
func (s *Server) timeout(sess *session, q int) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.phase == phaseDeciding && sess.quarter == q && !sess.asleep {
		s.closeQuarter(sess)
	}
}

// tryRun takes one of the server's MaxRuns run slots, if one is free.
func (s *Server) tryRun() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running >= s.opt.MaxRuns {
		return false
	}
	s.running++
	return true
}

func (s *Server) doneRun() {
	s.mu.Lock()
	s.running--
	s.mu.Unlock()
}

// runQuarter simulates the class's scenario to the end of quarter q in
// the background; held says whether a run slot is already taken for it.
// Called with sess.mu held.
func (s *Server) runQuarter(sess *session, q int, held bool) {
	sess.phase = phaseRunning
	sess.quarter = q
	sess.gen++
	gen := sess.gen
	ctx, cancel := context.WithCancel(context.Background())
	sess.cancel = cancel
	decided := slices.Clone(sess.decided)
	sess.bump()
	go func() {
		defer cancel()
		for !held {
			// Every run slot is taken: wait for one, as long as the run
			// is wanted.
			select {
			case <-ctx.Done():
				return
			case <-time.After(500 * time.Millisecond):
			}
			held = s.tryRun()
		}
		curves, err := s.simulate(ctx, sess, decided, q)
		s.doneRun()
		sess.mu.Lock()
		defer sess.mu.Unlock()
		if gen != sess.gen || ctx.Err() != nil {
			return // replaced, or cancelled when the browsers went away
		}
		sess.cancel = nil
		if err != nil {
			sess.phase, sess.err = phaseFailed, err.Error()
			sess.bump()
			return
		}
		sess.curves = curves
		if q >= sess.quarters {
			sess.phase = phaseFinished
		} else {
			sess.phase = phaseDeciding
			sess.arm(sess.limit)
		}
		sess.bump()
	}()
}

// arm starts the decision clock with d left. Called with sess.mu held.
func (sess *session) arm(d time.Duration) {
	q := sess.quarter
	sess.deadline = time.Now().Add(d)
	srv := sess.server
	sess.timer = time.AfterFunc(d, func() { srv.timeout(sess, q) })
}

// stop cancels the session's run and clock. Called with sess.mu held.
func (sess *session) stop() {
	if sess.cancel != nil {
		sess.cancel()
		sess.cancel = nil
	}
	if sess.timer != nil {
		sess.timer.Stop()
		sess.timer = nil
	}
}

// bump tells every watcher the session has changed. Called with sess.mu
// held.
func (sess *session) bump() {
	sess.version++
	close(sess.changed)
	sess.changed = make(chan struct{})
}

// simulate runs the class's scenario, with the decisions, and the
// scenario as written to the end of quarter q, on common random numbers.
func (s *Server) simulate(ctx context.Context, sess *session, decided []decision, q int) (*classCurves, error) {
	class, _, err := classScenario(sess.scenario, sess.base, decided, q*quarterWeeks, sess.reps)
	if err != nil {
		return nil, err
	}
	own, err := scenarios.ResolveWith(sess.scenario, runOverrides(q*quarterWeeks, sess.reps))
	if err != nil {
		return nil, err
	}
	weeks := q * quarterWeeks
	plan := experiment.Plan{Arms: []experiment.Arm{{Name: "class", Scenario: class}, {Name: "model", Scenario: own}},
		Replicates: sess.reps, Weeks: weeks, Every: 1, Seed: class.Seed(), Workers: s.opt.Workers}
	sums := new(experiment.Summaries)
	var info *experiment.Info
	starter := sinkStart{start: func(i *experiment.Info) error { info = i; return nil }, add: func(*experiment.Unit) error { return nil }}
	if err := experiment.Run(ctx, plan, sums, starter); err != nil {
		return nil, err
	}
	c := &classCurves{Weeks: weeks}
	for _, o := range Outcomes {
		for _, m := range info.Arms[0].Metrics {
			if m.Name == o {
				c.Metrics = append(c.Metrics, classMetric{m.Name, m.Unit, m.Description})
			}
		}
	}
	row := sums.Point(0)
	c.Class = curveJSON(row[0].Summaries())
	c.Own = curveJSON(row[1].Summaries())
	return c, nil
}

// curveJSON encodes each outcome's mean, 5th and 95th percentiles by week.
func curveJSON(sums []results.Summary) map[string]map[string]json.RawMessage {
	out := map[string]map[string]json.RawMessage{}
	for _, o := range Outcomes {
		var mean, lo, hi []float64
		for _, s := range sums {
			if s.Metric == o {
				mean, lo, hi = append(mean, s.Mean), append(lo, s.P05), append(hi, s.P95)
			}
		}
		if mean != nil {
			out[o] = map[string]json.RawMessage{"mean": json.RawMessage(numbers(mean)), "p05": json.RawMessage(numbers(lo)), "p95": json.RawMessage(numbers(hi))}
		}
	}
	return out
}

// runOverrides set a class run's weeks and replicates.
func runOverrides(weeks, reps int) []scenarios.Override {
	return []scenarios.Override{
		{Path: "run.weeks", Value: strconv.Itoa(weeks), Flag: "class"},
		{Path: "run.replicates", Value: strconv.Itoa(reps), Flag: "class"},
	}
}

// classScenario writes the class's run as a scenario file: the scenario
// as written, with the run's weeks and replicates, each team's
// integrates date as the class last set it, and a dated [[shock]] for
// every decision that is one. It returns the parsed scenario and the file.
func classScenario(name string, base *scenarios.Scenario, decided []decision, weeks, reps int) (*scenarios.Scenario, []byte, error) {
	ovs := runOverrides(weeks, reps)
	integ := map[int]scenarios.Date{}
	var order []int
	for _, d := range decided {
		if d.eff.shock == nil && !d.eff.integ.IsZero() {
			if _, seen := integ[d.eff.team]; !seen {
				order = append(order, d.eff.team)
			}
			integ[d.eff.team] = d.eff.integ
		}
	}
	for _, ti := range order {
		ovs = append(ovs, scenarios.Override{Path: fmt.Sprintf("team[%d].integrates", ti), Value: integ[ti].String(), Flag: "class"})
	}
	resolved, err := scenarios.ResolveWith(name, ovs)
	if err != nil {
		return nil, nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# The class's run of %q: %d weeks, %d replicates.\n", name, weeks, reps)
	b.WriteString("# Decisions, each at the start of the week it takes effect:\n")
	for _, d := range decided {
		how := "chose"
		if !d.Made {
			how = "made no choice in time:"
		}
		fmt.Fprintf(&b, "#   quarter %d, week %d (%s): %s %s %s\n", d.Quarter, d.Week, d.Date, roleTitle(d.Role), how, d.Label)
	}
	for _, ti := range order {
		fmt.Fprintf(&b, "# team %q integrates on %s (set below as team[%d].integrates)\n", base.Teams[ti].Name, integ[ti], ti)
	}
	b.WriteString("# Run it again with: joinedup run THIS-FILE.toml\n\n")
	b.Write(resolved.TOML())
	for _, d := range decided {
		sh := d.eff.shock
		if sh == nil {
			continue
		}
		fmt.Fprintf(&b, "\n[[shock]]\nkind = %s\ndate = %s\n", tomlString(sh.Kind), sh.Date)
		if sh.Organisation != "" {
			fmt.Fprintf(&b, "organisation = %s\n", tomlString(sh.Organisation))
		}
		if sh.Team != "" {
			fmt.Fprintf(&b, "team = %s\n", tomlString(sh.Team))
		}
		if sh.Post != "" {
			fmt.Fprintf(&b, "post = %s\n", tomlString(sh.Post))
		}
		if sh.Size != 0 {
			fmt.Fprintf(&b, "size = %s\n", strconv.FormatFloat(sh.Size, 'g', -1, 64))
		}
		fmt.Fprintf(&b, "note = %s\n", tomlString(fmt.Sprintf("class decision after quarter %d: %s — %s", d.Quarter, roleTitle(d.Role), d.Label)))
	}
	file := []byte(b.String())
	sc, err := scenarios.Parse(name+"-class.toml", file)
	if err != nil {
		return nil, nil, fmt.Errorf("web: the class's scenario file does not validate: %w", err)
	}
	return sc, file, nil
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// options lists the choices open to a role now; the first is always the
// model's own choice. Called with sess.mu held.
func (sess *session) options(ro string) []option {
	w := sess.week()
	date := sess.dateOf(w)
	own := option{ID: "model", Label: "Leave it to the model", Help: "Make no change: the model's own people and rules decide.", eff: effect{team: -1}}
	out := []option{own}
	shock := func(id, label, help string, sh classShock) option {
		sh.Date = date
		return option{ID: id, Label: label, Help: help, eff: effect{team: -1, shock: &sh}}
	}
	nhs, council := sess.orgs()
	team := ""
	if len(sess.base.Teams) > 0 {
		team = sess.base.Teams[0].Name
	}
	switch ro {
	case "chief-executive":
		if nhs == "" {
			break
		}
		out = append(out,
			shock("chase-targets", "Answer the rating by chasing your own targets",
				"Partners are judged apart and the pressure of national targets rises by 0.2 (shock separate-targets): staff are pulled back to measured work.",
				classShock{Kind: "separate-targets", Size: 0.2}),
			shock("joint-targets", "Agree joint targets with the partners",
				"The partners are judged together from now (shock joint-targets).",
				classShock{Kind: "joint-targets"}),
			shock("restructure", "Restructure "+nhs,
				"A reorganisation of "+nhs+": management attention is diverted, managers leave and staff are unsettled (shock reorganisation).",
				classShock{Kind: "reorganisation", Organisation: nhs}))
	case "director":
		for ti, t := range sess.base.Teams {
			at := sess.integ[ti]
			if at.IsZero() || !at.After(date.Time) {
				continue // integrated from the start, or already
			}
			out = append(out,
				option{ID: fmt.Sprintf("integrate-%d", ti), Label: "Integrate " + t.Name + " now",
					Help: fmt.Sprintf("%s takes up its integrated arrangement (co-location, management, records as the scenario gives them) on %s instead of %s.", t.Name, date, at),
					eff:  effect{team: ti, integ: date}},
				option{ID: fmt.Sprintf("delay-%d", ti), Label: "Hold back " + t.Name + " a year",
					Help: fmt.Sprintf("%s integrates a year later, on %s.", t.Name, scenarios.Date{Time: at.AddDate(0, 0, 364)}),
					eff:  effect{team: ti, integ: scenarios.Date{Time: at.AddDate(0, 0, 364)}}})
		}
		for _, p := range sess.base.Partnership.JointPosts {
			if sess.split[p.Name] || (council != "" && !slices.Contains(p.Organisations, council)) {
				continue
			}
			out = append(out, shock("split-"+p.Name, "End the "+p.Name,
				"The joint post ends (shock joint-post-split): each organisation goes its own way at the top.",
				classShock{Kind: "joint-post-split", Post: p.Name}))
		}
		if council != "" {
			out = append(out, shock("budget-cut", "Balance the books: cut the budget by a tenth",
				"The council's budget falls by 10% (shock budget-cut): it overspends, capacity is squeezed and vacancies take longer to fill.",
				classShock{Kind: "budget-cut", Organisation: council, Size: 0.1}))
		}
	case "team-manager":
		if team == "" {
			break
		}
		configured := strconv.FormatFloat(sess.base.Teams[0].Leadership, 'g', 3, 64)
		out = append(out,
			shock("lead-more", "Lead actively: put your time into the team",
				"Your leadership becomes 0.9 on the 0–1 scale (the case gives "+configured+"; shock leadership-effort): more active management, felt over about half a year.",
				classShock{Kind: "leadership-effort", Team: team, Size: 0.9}),
			shock("lead-less", "Pull back to your own caseload",
				"Your leadership becomes 0.3 (the case gives "+configured+"; shock leadership-effort): less active management, felt over about half a year.",
				classShock{Kind: "leadership-effort", Team: team, Size: 0.3}),
			shock("new-leader", "Step aside for a new leader of "+team,
				"A new leader takes over "+team+" (shock leadership-change): better or worse than you, and the team is unsettled for a while.",
				classShock{Kind: "leadership-change", Team: team}),
			shock("training", "Press for a common-core training programme",
				"A year of common-core courses: a third of staff a year train with the other professions (shock common-core-training, size 0.33).",
				classShock{Kind: "common-core-training", Size: 0.33}))
	case "professional":
		if team == "" {
			break
		}
		out = append(out,
			shock("resign", "Resign from "+team,
				"You leave (shock departure: of the team's professionals, the one most intent on leaving goes). The post stays empty until a newcomer is recruited, who arrives with their profession's identity, not the team's; you play on as your successor.",
				classShock{Kind: "departure", Team: team}),
			shock("training", "Ask for joint training with the other professions",
				"A year of common-core courses, a fifth of staff a year (shock common-core-training, size 0.2).",
				classShock{Kind: "common-core-training", Size: 0.2}),
			shock("no-confidence", "Lose confidence in the team's manager",
				"The staff's complaints bring a new leader to "+team+" (shock leadership-change).",
				classShock{Kind: "leadership-change", Team: team}))
	}
	return out
}

// orgs names the NHS body the chief executive runs and the council the
// director of social services works for ("" when the scenario has none).
func (sess *session) orgs() (nhs, council string) {
	for _, o := range sess.base.Organisations {
		if o.Kind == "nhs" && nhs == "" {
			nhs = o.Name
		}
		if o.Kind == "council" && council == "" {
			council = o.Name
		}
	}
	return nhs, council
}

// A roleView is a role as the page shows it.
type roleView struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Brief   string `json:"brief"`
	Name    string `json:"name"` // the student playing it, "" if none
	Decided bool   `json:"decided"`
}

// view is the session as the browser holding tok sees it. Called with
// sess.mu held.
func (sess *session) view(tok string) map[string]any {
	v := map[string]any{
		"code": sess.code, "scenario": sess.scenario, "description": sess.base.Description, "source": sess.base.Source,
		"phase": sess.phase, "quarter": sess.quarter, "quarters": sess.quarters, "quarter_weeks": quarterWeeks,
		"start": sess.base.Run.Start.String(), "seconds": int(sess.limit / time.Second), "replicates": sess.reps,
		"version": sess.version, "decisions": append([]decision{}, sess.decided...),
	}
	if sess.err != "" {
		v["error"] = sess.err
	}
	if sess.phase == phaseDeciding {
		left := time.Until(sess.deadline)
		if sess.asleep {
			left = sess.left
		}
		v["left_ms"] = max(0, left.Milliseconds())
	}
	var rs []roleView
	for _, ro := range roles {
		rv := roleView{ID: ro.ID, Title: ro.Title, Brief: ro.Brief}
		if t, ok := sess.seats[ro.ID]; ok {
			rv.Name = sess.members[t].name
		}
		_, rv.Decided = sess.pending[ro.ID]
		rs = append(rs, rv)
	}
	v["roles"] = rs
	watching := 0
	for _, m := range sess.members {
		if m.role == observer {
			watching++
		}
	}
	v["observers"] = watching
	nhs, council := sess.orgs()
	team := ""
	if len(sess.base.Teams) > 0 {
		team = sess.base.Teams[0].Name
	}
	v["cast"] = map[string]string{"chief-executive": nhs, "director": council, "team-manager": team, "professional": team}
	switch m := sess.members[tok]; {
	case tok != "" && tok == sess.teacher:
		v["you"] = map[string]any{"teacher": true, "role": "teacher"}
	case m != nil:
		you := map[string]any{"role": m.role, "name": m.name}
		if d, ok := sess.pending[m.role]; ok {
			you["decided"] = d.Label
		} else if sess.phase == phaseDeciding && m.role != observer {
			you["options"] = sess.options(m.role)
		}
		v["you"] = you
	}
	if c := sess.curves; c != nil {
		shown := *c
		if sess.phase != phaseFinished {
			shown.Own = nil // the model's own runs are shown at the end
		}
		v["curves"] = &shown
	}
	return v
}

// member returns the member of tok, 403 if tok is neither the teacher's
// nor a member's. A request with no token sees the session as a stranger.
func (s *Server) viewer(w http.ResponseWriter, r *http.Request, sess *session) (string, bool) {
	tok := token(r)
	if tok == "" || tok == sess.teacher || sess.members[tok] != nil {
		return tok, true
	}
	httpError(w, http.StatusForbidden, errors.New("web: this browser's place in the class is not known; join again"))
	return "", false
}

// classState answers the session as the requester sees it.
func (s *Server) classState(w http.ResponseWriter, r *http.Request) {
	sess := s.lookup(w, r)
	if sess == nil {
		return
	}
	sess.mu.Lock()
	tok, ok := s.viewer(w, r, sess)
	if !ok {
		sess.mu.Unlock()
		return
	}
	v := sess.view(tok)
	sess.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, v)
}

// classEvents streams the session as the requester sees it, as a
// server-sent "state" event at every change. While no browser watches a
// session for the grace period, its run is cancelled and its clock
// stopped; the next browser to watch starts them again.
func (s *Server) classEvents(w http.ResponseWriter, r *http.Request) {
	sess := s.lookup(w, r)
	if sess == nil {
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		httpError(w, http.StatusInternalServerError, errors.New("web: the connection cannot stream"))
		return
	}
	sess.mu.Lock()
	tok, ok := s.viewer(w, r, sess)
	if !ok {
		sess.mu.Unlock()
		return
	}
	if sess.watchers >= maxClassWatchers {
		sess.mu.Unlock()
		w.Header().Set("Retry-After", "10")
		httpError(w, http.StatusTooManyRequests, fmt.Errorf("web: %d browsers are watching this class, the most it takes", sess.watchers))
		return
	}
	sess.watchers++
	if sess.asleep {
		s.wake(sess)
	}
	sess.mu.Unlock()
	defer s.unwatch(sess)

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	st := &stream{w: w, f: flusher}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		sess.mu.Lock()
		data, err := json.Marshal(sess.view(tok))
		changed := sess.changed
		sess.mu.Unlock()
		if err != nil {
			return
		}
		if st.event("state", string(data)) != nil {
			return
		}
	wait:
		select {
		case <-r.Context().Done():
			return
		case <-changed:
		case <-ping.C:
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
			goto wait
		}
	}
}

// unwatch counts a browser gone; the last one away starts the grace period.
func (s *Server) unwatch(sess *session) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	sess.watchers--
	if sess.watchers > 0 {
		return
	}
	now := time.Now()
	sess.idleAt = now
	time.AfterFunc(s.class.grace, func() {
		sess.mu.Lock()
		defer sess.mu.Unlock()
		if sess.watchers == 0 && sess.idleAt.Equal(now) && !sess.asleep {
			s.sleep(sess)
		}
	})
}

// sleep cancels the session's run and stops its clock. Called with
// sess.mu held.
func (s *Server) sleep(sess *session) {
	switch sess.phase {
	case phaseRunning:
		sess.stop()
		sess.gen++
		sess.asleep = true
	case phaseDeciding:
		sess.left = max(0, time.Until(sess.deadline))
		sess.stop()
		sess.asleep = true
	}
}

// wake starts again what sleep stopped. Called with sess.mu held.
func (s *Server) wake(sess *session) {
	sess.asleep = false
	switch sess.phase {
	case phaseRunning:
		s.runQuarter(sess, sess.quarter, s.tryRun())
	case phaseDeciding:
		sess.arm(sess.left)
		sess.bump()
	}
}

// classTOML answers the class's run so far as a scenario file: the
// quarters simulated, with the decisions made, which validates and
// reproduces the class's curves with joinedup run.
func (s *Server) classTOML(w http.ResponseWriter, r *http.Request) {
	sess := s.lookup(w, r)
	if sess == nil {
		return
	}
	sess.mu.Lock()
	if sess.curves == nil {
		sess.mu.Unlock()
		httpError(w, http.StatusConflict, errors.New("web: nothing has been played yet"))
		return
	}
	decided, weeks := slices.Clone(sess.decided), sess.curves.Weeks
	var played []decision
	for _, d := range decided {
		if d.Week <= weeks {
			played = append(played, d)
		}
	}
	sess.mu.Unlock()
	_, file, err := classScenario(sess.scenario, sess.base, played, weeks, sess.reps)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/toml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+sess.scenario+`-class-`+sess.code+`.toml"`)
	w.Write(file)
}

package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/results"
)

// Outcomes are the metrics the page draws, in order.
var Outcomes = []string{"cohesion", "team_identification", "user_experience", "weeks_to_intervention", "nhs_performance"}

// updateEvery is the least time between two updates of a run's curves;
// the first and the last unit are always sent.
const updateEvery = 100 * time.Millisecond

// run simulates the request's scenario and streams its curves as
// server-sent events: "meta" once, "update" as replicates finish (each
// with the whole curves so far: mean and 5th and 95th percentiles of the
// replicates at every recorded week), then "done" or "error"; after
// "meta", and mixed with the updates, a "people" event for each recorded
// week of the watched team (see people).
func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	id, err := client(r)
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	req, err := s.parseRequest(r)
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	arm, err := req.arm()
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	if n := len(arm.Scenario.Teams); req.team >= n {
		httpError(w, http.StatusBadRequest, fmt.Errorf("web: team=%d: %s has teams 0 to %d", req.team, req.scenario, n-1))
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		httpError(w, http.StatusInternalServerError, errors.New("web: the connection cannot stream"))
		return
	}
	ctx, cr, err := s.start(r.Context(), id)
	if err != nil {
		w.Header().Set("Retry-After", "5")
		httpError(w, http.StatusTooManyRequests, err)
		return
	}
	defer s.finish(id, cr)

	seed := arm.Scenario.Seed()
	plan := experiment.Plan{Arms: []experiment.Arm{arm}, Replicates: req.replicates, Weeks: req.weeks,
		Every: s.opt.Every, Seed: seed, Workers: s.opt.Workers, Ensemble: s.opt.Ensemble}

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	began := time.Now()
	sums := new(experiment.Summaries)
	st := &stream{w: w, f: flusher}
	var last time.Time
	var info *experiment.Info
	done := 0
	// The people of one team in one replicate, from a second simulation of
	// that replicate beside the run, once "meta" has gone.
	var watching sync.WaitGroup
	defer watching.Wait()
	feed := sinkStart{start: func(i *experiment.Info) error {
		info = i
		if err := st.meta(arm.Name, req, i); err != nil {
			return err
		}
		watching.Go(func() { st.watch(ctx, plan, req) })
		return nil
	}, add: func(u *experiment.Unit) error {
		done++
		if err := cr.pause.wait(ctx); err != nil {
			return err
		}
		if done == 1 || done == info.Units || time.Since(last) >= updateEvery {
			last = time.Now()
			return st.update(done, info.Units, sums.Point(0)[0].Summaries())
		}
		return nil
	}}
	err = experiment.Run(ctx, plan, sums, feed)
	watching.Wait()
	switch {
	case err == nil:
		st.event("done", fmt.Sprintf(`{"done":%d,"ms":%d}`, done, time.Since(began).Milliseconds()))
	case ctx.Err() != nil:
		// The browser went away or a newer run of the client replaced this one.
	default:
		st.event("error", jsonString(map[string]string{"error": err.Error()}))
	}
}

// start registers a run for the client, cancelling and waiting for the
// client's previous run, and refuses when MaxRuns are going.
func (s *Server) start(parent context.Context, id string) (context.Context, *clientRun, error) {
	s.mu.Lock()
	prev := s.clients[id]
	s.mu.Unlock()
	if prev != nil {
		prev.cancel()
		<-prev.done
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clients[id] != nil {
		return nil, nil, errors.New("web: this browser already has a run starting; try again")
	}
	if s.running >= s.opt.MaxRuns {
		return nil, nil, fmt.Errorf("web: %d runs are going, the most this server takes; try again shortly", s.running)
	}
	ctx, cancel := context.WithCancel(parent)
	cr := &clientRun{cancel: cancel, done: make(chan struct{}), pause: new(pauser)}
	s.clients[id] = cr
	s.running++
	return ctx, cr, nil
}

// finish unregisters the client's run.
func (s *Server) finish(id string, cr *clientRun) {
	cr.cancel()
	s.mu.Lock()
	if s.clients[id] == cr {
		delete(s.clients, id)
	}
	s.running--
	s.mu.Unlock()
	close(cr.done)
}

// sinkStart adapts two functions to a Sink that is also a Starter.
type sinkStart struct {
	start func(*experiment.Info) error
	add   func(*experiment.Unit) error
}

func (s sinkStart) Start(i *experiment.Info) error { return s.start(i) }
func (s sinkStart) Add(u *experiment.Unit) error   { return s.add(u) }

// stream writes server-sent events, from more than one goroutine.
type stream struct {
	mu sync.Mutex
	w  http.ResponseWriter
	f  http.Flusher
}

func (st *stream) event(name, data string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, err := fmt.Fprintf(st.w, "event: %s\ndata: %s\n\n", name, data); err != nil {
		return err
	}
	st.f.Flush()
	return nil
}

// meta sends the run's description: its name, weeks and outcomes with units.
func (st *stream) meta(name string, req request, info *experiment.Info) error {
	type metric struct {
		Name        string `json:"name"`
		Unit        string `json:"unit"`
		Description string `json:"description"`
	}
	var ms []metric
	for _, o := range Outcomes {
		for _, m := range info.Arms[0].Metrics {
			if m.Name == o {
				ms = append(ms, metric{m.Name, m.Unit, m.Description})
			}
		}
	}
	settings := []string{}
	for _, o := range req.overrides {
		settings = append(settings, o.String())
	}
	return st.event("meta", jsonString(map[string]any{
		"name": name, "scenario": req.scenario, "settings": settings, "replicates": req.replicates,
		"weeks": info.Weeks, "metrics": ms, "start": info.Arms[0].Start.Format("2006-01-02"),
	}))
}

// update sends the curves so far: for each outcome, mean, p05 and p95 by
// recorded week (null where no replicate has a value).
func (st *stream) update(done, total int, sums []results.Summary) error {
	var b strings.Builder
	fmt.Fprintf(&b, `{"done":%d,"total":%d,"series":{`, done, total)
	first := true
	for _, o := range Outcomes {
		var mean, lo, hi []float64
		for _, s := range sums {
			if s.Metric == o {
				mean, lo, hi = append(mean, s.Mean), append(lo, s.P05), append(hi, s.P95)
			}
		}
		if mean == nil {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		fmt.Fprintf(&b, `%q:{"mean":%s,"p05":%s,"p95":%s}`, o, numbers(mean), numbers(lo), numbers(hi))
	}
	b.WriteString("}}")
	return st.event("update", b.String())
}

// numbers writes a JSON array with 5 significant digits, NaN as null.
func numbers(xs []float64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
			continue
		}
		b.WriteString(strconv.FormatFloat(x, 'g', 5, 64))
	}
	b.WriteByte(']')
	return b.String()
}

// watch sends the people of the request's team in the replicate it
// watches as "people" events, one per recorded week (see people), or one
// "people-error" event saying why they cannot be shown.
func (st *stream) watch(ctx context.Context, plan experiment.Plan, req request) {
	err := experiment.WatchTeam(ctx, plan, experiment.TeamWatch{Replicate: req.watch, Team: req.team,
		Watch: func(s *model.TeamSnapshot) error {
			if len(s.People) > maxPeople {
				return fmt.Errorf("web: %s has %d posts; the page draws teams of at most %d", s.Name, len(s.People), maxPeople)
			}
			return st.event("people", people(s, req.watch))
		}})
	if err != nil && ctx.Err() == nil {
		st.event("people-error", jsonString(map[string]string{"error": err.Error()}))
	}
}

// person is one post as a "people" event gives it; see model.Person.
type person struct {
	Profession     int     `json:"profession"`
	Employer       int     `json:"employer"`
	Vacant         bool    `json:"vacant,omitempty"`
	Status         float64 `json:"status"`
	StatusGap      float64 `json:"status_gap"`
	ProfessionalID float64 `json:"professional_id"`
	TeamID         float64 `json:"team_id"`
	EmployerID     float64 `json:"employer_id"`
	Discretion     float64 `json:"discretion"`
	Acceptance     float64 `json:"acceptance"`
	Stress         float64 `json:"stress"`
	Intent         float64 `json:"intent"`
	Tenure         float64 `json:"tenure"`
}

// people encodes a team snapshot as a "people" event: the week, the
// team's arrangement, the names professions and employers are indexed
// by, each post, and trust as rows (trust[a][b], a's trust in b's
// profession), values to 3 decimals.
func people(s *model.TeamSnapshot, rep int) string {
	r := func(x float64) float64 { return math.Round(x*1000) / 1000 }
	ps := make([]person, len(s.People))
	for i, p := range s.People {
		ps[i] = person{p.Profession, p.Employer, p.Vacant, r(p.Status), r(p.StatusGap), r(p.ProfessionalID),
			r(p.TeamID), r(p.EmployerID), r(p.Discretion), r(p.Acceptance), r(p.Stress), r(p.Intent), math.Round(p.Tenure)}
	}
	n := len(s.People)
	trust := make([][]float64, n)
	for a := range trust {
		trust[a] = make([]float64, n)
		for b := range trust[a] {
			trust[a][b] = r(s.Trust[a*n+b])
		}
	}
	return jsonString(map[string]any{"week": s.Week, "team": s.Name, "replicate": rep,
		"colocated": s.Colocated, "single": s.Single, "shared": s.Shared,
		"professions": s.Professions, "employers": s.Employers, "people": ps, "trust": trust})
}

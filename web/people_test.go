package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
)

// frame is a "people" event as the page reads it.
type frame struct {
	Week        int
	Team        string
	Replicate   int
	Colocated   bool
	Professions []string
	People      []person
	Trust       [][]float64
}

// peopleOf runs query on a real server and returns its people frames.
func peopleOf(t *testing.T, base, query string) []frame {
	t.Helper()
	events, res := startRun(t, context.Background(), base, query, testClient)
	if res.StatusCode != 200 {
		t.Fatalf("%s: status %d", query, res.StatusCode)
	}
	var out []frame
	for ev := range events {
		switch ev.name {
		case "people":
			var f frame
			if err := json.Unmarshal([]byte(ev.data), &f); err != nil {
				t.Fatal(err)
			}
			out = append(out, f)
		case "people-error", "error":
			t.Fatalf("%s: %s", ev.name, ev.data)
		}
	}
	return out
}

// TestRunStreamsPeople checks the "people" events of a run: one per
// recorded week of the asked team in the asked replicate, each the
// snapshot experiment.WatchTeam gives of that replicate.
func TestRunStreamsPeople(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	frames := peopleOf(t, srv.URL, "scenario=sedgefield&n=4&weeks=52&team=1&rep=2")
	if len(frames) != 52/4+1 {
		t.Fatalf("%d people frames, want %d", len(frames), 52/4+1)
	}
	arm, _ := experiment.NewArm("sedgefield")
	plan := experiment.Plan{Arms: []experiment.Arm{arm}, Replicates: 4, Weeks: 52, Every: 4, Seed: arm.Scenario.Seed()}
	i := 0
	err := experiment.WatchTeam(context.Background(), plan, experiment.TeamWatch{Replicate: 2, Team: 1, Watch: func(s *model.TeamSnapshot) error {
		var want frame
		json.Unmarshal([]byte(people(s, 2)), &want)
		if !reflect.DeepEqual(frames[i], want) {
			t.Errorf("frame %d: %+v\nwant %+v", i, frames[i], want)
		}
		i++
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	f := frames[len(frames)-1]
	if f.Week != 52 || f.Team != "neighbourhood team 2" || f.Replicate != 2 || len(f.People) != 9 || len(f.Trust) != 9 || len(f.Trust[0]) != 9 {
		t.Errorf("last frame: week %d team %q replicate %d, %d people, %d trust rows", f.Week, f.Team, f.Replicate, len(f.People), len(f.Trust))
	}
	if !reflect.DeepEqual(f.Professions, []string{"social worker", "district nurse", "housing support officer", "support worker"}) {
		t.Errorf("professions %v", f.Professions)
	}
}

// TestRunPeopleBadRequests checks that a team or replicate the run does
// not have is refused with a 400 naming the parameter.
func TestRunPeopleBadRequests(t *testing.T) {
	s := New(Options{})
	for _, c := range []struct{ query, want string }{
		{"scenario=sedgefield&team=5", "team=5: sedgefield has teams 0 to 4"},
		{"scenario=sedgefield&team=-1", "team=\"-1\""},
		{"scenario=sedgefield&n=10&rep=10", "rep=\"10\": give a whole number from 0 to 9"},
	} {
		w := get(t, s, "/api/run?"+c.query, testClient)
		var body struct{ Error string }
		json.Unmarshal(w.Body.Bytes(), &body)
		if w.Code != 400 || !strings.Contains(body.Error, c.want) {
			t.Errorf("%s: %d %s, want 400 with %q", c.query, w.Code, body.Error, c.want)
		}
	}
}

// abolition is the shock the page's timeline sends for the PCT abolished
// in week 20 of sedgefield (it starts on 2003-04-01).
const abolition = `shock=[{kind="abolition", date=2003-08-19, organisation="Sedgefield PCT"}]`

// TestTimelineShockActs checks that a shock sent as the page's timeline
// sends it (a shock=[...] setting, as a scenario file writes shocks) acts
// through the model: the watched team is the same before week 20 and not
// after, and the scenario file of the run carries the shock and validates.
func TestTimelineShockActs(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	q := "scenario=sedgefield&n=2&weeks=104"
	calm := peopleOf(t, srv.URL, q)
	shocked := peopleOf(t, srv.URL, q+"&set="+url.QueryEscape(abolition))
	if len(calm) != len(shocked) {
		t.Fatalf("%d frames without the shock, %d with", len(calm), len(shocked))
	}
	differ := false
	for i := range calm {
		same := reflect.DeepEqual(calm[i], shocked[i])
		if calm[i].Week < 20 && !same {
			t.Errorf("week %d, before the shock: the team differs", calm[i].Week)
		}
		differ = differ || !same
	}
	if !differ {
		t.Errorf("the PCT's abolition changed nothing in the pathway team")
	}

	w := get(t, New(Options{}), "/api/scenario-file?"+q+"&set="+url.QueryEscape(abolition), testClient)
	if w.Code != 200 {
		t.Fatalf("scenario file: %d %s", w.Code, w.Body.String())
	}
	sc, err := scenarios.Parse("whatif.toml", w.Body.Bytes())
	if err != nil {
		t.Fatalf("the scenario file does not validate: %v\n%s", err, w.Body.String())
	}
	if len(sc.Shocks) != 1 || sc.Shocks[0].Kind != "abolition" || sc.Shocks[0].Date.String() != "2003-08-19" || sc.Shocks[0].Organisation != "Sedgefield PCT" {
		t.Errorf("shocks in the scenario file: %+v", sc.Shocks)
	}
	cfg, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Shocks[0].At != 20 {
		t.Errorf("the shock falls in week %d, want 20", cfg.Shocks[0].At)
	}
}

// TestScenarioViewShocks checks what the page gets to draw a timeline:
// the start date, the shock kinds from the schema, the organisations, and
// the scenario's own shocks.
func TestScenarioViewShocks(t *testing.T) {
	var v ScenarioView
	w := get(t, New(Options{}), "/api/scenarios/sedgefield-threats", "")
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Start != "2003-04-01" || len(v.Teams) != 5 || len(v.Organisations) != 3 || !strings.Contains(strings.Join(v.ShockKinds, " "), "abolition") {
		t.Errorf("view: start %q, teams %v, organisations %v, kinds %v", v.Start, v.Teams, v.Organisations, v.ShockKinds)
	}
	if len(v.Shocks) != 3 || v.Shocks[2].Kind != "abolition" || v.Shocks[2].Date != "2006-10-01" || v.Shocks[2].Organisation != "Sedgefield PCT" {
		t.Errorf("shocks %+v", v.Shocks)
	}
}

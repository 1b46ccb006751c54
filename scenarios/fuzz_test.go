package scenarios

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/sim"
)

// Fuzz tests: whatever bytes a user's file holds and whatever --set they
// type, the package answers with a scenario that builds or with an error
// that says where the problem is; it never panics.
//
// Run them for longer with, for example,
//
//	go test ./scenarios -run '^$' -fuzz FuzzParse -fuzztime 3m
//	go test ./scenarios -run '^$' -fuzz FuzzOverride -fuzztime 3m
//
// Inputs that failed are kept under testdata/fuzz/ and replayed by go test.

// brokenSnippets are small files with one kind of mistake each, seeds for
// the fuzzer to mutate from.
var brokenSnippets = []string{
	"",
	"name = ",
	"name = \"x\"\n[run\nstart = 2003-04-01",
	"[[team]]\n[[team.member]]\ncount = -1",
	"name = \"x\"\n[run]\nstart = 2003-13-45\nweeks = \"many\"",
	"extends = \"sedgefield\"\n[[team]]\nname = \"t\"",
	"extends = \"sedgefield\"\n[partnership]\ntargets = \"joined\"",
	"extends = \"no-such\"",
	"extends = \"testdata/minimal.toml\"\n[run]\nweeks = 99999",
	"extends = 7",
	"name = 'x'\nname = 'y'",
	"a.b.c = 1\n[a]\n[a.b]",
	"[parameters]\nno_such = 1\ncontact_rate = -5",
	"[[shock]]\nkind = \"reorganisation\"\ndate = 1999-01-01\n[[shock]]\nkind = 4",
	"\"quoted key\" = [1, [2, \"x\"], {a = 1}]\n\t# comment \r\n",
	"[mechanisms]\ncontact = \"yes\"",
}

// addScenarioSeeds adds every embedded scenario, every file in testdata and
// the broken snippets to f's corpus, as (file name, contents).
func addScenarioSeeds(f *testing.F) {
	f.Helper()
	for _, name := range Names() {
		data, err := Raw(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Join(libraryDir, name+".toml"), data)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.toml"))
	if err != nil {
		f.Fatal(err)
	}
	if len(files) == 0 {
		f.Fatal("no testdata/*.toml seeds")
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p, data)
	}
	for i, s := range brokenSnippets {
		f.Add([]string{"broken.toml", "testdata/broken.toml", "x"}[i%3], []byte(s))
	}
}

// leaves returns the errors joined in err, recursively, or err itself.
func leaves(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

// checkPlaced fails t unless every problem in err says where it is: a
// *SyntaxError in file, a *FieldError naming a file (file itself, or a
// scenario it extends) and a field path or a message, an *OverrideError
// when overrides were given, or another error naming the package.
func checkPlaced(t *testing.T, file string, err error, overrides bool) {
	t.Helper()
	msg := err.Error()
	if msg == "" {
		t.Fatalf("%s: empty error message", file)
	}
	for _, e := range leaves(err) {
		if e == nil {
			t.Fatalf("%s: nil error joined into %q", file, msg)
		}
		var (
			se *SyntaxError
			fe *FieldError
			oe *OverrideError
		)
		switch {
		case errors.As(e, &se):
			if se.File != file || se.Line < 1 || se.Column < 1 {
				t.Errorf("%s: syntax error placed at %s:%d:%d: %q", file, se.File, se.Line, se.Column, e)
			}
			if !strings.HasPrefix(e.Error(), file+":") {
				t.Errorf("%s: syntax error does not start with the file: %q", file, e)
			}
		case errors.As(e, &fe):
			if fe.File == "" || fe.Msg == "" {
				t.Errorf("%s: field error without a file or message: %#v", file, fe)
			}
			if !strings.HasPrefix(e.Error(), fe.File+":") {
				t.Errorf("%s: field error does not start with its file: %q", file, e)
			}
		case errors.As(e, &oe):
			if !overrides {
				t.Errorf("%s: override error with no overrides: %q", file, e)
			}
			if !strings.HasPrefix(e.Error(), oe.Override.flag()+" ") || oe.Msg == "" {
				t.Errorf("%s: override error does not name the override: %q", file, e)
			}
		default:
			if !strings.HasPrefix(e.Error(), "scenarios: ") {
				t.Errorf("%s: error neither placed nor naming the package: %q (%T)", file, e, e)
			}
		}
	}
}

// checkBuilds fails t unless s, returned without error, validates and builds.
func checkBuilds(t *testing.T, file string, s *Scenario) {
	t.Helper()
	if s == nil {
		t.Fatalf("%s: nil scenario and nil error", file)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("%s: parsed without error but does not validate: %v", file, err)
	}
	cfg, err := s.Build()
	if err != nil {
		t.Fatalf("%s: validated but does not build: %v", file, err)
	}
	if cfg == nil {
		t.Fatalf("%s: Build returned a nil config and no error", file)
	}
	checkModel(t, file, cfg)
}

// fuzzMaxPosts bounds the worlds the fuzz targets construct, so that one
// input cannot hold the fuzzer for long; larger ones are built only.
const fuzzMaxPosts = 400

// checkModel fails t unless cfg constructs a world that steps through its
// first weeks and observes its metrics without error or a non-finite value
// (a metric with no cases yet is NaN by design and allowed; an infinity is
// not).
func checkModel(t *testing.T, file string, cfg *model.Config) {
	t.Helper()
	if cfg.Professionals() > fuzzMaxPosts {
		return
	}
	if _, err := model.New(cfg, sim.Replicate{Master: 1, Stream: 1}); err != nil {
		t.Fatalf("%s: built, but the model refuses it: %v", file, err)
	}
	var tr sim.Trajectory
	run := sim.Config{Ticks: min(cfg.Weeks, 8), Seed: 1}
	err := sim.Simulate(context.Background(), run, sim.Replicate{Master: 1, Stream: 1},
		func(rep sim.Replicate) (sim.Model, error) { return model.New(cfg, rep) }, &tr)
	if err != nil {
		t.Fatalf("%s: the first %d weeks: %v", file, run.Ticks, err)
	}
	for i, v := range tr.Values {
		if math.IsInf(v, 0) {
			t.Fatalf("%s: week %d: metric %d is %v", file, tr.Ticks[i/tr.Width], i%tr.Width, v)
		}
	}
}

// FuzzParse checks that Parse, on any file, returns a scenario that
// validates and builds, or an error placing each problem.
func FuzzParse(f *testing.F) {
	addScenarioSeeds(f)
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		if file == "" || strings.ContainsAny(file, "\x00\r\n") {
			t.Skip("not a file name")
		}
		s, err := Parse(file, data)
		if err != nil {
			if s != nil {
				t.Fatalf("%s: Parse returned a scenario with an error: %v", file, err)
			}
			checkPlaced(t, file, err, false)
			return
		}
		checkBuilds(t, file, s)
	})
}

// FuzzOverride checks that ParseOverride and ResolveWith, on the Sedgefield
// scenario with any PATH=VALUE, never panic, and that problems with the
// override name it.
func FuzzOverride(f *testing.F) {
	for _, s := range []string{
		"partnership.targets=separate",
		"run.replicates=50",
		"run.weeks=many",
		`team["no such"].leadership=0.5`,
		"team[0].member[0].count=3",
		"team[99].colocated=true",
		"team[0]=1",
		"team.name=x",
		"shock[0].date=2005-04-01",
		"extends=usual-care",
		"parameters.contact_rate=2",
		"run.start=2003-04-01T10:00:00Z",
		"profession[0].status=[0.5, 1]",
		`name="unclosed`,
		"x=",
		"=1",
		"a..b=1",
		"team[-1].x=1",
		"team['pathway'].member[0]={count = 2}",
		"organisation=[]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, set string) {
		o, err := ParseOverride(set)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "scenarios: ") || len(msg) == len("scenarios: ") {
				t.Fatalf("ParseOverride(%q): error does not name the package: %q", set, msg)
			}
			return
		}
		s, err := ResolveWith("sedgefield", []Override{o})
		if err != nil {
			if s != nil {
				t.Fatalf("%q: ResolveWith returned a scenario with an error: %v", set, err)
			}
			// Sedgefield resolves cleanly on its own, so every failure is
			// the override's doing and the message must name it.
			if !strings.Contains(err.Error(), "--set "+o.String()+": ") {
				t.Errorf("%q: error does not name the override: %q", set, err)
			}
			checkPlaced(t, "library/sedgefield.toml", err, true)
			return
		}
		checkBuilds(t, "library/sedgefield.toml", s)
	})
}

// FuzzSweep checks that ParseSweep, on any sweep file, returns a sweep or
// an error placing each problem, and never panics.
func FuzzSweep(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "examples", "sedgefield-sweep.toml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("sweep.toml", data)
	for _, s := range []string{
		"",
		"base = \"sedgefield\"\n[design]\nkind = \"grid\"\n[[factor]]\npath = \"partnership.pace\"\nlevels = [0.1, 0.9]\n",
		"base = \"no-such\"\n[design]\nkind = \"sobol\"\nsize = -1\n",
		"base = 7\n[[factor]]\npath = \"team[99].x\"\nmin = 1\nmax = 0\n",
		"base = \"sedgefield\"\n[[outcome]]\nmetric = \"cohesion\"\nwindow = [156, 104]\n",
		"base = \"sedgefield\"\nweeks = 99999999\nreplicates = -1\n[design]\nkind = \"morris\"\nsize = 1e9\n",
	} {
		f.Add("sweep.toml", []byte(s))
	}
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		if file == "" || strings.ContainsAny(file, "\x00\r\n") {
			t.Skip("not a file name")
		}
		s, err := ParseSweep(file, data)
		if err == nil {
			if s == nil {
				t.Fatal("nil sweep and nil error")
			}
			return
		}
		if s != nil {
			t.Fatalf("a sweep returned with an error: %v", err)
		}
		for _, e := range leaves(err) {
			msg := e.Error()
			if !strings.HasPrefix(msg, file+":") && !strings.HasPrefix(msg, "scenarios: ") && !strings.HasPrefix(msg, "library/") {
				t.Errorf("problem not placed: %q (%T)", msg, e)
			}
		}
	})
}

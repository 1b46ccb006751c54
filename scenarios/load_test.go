package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readMinimal(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/minimal.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// edit returns src with each old string replaced by its new one; it fails
// the test if an old string is missing, so fixtures cannot drift silently.
func edit(t *testing.T, src string, oldNew ...string) string {
	t.Helper()
	for i := 0; i < len(oldNew); i += 2 {
		if !strings.Contains(src, oldNew[i]) {
			t.Fatalf("fixture has no %q", oldNew[i])
		}
		src = strings.Replace(src, oldNew[i], oldNew[i+1], 1)
	}
	return src
}

// fieldErrors unwraps a joined error into its *FieldError parts.
func fieldErrors(t *testing.T, err error) []*FieldError {
	t.Helper()
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var fes []*FieldError
	for _, e := range errs {
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("error %q is not a *FieldError", e)
		}
		fes = append(fes, fe)
	}
	return fes
}

func TestParseMinimal(t *testing.T) {
	s, err := Load("testdata/minimal.toml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if s.Name != "minimal" || len(s.Professions) != 2 || len(s.Organisations) != 2 ||
		len(s.ClientGroups) != 1 || len(s.Teams) != 2 || len(s.Shocks) != 1 {
		t.Errorf("decoded the wrong shape: %+v", s)
	}
	if got, want := s.Run.Start, NewDate(2003, time.April, 1); got != want {
		t.Errorf("run.start = %v, want %v", got, want)
	}
	if got := s.Teams[1].Integrates.String(); got != "2004-01-05" {
		t.Errorf("team[1].integrates = %q, want 2004-01-05 (written as a string)", got)
	}
	if got := len(s.Teams[1].Members); got != 2 {
		t.Errorf("team[1] has %d members from an inline array, want 2", got)
	}
	if s.File() != "testdata/minimal.toml" {
		t.Errorf("File() = %q", s.File())
	}
	if data, _ := os.ReadFile("testdata/minimal.toml"); s.Hash() != Hash(data) || len(s.Hash()) != 64 {
		t.Errorf("Hash() = %q, want the SHA-256 of the file", s.Hash())
	}
}

func TestParseErrors(t *testing.T) {
	minimal := readMinimal(t)
	tests := []struct {
		name  string
		src   string
		paths []string // the path of each *FieldError, in order; nil for other errors
		want  []string // pieces the error text must contain
	}{
		{
			name:  "unknown key with did-you-mean",
			src:   edit(t, minimal, "colocated = true", "colocate = true"),
			paths: []string{"team[0].colocate"},
			want:  []string{`x.toml:65: team[0].colocate: unknown key "colocate"; did you mean "colocated"?`},
		},
		{
			name:  "unknown key in a nested array of tables",
			src:   edit(t, minimal, "contract = \"part-time\"", "contrct = \"part-time\""),
			paths: []string{"team[0].member[1].contrct"},
			want:  []string{`x.toml:77: team[0].member[1].contrct: unknown key "contrct"; did you mean "contract"?`},
		},
		{
			name:  "unknown key with no close match lists the keys",
			src:   edit(t, minimal, "[run]\n", "[run]\nzzz = 1\n"),
			paths: []string{"run.zzz"},
			want:  []string{`x.toml:7: run.zzz: unknown key "zzz"; known keys here: start, weeks, replicates, seed`},
		},
		{
			name: "syntax error",
			src:  edit(t, minimal, "weeks = 52", "weeks = = 52"),
			want: []string{"x.toml:8:9: run.weeks: expected value but found '=' instead", "\n    8 | weeks = = 52\n", "\n" + strings.Repeat(" ", 16) + "^"},
		},
		{
			name:  "type errors all at once",
			src:   edit(t, minimal, "weeks = 52", `weeks = "many"`, "referrals = 9", "referrals = true", "count = 3", "count = 2.5"),
			paths: []string{"run.weeks", "team[0].member[0].count", "team[1].referrals"},
			want: []string{
				`x.toml:8: run.weeks: expected a whole number, found string "many"`,
				`x.toml:71: team[0].member[0].count: expected a whole number, found float 2.5`,
				`x.toml:82: team[1].referrals: expected a number, found boolean true`,
			},
		},
		{
			name:  "value where a table is expected",
			src:   edit(t, minimal, `source = "testdata"`, "source = \"testdata\"\nmechanisms = true"),
			paths: []string{"mechanisms"},
			want:  []string{"x.toml:5: mechanisms: expected a table [mechanisms], found boolean true"},
		},
		{
			name:  "bad date",
			src:   edit(t, minimal, "date = 2005-04-01", `date = "April 2005"`),
			paths: []string{"shock[0].date"},
			want:  []string{`x.toml:92: shock[0].date: expected a date such as 2003-04-01, found "April 2005"`},
		},
		{
			name: "several semantic errors at once",
			src: edit(t, minimal,
				`name = "minimal"`, `name = ""`,
				`care_model = "medical"`, `care_model = "medicl"`,
				`status = 0.5`, `status = 1.5`,
				`kind = "council"`, `kind = ""`,
				`profession = "district nurse"
employer = "primary care trust"
count = 3`, `profession = "nurse"
employer = "primary care trust"
count = -1`,
				`date = 2005-04-01`, `date = 2001-04-01`),
			paths: []string{
				"name",
				"profession[0].care_model",
				"profession[1].status",
				"organisation[1].kind",
				"team[0].member[0].profession",
				"team[0].member[0].count",
				"shock[0].date",
			},
			want: []string{
				"x.toml:2: name: required",
				`x.toml:17: profession[0].care_model: unknown care model "medicl"; allowed: "medical", "social", "mixed"; did you mean "medical"?`,
				"x.toml:24: profession[1].status: 1.5 is out of range: must be between 0 and 1",
				`x.toml:39: organisation[1].kind: required: one of "nhs", "council", "voluntary"`,
				`x.toml:69: team[0].member[0].profession: unknown profession "nurse"; known: "district nurse", "social worker"; did you mean "district nurse"?`,
				"x.toml:71: team[0].member[0].count: -1 is out of range",
				"x.toml:92: shock[0].date: 2001-04-01 is before run.start 2003-04-01",
			},
		},
		{
			name:  "duplicate names",
			src:   edit(t, minimal, `name = "south"`, `name = "north"`, `name = "county council"`, `name = "primary care trust"`),
			paths: []string{"organisation[1].name", "team[1].name", "team[0].member[1].employer", "team[1].member[1].employer"},
			want: []string{
				`x.toml:75: team[0].member[1].employer: unknown organisation "county council"; known: "primary care trust"`,
				`x.toml:38: organisation[1].name: duplicate organisation name "primary care trust" (first used by organisation[0])`,
				`x.toml:80: team[1].name: duplicate team name "north" (first used by team[0])`,
			},
		},
		{
			name: "unknown reference without a close match",
			src: edit(t, minimal, `employer = "county council"
count = 2`, `employer = "the hospital"
count = 2`),
			paths: []string{"team[0].member[1].employer"},
			want:  []string{`team[0].member[1].employer: unknown organisation "the hospital"; known: "primary care trust", "county council"`},
		},
		{
			name:  "out of range values",
			src:   edit(t, minimal, "weeks = 52", "weeks = 9999", "target_pressure = 0.4", "target_pressure = -0.1", "referrals = 12", "referrals = -3"),
			paths: []string{"run.weeks", "organisation[1].target_pressure", "team[0].referrals"},
			want: []string{
				"run.weeks: 9999 is out of range: must be between 0 (the default, 260) and 5200",
				"organisation[1].target_pressure: -0.1 is out of range: must be between 0 and 1",
				"team[0].referrals: -3 is negative: must be between 0 and 10000",
			},
		},
		{
			name: "shock rules",
			src: edit(t, minimal, `kind = "reorganisation"
date = 2005-04-01
organisation = "primary care trust"`, `kind = "joint-post-split"
date = 2005-04-01
hazard = 0.1
team = "west"`),
			paths: []string{"shock[0].hazard", "shock[0].team", "shock[0].post"},
			want: []string{
				"shock[0].hazard: give a date or a hazard, not both",
				`shock[0].team: unknown team "west"; known: "north", "south"`,
				"shock[0].post: required: the name of a joint post; none are defined",
			},
		},
		{
			name:  "missing lists and members",
			src:   "name = \"empty\"\n[run]\nstart = 2003-04-01\n[[team]]\nname = \"t\"\nmanagement = \"single\"\n",
			paths: []string{"profession", "organisation", "client_group", "team[0].client_group", "team[0].member"},
			want: []string{
				"x.toml: profession: at least one profession is required ([[profession]])",
				"x.toml:4: team[0].member: a team needs at least one member",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("x.toml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse succeeded with %+v; want an error", s)
			}
			if s != nil {
				t.Errorf("Parse returned a scenario along with its error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
			if tt.paths == nil {
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Errorf("error is %T, want *SyntaxError", err)
				}
				return
			}
			fes := fieldErrors(t, err)
			var paths []string
			for _, fe := range fes {
				paths = append(paths, fe.Path)
				if fe.File != "x.toml" {
					t.Errorf("%s: File = %q, want x.toml", fe.Path, fe.File)
				}
			}
			if strings.Join(paths, " ") != strings.Join(tt.paths, " ") {
				t.Errorf("got %d errors at\n  %v\nwant %d at\n  %v\nerror:\n%v", len(paths), paths, len(tt.paths), tt.paths, err)
			}
		})
	}
}

func TestParameters(t *testing.T) {
	defer func(f func() []string) { KnownParameters = f }(KnownParameters)
	src := readMinimal(t) + "\n[parameters]\ncontact_rate = 0.2\ncontact_rat = 0.3\n"

	KnownParameters = nil
	if _, err := Parse("x.toml", []byte(src)); err != nil {
		t.Errorf("with no known parameters: %v", err)
	}
	KnownParameters = func() []string { return []string{"contact_rate", "trust_decay"} }
	_, err := Parse("x.toml", []byte(src))
	want := `x.toml:99: parameters.contact_rat: unknown parameter "contact_rat"; did you mean "contact_rate"?`
	if err == nil || err.Error() != want {
		t.Errorf("got error\n  %v\nwant\n  %s", err, want)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "absent.toml"))
	if err == nil || !strings.Contains(err.Error(), "scenarios: no scenario file ") || !strings.Contains(err.Error(), "absent.toml") {
		t.Errorf("got %v, want an error naming the missing file", err)
	}
}

func TestValidateInCode(t *testing.T) {
	var s Scenario
	err := s.Validate()
	fes := fieldErrors(t, err)
	if len(fes) != 6 {
		t.Errorf("got %d errors, want 6 (name, run.start and four empty lists):\n%v", len(fes), err)
	}
	if got := fes[0].Error(); got != "name: required: the scenario's short name" {
		t.Errorf("an error with no file reads %q", got)
	}
}

func TestClosest(t *testing.T) {
	candidates := []string{"district nurse", "social worker", "colocated"}
	tests := []struct{ word, want string }{
		{"colocate", "colocated"},
		{"Colocated", "colocated"},
		{"nurse", "district nurse"},
		{"socal worker", "social worker"},
		{"xyz", ""},
		{"ab", ""},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := closest(tt.word, candidates); got != tt.want {
				t.Errorf("closest(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}

package scenarios

import (
	"errors"
	"strings"
	"testing"
)

func TestParseOverride(t *testing.T) {
	tests := []struct {
		in       string
		path     string
		value    string
		errorHas string // "" when valid
	}{
		{in: "partnership.targets=separate", path: "partnership.targets", value: "separate"},
		{in: `partnership.targets="separate"`, path: "partnership.targets", value: `"separate"`},
		{in: "team[0].colocated = false", path: "team[0].colocated", value: "false"},
		{in: `team["a=b"].leadership=0.5`, path: `team["a=b"].leadership`, value: "0.5"},
		{in: "shock[0].date=2005-04-01", path: "shock[0].date", value: "2005-04-01"},
		{in: "team[2].member[0].count=4", path: "team[2].member[0].count", value: "4"},
		{in: "team[*].colocated=false", path: "team[*].colocated", value: "false"},
		{in: "run.weeks", errorHas: `"run.weeks" has no '='`},
		{in: "=5", errorHas: "the path is empty"},
		{in: "run.weeks=", errorHas: `no value after '='`},
		{in: "team[x].name=a", errorHas: `"x" is not an index`},
		{in: "team[-1].name=a", errorHas: `"-1" is not an index`},
		{in: "team[0.name=a", errorHas: "missing ]"},
		{in: "run..weeks=1", errorHas: "expected a key"},
		{in: `team["north.name=a`, errorHas: "has no '='"},
		{in: `team["north.name"=a`, errorHas: "unclosed name"},
		{in: `run.weeks="many`, errorHas: "not a TOML value"},
		{in: "run.weeks=[1,", errorHas: "not a TOML value"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			o, err := ParseOverride(tt.in)
			if tt.errorHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errorHas) || !strings.HasPrefix(err.Error(), "scenarios: ") {
					t.Fatalf("got %v, want a scenarios error containing %q", err, tt.errorHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.Path != tt.path || o.Value != tt.value {
				t.Errorf("got path %q value %q, want %q %q", o.Path, o.Value, tt.path, tt.value)
			}
		})
	}
}

// overrides parses each "path=value".
func overrides(t *testing.T, sets ...string) []Override {
	t.Helper()
	var os []Override
	for _, s := range sets {
		o, err := ParseOverride(s)
		if err != nil {
			t.Fatal(err)
		}
		os = append(os, o)
	}
	return os
}

func TestResolveWithOverrides(t *testing.T) {
	tests := []struct {
		name string
		sets []string
		got  func(s *Scenario) any
		want any
	}{
		{"bare word is a string", []string{"partnership.targets=joint"}, func(s *Scenario) any { return s.Partnership.Targets }, "joint"},
		{"quoted string", []string{`partnership.targets="joint"`}, func(s *Scenario) any { return s.Partnership.Targets }, "joint"},
		{"boolean in a list entry", []string{"team[0].colocated=false"}, func(s *Scenario) any { return s.Teams[0].Colocated }, false},
		{"whole number", []string{"run.replicates=50"}, func(s *Scenario) any { return s.Run.Replicates }, 50},
		{"new table created", []string{"parameters.trust_gain=0.02"}, func(s *Scenario) any { return s.Parameters["trust_gain"] }, 0.02},
		{"float", []string{"profession[1].status=0.7"}, func(s *Scenario) any { return s.Professions[1].Status }, 0.7},
		{"whole number for a float", []string{"team[0].referrals=5"}, func(s *Scenario) any { return s.Teams[0].Referrals }, 5.0},
		{"date", []string{"shock[0].date=2005-06-01"}, func(s *Scenario) any { return s.Shocks[0].Date }, NewDate(2005, 6, 1)},
		{"nested list entry", []string{"team[0].member[1].count=4"}, func(s *Scenario) any { return s.Teams[0].Members[1].Count }, 4},
		{"inline list entry", []string{"team[1].member[1].count=5"}, func(s *Scenario) any { return s.Teams[1].Members[1].Count }, 5},
		{"entry picked by name", []string{`team["south"].leadership=0.5`}, func(s *Scenario) any { return s.Teams[1].Leadership }, 0.5},
		{"every entry, first", []string{"team[*].leadership=0.3"}, func(s *Scenario) any { return s.Teams[0].Leadership }, 0.3},
		{"every entry, last", []string{"team[*].leadership=0.3"}, func(s *Scenario) any { return s.Teams[1].Leadership }, 0.3},
		{"every nested entry", []string{"team[1].member[*].count=6"}, func(s *Scenario) any { return s.Teams[1].Members[1].Count }, 6},
		{"later overrides win", []string{"run.weeks=10", "run.weeks=20"}, func(s *Scenario) any { return s.Run.Weeks }, 20},
		{"whole table", []string{`partnership.change={consultancy=true}`}, func(s *Scenario) any { return s.Partnership.Change }, ChangeProcesses{Consultancy: true}},
		{"other fields kept", []string{"run.weeks=10"}, func(s *Scenario) any { return s.Run.Seed }, uint64(7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ResolveWith("testdata/minimal.toml", overrides(t, tt.sets...))
			if err != nil {
				t.Fatalf("ResolveWith: %v", err)
			}
			if got := tt.got(s); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if s.File() != "testdata/minimal.toml" {
				t.Errorf("File = %q", s.File())
			}
			if s.Hash() != Hash(s.TOML()) {
				t.Error("Hash is not the hash of the resolved document")
			}
		})
	}
}

func TestOverrideHash(t *testing.T) {
	plain, err := ResolveWith("testdata/minimal.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Hash() != Hash([]byte(readMinimal(t))) {
		t.Error("without overrides the hash is not the file's")
	}
	a, err := ResolveWith("testdata/minimal.toml", overrides(t, "run.weeks=10"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ResolveWith("testdata/minimal.toml", overrides(t, "run.weeks=11"))
	if err != nil {
		t.Fatal(err)
	}
	a2, err := ResolveWith("testdata/minimal.toml", overrides(t, "run.weeks=10"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash() == plain.Hash() || a.Hash() == b.Hash() {
		t.Error("overrides do not change the hash")
	}
	if a.Hash() != a2.Hash() {
		t.Error("the same override gives different hashes")
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		name string
		sets []Override
		want []string // every problem, in order
	}{
		{"unknown key", []Override{{Path: "team[0].colocate", Value: "false"}},
			[]string{`--set team[0].colocate=false: unknown key "colocate"; did you mean "colocated"?`}},
		{"unknown table", []Override{{Path: "runn.weeks", Value: "5"}},
			[]string{`--set runn.weeks=5: unknown key "runn"; did you mean "run"?`}},
		{"index out of range", []Override{{Path: "team[9].colocated", Value: "false"}},
			[]string{`--set team[9].colocated=false: team has 2 entries (0..1)`}},
		{"index out of range of one", []Override{{Path: "shock[1].size", Value: "0.1"}},
			[]string{`--set shock[1].size=0.1: shock has 1 entry (0)`}},
		{"no list", []Override{{Path: "partnership.joint_post[0].scope", Value: "0.1"}},
			[]string{`--set partnership.joint_post[0].scope=0.1: partnership.joint_post has no entries`}},
		{"wrong type", []Override{{Path: "run.weeks", Value: "many"}},
			[]string{`--set run.weeks=many: expected a whole number, found string "many"`}},
		{"out of range", []Override{{Path: "profession[0].status", Value: "1.5"}},
			[]string{`--set profession[0].status=1.5: 1.5 is out of range: must be between 0 and 1`}},
		{"unknown word", []Override{{Path: "partnership.targets", Value: "seperate"}},
			[]string{`--set partnership.targets=seperate: unknown targets "seperate"; allowed: "joint", "separate"; did you mean "separate"?`}},
		{"unknown name", []Override{{Path: `team["sooth"].leadership`, Value: "0.5"}},
			[]string{`--set team["sooth"].leadership=0.5: team has no entry named "sooth"; known: "north", "south"; did you mean "south"?`}},
		{"key of a value", []Override{{Path: "run.weeks.x", Value: "1"}},
			[]string{`--set run.weeks.x=1: run.weeks is integer 52, not a table`}},
		{"index of a table", []Override{{Path: "run[0].weeks", Value: "1"}},
			[]string{`--set run[0].weeks=1: run is a table, not a list; write run.KEY`}},
		{"extends", []Override{{Path: "extends", Value: "sedgefield"}},
			[]string{`--set extends=sedgefield: extends cannot be set from the command line; write it in the file`}},
		{"a problem below the path names the field", []Override{{Path: "partnership.change", Value: "{leader=true}"}},
			[]string{`--set partnership.change={leader=true}: partnership.change.leader: unknown key "leader"; did you mean "leadership"?`}},
		{"the flag is named", []Override{{Path: "run.weeks", Value: "-1", Flag: "-vs"}},
			[]string{`-vs run.weeks=-1: -1 is out of range: must be between 0 (the default, 260) and 5200`}},
		{"every bad override at once", []Override{{Path: "team[9].name", Value: "a"}, {Path: "shock[3].size", Value: "1"}},
			[]string{`--set team[9].name=a: team has 2 entries (0..1)`, `--set shock[3].size=1: shock has 1 entry (0)`}},
		{"a broken reference is placed where it is written", []Override{{Path: "profession[0].name", Value: "nurse"}},
			[]string{
				`testdata/minimal.toml:69: team[0].member[0].profession: unknown profession "district nurse"; known: "nurse", "social worker"; did you mean "nurse"?`,
				`testdata/minimal.toml:85: team[1].member[0].profession: unknown profession "district nurse"; known: "nurse", "social worker"; did you mean "nurse"?`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ResolveWith("testdata/minimal.toml", tt.sets)
			got := problems(err)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got problems\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
	t.Run("OverrideError carries the field path", func(t *testing.T) {
		_, err := ResolveWith("testdata/minimal.toml", []Override{{Path: "team[1].colocate", Value: "true"}})
		var oe *OverrideError
		if !errors.As(err, &oe) || oe.Path != "team[1].colocate" || oe.Override.Path != "team[1].colocate" {
			t.Errorf("got %#v", err)
		}
	})
}

func TestOverridesOnExtends(t *testing.T) {
	s, err := ResolveWith("testdata/extends-child.toml", overrides(t, "partnership.targets=joint", "run.replicates=5"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Partnership.Targets != "joint" || s.Run.Replicates != 5 || s.Name != "sedgefield-separate" {
		t.Errorf("targets %q, replicates %d, name %q", s.Partnership.Targets, s.Run.Replicates, s.Name)
	}
	_, err = ResolveWith("testdata/extends-child.toml", overrides(t, "team[1].member[9].count=2"))
	if got := problems(err); len(got) != 1 || got[0] != "--set team[1].member[9].count=2: team[1].member has 4 entries (0..3)" {
		t.Errorf("got %q", got)
	}
}

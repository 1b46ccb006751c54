package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtendsEmbedded(t *testing.T) {
	s, err := Load("testdata/extends-child.toml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	parent, err := Embedded("sedgefield")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"child's name wins", s.Name, "sedgefield-separate"},
		{"child's value in a merged table", s.Partnership.Targets, "separate"},
		{"parent's value kept beside it", s.Partnership.Form, parent.Partnership.Form},
		{"parent's nested table kept", s.Partnership.Change, parent.Partnership.Change},
		{"child's run setting", s.Run.Replicates, 20},
		{"parent's run start", s.Run.Start, parent.Run.Start},
		{"parent's seed", s.Run.Seed, parent.Run.Seed},
		{"parent's teams", len(s.Teams), len(parent.Teams)},
		{"parent's source", s.Source, parent.Source},
		{"extends recorded", s.Extends, "sedgefield"},
		{"file is the child's", s.File(), "testdata/extends-child.toml"},
		{"hash of the resolved document", s.Hash(), Hash(s.TOML())},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if s.Hash() == parent.Hash() {
		t.Error("the child has its parent's hash")
	}
	if strings.Contains(string(s.TOML()), "extends") {
		t.Errorf("the resolved document still extends something:\n%s", s.TOML())
	}
	// The resolved document stands alone and resolves to the same scenario.
	again, err := Parse("resolved.toml", s.TOML())
	if err != nil {
		t.Fatalf("reparsing the resolved document: %v", err)
	}
	if again.Hash() != s.Hash() || again.Partnership.Targets != "separate" || len(again.Teams) != len(parent.Teams) {
		t.Errorf("reparsed resolved document differs: hash %s vs %s", again.Hash(), s.Hash())
	}
	if _, err := s.Build(); err != nil {
		t.Errorf("Build: %v", err)
	}
}

// writeFiles writes name → text files into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExtendsMergeRules(t *testing.T) {
	base := readMinimal(t)
	tests := []struct {
		name  string
		files map[string]string // besides base.toml, the minimal scenario
		load  string
		check func(t *testing.T, s *Scenario)
	}{
		{"arrays of tables are replaced whole", map[string]string{"child.toml": `extends = "base.toml"
[[team]]
name = "solo"
client_group = "older people"
referrals = 3
management = "single"
member = [{ profession = "social worker", employer = "county council" }]
`}, "child.toml", func(t *testing.T, s *Scenario) {
			if len(s.Teams) != 1 || s.Teams[0].Name != "solo" {
				t.Errorf("teams = %+v, want only the child's team", s.Teams)
			}
			if len(s.Professions) != 2 {
				t.Errorf("professions = %d, want the parent's 2", len(s.Professions))
			}
		}},
		{"tables merge key by key", map[string]string{"child.toml": `extends = "base.toml"
[partnership]
pace = 0.9
[partnership.change]
consultancy = true
`}, "child.toml", func(t *testing.T, s *Scenario) {
			p := s.Partnership
			if p.Pace != 0.9 || p.Form != "integrated-teams" || p.Targets != "separate" || p.Ownership != 0.7 {
				t.Errorf("partnership = %+v", p)
			}
			if c := p.Change; !c.Leadership || !c.Design || !c.Consultancy || c.Logistics {
				t.Errorf("change = %+v, want the parent's leadership and design and the child's consultancy", c)
			}
		}},
		{"a new table is added", map[string]string{"child.toml": `extends = "base.toml"
[parameters]
trust_gain = 0.02
`}, "child.toml", func(t *testing.T, s *Scenario) {
			if s.Parameters["trust_gain"] != 0.02 {
				t.Errorf("parameters = %v", s.Parameters)
			}
		}},
		{"chains apply nearest last", map[string]string{
			"mid.toml": `extends = "base.toml"
name = "mid"
[run]
weeks = 100
replicates = 9
`,
			"child.toml": `extends = "mid.toml"
name = "child"
[run]
replicates = 3
`}, "child.toml", func(t *testing.T, s *Scenario) {
			if s.Name != "child" || s.Run.Weeks != 100 || s.Run.Replicates != 3 || s.Run.Seed != 7 {
				t.Errorf("name %q run %+v, want child, weeks 100 from mid, replicates 3, seed 7 from base", s.Name, s.Run)
			}
			if s.Extends != "mid.toml" {
				t.Errorf("Extends = %q", s.Extends)
			}
		}},
		{"a path in a subfolder is relative to the extending file", map[string]string{"child.toml": `extends = "../base.toml"
name = "deeper"
`}, "sub/child.toml", func(t *testing.T, s *Scenario) {
			if s.Name != "deeper" || len(s.Teams) != 2 {
				t.Errorf("name %q, %d teams", s.Name, len(s.Teams))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"base.toml": base})
			t.Chdir(dir) // files extended must lie in the working folder
			sub := filepath.Dir(filepath.Join(dir, tt.load))
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, text := range tt.files {
				if err := os.WriteFile(filepath.Join(sub, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Load(filepath.Join(dir, tt.load))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			tt.check(t, s)
			if s.File() != filepath.Join(dir, tt.load) {
				t.Errorf("File = %q", s.File())
			}
		})
	}
}

func TestExtendsErrors(t *testing.T) {
	base := readMinimal(t)
	tests := []struct {
		name  string
		files map[string]string
		// want are the problems, each "FILE:LINE: path: message" with FILE
		// relative to the test folder.
		want []string
	}{
		{"cycle", map[string]string{
			"child.toml": "extends = \"a.toml\"\n",
			"a.toml":     "extends = \"b.toml\"\n",
			"b.toml":     "name = \"b\"\nextends = \"a.toml\"\n",
		}, []string{"b.toml:2: extends: extends cycle: child.toml → a.toml → b.toml → a.toml: a scenario cannot build on itself; remove one of these extends"}},
		{"extends itself", map[string]string{"child.toml": "extends = \"child.toml\"\n"},
			[]string{"child.toml:1: extends: extends cycle: child.toml → child.toml: a scenario cannot build on itself; remove one of these extends"}},
		{"missing parent file", map[string]string{"child.toml": "name = \"c\"\nextends = \"nothere.toml\"\n"},
			[]string{"child.toml:2: extends: no scenario file nothere.toml (a path in extends is relative to the extending file's folder)"}},
		{"unknown embedded parent", map[string]string{"child.toml": "extends = \"sedgfield\"\n"},
			[]string{`child.toml:1: extends: no embedded scenario "sedgfield"; known: ` + quoted(Names()) + `; did you mean "sedgefield"? (a file's path must end in .toml)`}},
		{"extends not a string", map[string]string{"child.toml": "extends = 3\n"},
			[]string{`child.toml:1: extends: expected a string in quotes, found integer 3`}},
		{"out of range in the parent names the parent's line", map[string]string{
			"child.toml": "extends = \"base.toml\"\nname = \"c\"\n",
			"base.toml":  edit(t, base, "status = 0.5\n", "status = 1.5\n"),
		}, []string{"base.toml:24: profession[1].status: 1.5 is out of range: must be between 0 and 1"}},
		{"unknown key in the parent names the parent's line", map[string]string{
			"child.toml": "extends = \"base.toml\"\n[run]\nweeks = 10\n",
			"base.toml":  edit(t, base, "seed = 7\n", "seed = 7\nsed = 8\n"),
		}, []string{`base.toml:11: run.sed: unknown key "sed"; did you mean "seed"?`}},
		{"problem in the child names the child's line", map[string]string{
			"child.toml": "extends = \"base.toml\"\n\n[partnership]\npace = 2\n",
		}, []string{"child.toml:4: partnership.pace: 2 is out of range: must be between 0 and 1"}},
		{"problems in both, each in its own file", map[string]string{
			"child.toml": "extends = \"base.toml\"\n\n[partnership]\npace = 2\n",
			"base.toml":  edit(t, base, "status = 0.5\n", "status = 1.5\n"),
		}, []string{
			"base.toml:24: profession[1].status: 1.5 is out of range: must be between 0 and 1",
			"child.toml:4: partnership.pace: 2 is out of range: must be between 0 and 1",
		}},
		{"a reference the child breaks is reported where it is written", map[string]string{
			"child.toml": "extends = \"base.toml\"\n\n[[client_group]]\nname = \"adults\"\n",
		}, []string{
			`base.toml:63: team[0].client_group: unknown client group "older people"; known: "adults"`,
			`base.toml:81: team[1].client_group: unknown client group "older people"; known: "adults"`,
		}},
		{"syntax error in the parent names the parent", map[string]string{
			"child.toml": "extends = \"base.toml\"\n",
			"base.toml":  "name = \"b\"\n[run\n",
		}, []string{"base.toml:2:5: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"base.toml": base}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := writeFiles(t, files)
			_, err := Load(filepath.Join(dir, "child.toml"))
			if err != nil {
				var se *SyntaxError
				if errors.As(err, &se) {
					got := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator))
					if len(tt.want) != 1 || !strings.HasPrefix(got, tt.want[0]) {
						t.Errorf("got %q, want it to start %q", got, tt.want)
					}
					return
				}
			}
			got := problems(err)
			for i := range got {
				got[i] = strings.ReplaceAll(got[i], dir+string(filepath.Separator), "")
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got problems\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// problems returns the messages of the errors joined in err.
func problems(err error) []string {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, problems(e)...)
		}
		return out
	}
	return []string{err.Error()}
}

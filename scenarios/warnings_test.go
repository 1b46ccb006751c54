package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWarnings(t *testing.T) {
	data := readMinimal(t)
	data = strings.Replace(data, "status = 0.5\n", "", 1)
	data = strings.Replace(data, `integrates = "2004-01-05"`, `integrates = "2009-01-05"`, 1)
	data = strings.Replace(data, `{ profession = "social worker", employer = "county council" }`,
		`{ profession = "social worker", employer = "primary care trust", count = 0 }`, 1)
	data += "\n[[shock]]\nkind = \"budget-cut\"\ndate = 2003-06-01\norganisation = \"county council\"\n"
	dir := t.TempDir()
	file := filepath.Join(dir, "w.toml")
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := ResolveWith(file, []Override{{Path: "team[0].member[1].employer", Value: "primary care trust"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range s.Warnings() {
		got = append(got, w.Error())
	}
	want := []string{
		file + ":22: profession[1].status: left out",
		file + ":83: team[1].integrates: 2009-01-05 is on or after the run's end, 2004-03-30",
		file + ":84: team[1].member[1].count: 0 means 1 member",
		file + ":91: shock[0].date: 2005-04-01 is on or after the run's end",
		file + ":99: shock[1].organisation: budget cut on \"county council\", which employs no team member",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d warnings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d = %q, want it to start %q", i, got[i], want[i])
		}
	}
	for _, name := range Names() {
		s, err := ResolveWith(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if w := s.Warnings(); len(w) > 0 {
			t.Errorf("%s: embedded scenarios give no warnings, got %v", name, w)
		}
	}
}

func TestParameterRangeBlamesItsWriter(t *testing.T) {
	dir := t.TempDir()
	parent := filepath.Join(dir, "parent.toml")
	child := filepath.Join(dir, "child.toml")
	os.WriteFile(parent, []byte("extends = \"sedgefield\"\n\n[parameters]\ncontact_colocated = -5\n"), 0o644)
	os.WriteFile(child, []byte("extends = \"parent.toml\"\nname = \"child\"\n"), 0o644)
	_, err := ResolveWith(child, nil)
	if err == nil || !strings.HasPrefix(err.Error(), parent+":4: parameters.contact_colocated: -5 is out of range: must be between 0 and 1") {
		t.Errorf("parent's value: %v", err)
	}
	_, err = ResolveWith("sedgefield", []Override{{Path: "parameters.contact_colocated", Value: "2"}})
	if err == nil || !strings.HasPrefix(err.Error(), "--set parameters.contact_colocated=2: 2 is out of range") {
		t.Errorf("--set value: %v", err)
	}
}

package scenarios

import (
	"strings"
	"testing"
)

func TestStarter(t *testing.T) {
	for _, name := range []string{"demo", "my-area", "Area_2"} {
		t.Run(name, func(t *testing.T) {
			data, err := Starter(name)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			if first != "#:schema ./"+SchemaFile {
				t.Errorf("first line %q", first)
			}
			s, err := Parse(name+".toml", data)
			if err != nil {
				t.Fatalf("the starter does not validate:\n%v", err)
			}
			if s.Name != name {
				t.Errorf("name %q, want %q", s.Name, name)
			}
			if _, err := s.Build(); err != nil {
				t.Fatalf("the starter does not build: %v", err)
			}
			if !strings.Contains(string(data), "[A]") {
				t.Error("the starter marks no assumptions [A]")
			}
		})
	}
}

func TestStarterRefusesBadNames(t *testing.T) {
	for _, name := range []string{"", "my area", `a"b`, "-x", "a/b", "a.toml"} {
		t.Run(name, func(t *testing.T) {
			if _, err := Starter(name); err == nil || !strings.HasPrefix(err.Error(), "scenarios: ") {
				t.Errorf("Starter(%q) error %v, want a scenarios: error", name, err)
			}
		})
	}
}

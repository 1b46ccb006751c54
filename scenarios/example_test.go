package scenarios_test

import (
	"fmt"

	"github.com/joinedup/joinedup/scenarios"
)

func ExampleParse() {
	file := []byte(`name = "draft"

[run]
start = 2003-04-01

[[profession]]
name = "district nurse"
care_model = "medical"
meets = "health"
status = 1.2

[[organisation]]
name = "primary care trust"
kind = "nhs"
regime = "national-targets"

[[client_group]]
name = "older people"

[[team]]
name = "north"
client_group = "older people"
management = "single"
colocate = true

[[team.member]]
profession = "nurse"
employer = "primary care trust"
`)
	// Every problem is reported at once: the unknown key and the semantic
	// checks of everything else.
	_, err := scenarios.Parse("draft.toml", file)
	fmt.Println(err)
	// Output:
	// draft.toml:24: team[0].colocate: unknown key "colocate"; did you mean "colocated"?
	// draft.toml:10: profession[0].status: 1.2 is out of range: must be between 0 and 1
	// draft.toml:27: team[0].member[0].profession: unknown profession "nurse"; known: "district nurse"; did you mean "district nurse"?
}

func ExampleLoad() {
	s, err := scenarios.Load("testdata/minimal.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, "starts", s.Run.Start)
	for _, t := range s.Teams {
		fmt.Printf("team %s: %d member groups\n", t.Name, len(t.Members))
	}
	// Output:
	// minimal starts 2003-04-01
	// team north: 2 member groups
	// team south: 2 member groups
}

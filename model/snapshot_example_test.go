package model_test

import (
	"fmt"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// ExampleWorld_Snapshot looks at the pathway team of Sedgefield after a
// year: its posts by profession, and how far each person identifies with
// the team (a number from 0 to 1 that moves with the run).
func ExampleWorld_Snapshot() {
	sc, _ := scenarios.Embedded("sedgefield")
	cfg, _ := sc.Build()
	w, _ := model.New(cfg, sim.Replicate{Master: sc.Seed()})
	for t := sim.Tick(1); t <= 52; t++ {
		w.Schedule().ApplyDue(t, w.EventRand())
		w.Step(t)
	}
	var s model.TeamSnapshot // reused, later snapshots allocate nothing
	w.Snapshot(0, &s)
	fmt.Printf("%s at week %d: %d posts\n", s.Name, s.Week, len(s.People))
	posts := map[string]int{}
	for _, p := range s.People {
		posts[s.Professions[p.Profession]]++
		if !p.Vacant && (p.TeamID < 0 || p.TeamID > 1) {
			fmt.Println("identification out of range")
		}
	}
	fmt.Println(posts)
	// Output:
	// pathway team at week 52: 9 posts
	// map[district nurse:3 housing support officer:2 social worker:3 support worker:1]
}

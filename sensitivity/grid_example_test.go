package sensitivity_test

import (
	"fmt"

	"github.com/joinedup/joinedup/sensitivity"
)

// A design's points are unit coordinates; the caller maps each to its
// factor: a range with Factor.Value, a list of options with Level.
func ExampleGrid() {
	rate := sensitivity.Factor{Name: "rate", Min: 0.1, Max: 0.5}
	options := []string{"A", "B"}
	design, err := sensitivity.Grid{Levels: []int{3, len(options)}}.Design()
	if err != nil {
		panic(err)
	}
	for k := range design.Len() {
		u := design.Point(k)
		fmt.Printf("run %d: rate %.1f, option %s\n", k, rate.Value(u[0]), options[sensitivity.Level(u[1], len(options))])
	}
	// Output:
	// run 0: rate 0.1, option A
	// run 1: rate 0.1, option B
	// run 2: rate 0.3, option A
	// run 3: rate 0.3, option B
	// run 4: rate 0.5, option A
	// run 5: rate 0.5, option B
}

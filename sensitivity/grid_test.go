package sensitivity

import (
	"reflect"
	"strings"
	"testing"
)

func TestGrid(t *testing.T) {
	g := Grid{Levels: []int{2, 3, 1}}
	d, err := g.Design()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{0, 0, 0.5}, {0, 0.5, 0.5}, {0, 1, 0.5},
		{1, 0, 0.5}, {1, 0.5, 0.5}, {1, 1, 0.5},
	}
	if g.Len() != 6 || d.Len() != 6 || !reflect.DeepEqual(d.Rows(), want) {
		t.Errorf("grid %v, want %v", d.Rows(), want)
	}
	// Every combination of levels appears exactly once.
	g = Grid{Levels: []int{4, 5, 3}}
	d, _ = g.Design()
	seen := map[[3]int]int{}
	for _, x := range d.Rows() {
		seen[[3]int{Level(x[0], 4), Level(x[1], 5), Level(x[2], 3)}]++
	}
	if len(seen) != 60 {
		t.Errorf("%d distinct level combinations, want 60", len(seen))
	}
}

func TestGridErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    Grid
		want string
	}{
		{"no factors", Grid{}, "no factors"},
		{"zero levels", Grid{Levels: []int{3, 0}}, "factor 1 has 0 levels"},
		{"too big", Grid{Levels: []int{1 << 14, 1 << 14}}, "more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.g.Design()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sensitivity: ") {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

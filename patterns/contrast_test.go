package patterns

import (
	"strings"
	"testing"

	"github.com/joinedup/joinedup/scenarios"
)

// TestContrastRefusesStrayFields: arms that differ in anything but the
// declared factor are an error naming the field, and so are arms that do
// not differ at all.
func TestContrastRefusesStrayFields(t *testing.T) {
	c := &Contrast{Name: "co-location", Scenario: "sedgefield", Factor: Factor{Name: "co-location", Set: []Setting{{"team[*].colocated", "false"}}}}
	a, b, err := c.arms(nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.check(a, b)
	if err != nil || len(d) != len(a.Teams) {
		t.Fatalf("clean contrast: %v, %v", d, err)
	}
	b.Teams[1].Leadership = 0.3
	if _, err := c.check(a, b); err == nil || !strings.Contains(err.Error(), "team[1].leadership: 0.8 -> 0.3") {
		t.Errorf("a stray leadership change: %v", err)
	}
	b.Teams[1].Leadership = a.Teams[1].Leadership
	b.Shocks = append(b.Shocks, scenarios.Shock{Kind: "reorganisation", Date: shockDate, Organisation: "Sedgefield PCT"})
	if _, err := c.check(a, b); err == nil || !strings.Contains(err.Error(), `shock[0]: (absent) -> {kind = "reorganisation"`) {
		t.Errorf("a stray shock: %v", err)
	}
	if _, err := c.check(a, a); err == nil || !strings.Contains(err.Error(), "do not differ") {
		t.Errorf("identical arms: %v", err)
	}
	none := &Contrast{Name: "nothing", Scenario: "sedgefield", Factor: Factor{Name: "co-location", Set: []Setting{{"team[*].colocated", "true"}}}}
	if _, err := none.Diff(); err == nil {
		t.Error("a factor that changes nothing was accepted")
	}
}

func TestFactorPaths(t *testing.T) {
	sc, err := scenarios.Embedded("sedgefield")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"partnership.form", []string{"partnership.form"}},
		{`profession["district nurse"].status`, []string{"profession[1].status"}},
		{"team[*].member[0].count", []string{"team[0].member[0].count", "team[1].member[0].count", "team[2].member[0].count", "team[3].member[0].count", "team[4].member[0].count"}},
	} {
		got, err := expand(sc, tt.path)
		if err != nil || strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("expand(%s) = %v, %v; want %v", tt.path, got, err, tt.want)
		}
	}
	if _, err := expand(sc, `profession["surgeon"].status`); err == nil {
		t.Error("an unknown profession expanded")
	}
}

package plot

import (
	"testing"
	"time"
)

func TestNamesOfPerEntityMetrics(t *testing.T) {
	tests := []struct{ name, unit, title, label string }{
		{"team_identification", "0-1", "Team identification", "team_identification (0-1)"},
		{"cohesion[child development centre]", "0-1", "Cohesion: child development centre", "cohesion (0-1)"},
		{"performance[Sedgefield PCT]", "", "Performance: Sedgefield PCT", "performance"},
		{"Δ cohesion[north]", "0-1", "Δ cohesion: north", "Δ cohesion (0-1)"},
		{"odd[name", "", "Odd[name", "odd[name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := humanize(tt.name); got != tt.title {
				t.Errorf("humanize(%q) = %q, want %q", tt.name, got, tt.title)
			}
			if got := axisLabel(tt.name, tt.unit); got != tt.label {
				t.Errorf("axisLabel(%q, %q) = %q, want %q", tt.name, tt.unit, got, tt.label)
			}
		})
	}
}

func TestDescribedLabelsAndMarks(t *testing.T) {
	desc := map[string]string{
		"cohesion":              "team cohesion: mean over members of (team identification + trust)/2",
		"weeks_to_intervention": "mean weeks from referral to first intervention, over cases closed",
	}
	tests := []struct{ name, unit, want string }{
		{"cohesion", "0-1", "team cohesion (0-1)"},
		{"cohesion[north]", "0-1", "team cohesion (0-1)"},
		{"Δ cohesion", "0-1", "Δ team cohesion (0-1)"},
		{"weeks_to_intervention", "weeks", "mean weeks from referral… (weeks)"},
		{"trust", "0-1", "trust (0-1)"},
	}
	for _, tt := range tests {
		if got := describedLabel(tt.name, tt.unit, desc); got != tt.want {
			t.Errorf("describedLabel(%q) = %q, want %q", tt.name, got, tt.want)
		}
		if n := len([]rune(describedLabel(tt.name, tt.unit, desc))); n > maxLabel+2 {
			t.Errorf("%q: label of %d characters", tt.name, n)
		}
	}
	start := time.Date(2003, 4, 1, 0, 0, 0, 0, time.UTC)
	marks := []Mark{
		{Date: time.Date(2004, 10, 1, 0, 0, 0, 0, time.UTC), Label: "north integrates"},
		{Date: time.Date(2004, 10, 1, 0, 0, 0, 0, time.UTC), Label: "south integrates"},
		{Date: time.Date(2005, 4, 1, 0, 0, 0, 0, time.UTC), Label: "reorganisation (PCT)"},
		{Date: time.Date(2020, 4, 1, 0, 0, 0, 0, time.UTC), Label: "after the end"},
	}
	got := marksCaption(marks, start, AxisYears, 0, 5)
	want := "Dotted lines: 2004-10-01 north integrates, south integrates; 2005-04-01 reorganisation (PCT)."
	if got != want {
		t.Errorf("caption %q, want %q", got, want)
	}
	if x := markX(marks[2].Date, start, AxisYears); x < 1.99 || x > 2.01 {
		t.Errorf("2005-04-01 at %v years since 2003-04-01", x)
	}
}

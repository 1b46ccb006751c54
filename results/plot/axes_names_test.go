package plot

import "testing"

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

package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"colocated", "shared_records", "district nurse", "social worker", "cohesion", "trust_gain"}
	tests := []struct{ word, want string }{
		{"colocate", "colocated"},
		{"Colocated", "colocated"},
		{"nurse", "district nurse"},
		{"trust_gian", "trust_gain"},
		{"cohesoin", "cohesion"},
		{"zzz", ""},
		{"xylophone", ""},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := Closest(tt.word, known); got != tt.want {
				t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
	if got := DidYouMean("colocated", known); got != "" {
		t.Errorf("DidYouMean of a known word = %q, want none", got)
	}
	if got := DidYouMean("colocate", known); got != `; did you mean "colocated"?` {
		t.Errorf("DidYouMean = %q", got)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"Δx", "Δy", 1}, {"flaw", "lawn", 2}} {
		if got := Distance(tt.a, tt.b); got != tt.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

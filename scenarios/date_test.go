package scenarios

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestDateDecode(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the decoded date, or "" for an error
		err       string // a piece of the error
	}{
		{"TOML local date", "d = 2003-04-01", "2003-04-01", ""},
		{"string", `d = "2003-04-01"`, "2003-04-01", ""},
		{"integer", "d = 2003", "", "expected a date such as 2003-04-01, found integer 2003"},
		{"bad string", `d = "1 April 2003"`, "", `expected a date such as 2003-04-01, found "1 April 2003"`},
		{"date and time", "d = 2003-04-01T10:00:00", "", "expected a date such as 2003-04-01, found a date and time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct{ D Date }
			_, err := toml.Decode(tt.src, &v)
			if tt.want == "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %v (date %v), want an error containing %q", err, v.D, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := v.D.String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if v.D != NewDate(2003, time.April, 1) {
				t.Errorf("got %#v, want the same value as NewDate", v.D)
			}
		})
	}
}

func TestDateText(t *testing.T) {
	var zero Date
	if !zero.IsZero() || zero.String() != "" {
		t.Errorf("zero Date: IsZero %v, String %q", zero.IsZero(), zero.String())
	}
	b, err := NewDate(2004, time.January, 5).MarshalText()
	if err != nil || string(b) != "2004-01-05" {
		t.Errorf("MarshalText = %q, %v", b, err)
	}
	var d Date
	if err := d.UnmarshalText([]byte("2004-01-05")); err != nil || d != NewDate(2004, time.January, 5) {
		t.Errorf("UnmarshalText gave %v, %v", d, err)
	}
}

package results

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestMetricsCSVRoundTrip(t *testing.T) {
	cases := Metric{Name: "cases", Unit: "cases", Description: "open cases, counted \"weekly\""}
	wait := Metric{Name: "wait, mean", Unit: "weeks"}
	posts := Metric{Name: "joint_posts", Unit: "share", Description: "share of joint posts\nstill standing"}
	runs := []Meta{
		{Scenario: "a", Run: 0, Metrics: []Metric{cases, wait}},
		{Scenario: "b", Run: 1, Metrics: []Metric{wait, posts, cases}},
		{Scenario: "c", Run: 2},
	}
	var buf bytes.Buffer
	if err := WriteMetricsCSV(&buf, runs); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "name,unit,description\ncases,cases,") {
		t.Errorf("metrics.csv starts %q", buf.String()[:min(buf.Len(), 40)])
	}
	got, err := ReadMetricsCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Metric{cases, wait, posts}; !slices.Equal(got, want) {
		t.Errorf("read back %+v, want %+v (each name once, in order of first appearance)", got, want)
	}
}

func TestMergeMetricsDisagreement(t *testing.T) {
	tests := []struct {
		name string
		b    Metric
		want string
	}{
		{"unit", Metric{Name: "wait", Unit: "days", Description: "time to help"},
			`results: metric "wait" is "weeks" (time to help) in a but "days" (time to help) in b`},
		{"description", Metric{Name: "wait", Unit: "weeks", Description: "time to assessment"},
			`"weeks" (time to assessment) in b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := []Meta{
				{Scenario: "a", Metrics: []Metric{{Name: "wait", Unit: "weeks", Description: "time to help"}}},
				{Scenario: "b", Metrics: []Metric{tt.b}},
			}
			var buf bytes.Buffer
			err := WriteMetricsCSV(&buf, runs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %q despite the error", buf.String())
			}
		})
	}
}

func TestReadMetricsCSVErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "metrics.csv is empty; expected the header name,unit,description"},
		{"wrong header", "name,unit\n", "wrong number of fields"},
		{"renamed column", "metric,unit,description\n", `line 1: header "metric,unit,description"`},
		{"short row", "name,unit,description\ncases,cases\n", "wrong number of fields"},
		{"empty name", "name,unit,description\n,cases,x\n", "line 2: empty metric name"},
		{"twice", "name,unit,description\ncases,,\nwait,weeks,\ncases,cases,\n", `line 4: metric "cases" listed again (first on line 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadMetricsCSV(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "results: ") {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

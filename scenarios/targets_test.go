package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// TestTargetsFile checks the repository's targets file: it parses, every
// target resolves against its scenario, and the fit targets have scales.
func TestTargetsFile(t *testing.T) {
	f, err := LoadTargets("../calibration/targets.toml")
	if err != nil {
		t.Fatal(err)
	}
	all, err := f.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	fit, _ := f.Resolve("fit")
	if len(fit) == 0 || len(fit) >= len(all) {
		t.Fatalf("%d fit targets of %d", len(fit), len(all))
	}
	for _, r := range fit {
		if !(r.Scale > 0) || r.ToWeek <= r.FromWeek && r.Statistic == "mean" {
			t.Errorf("%s: scale %g, weeks %d-%d", r.ID, r.Scale, r.FromWeek, r.ToWeek)
		}
	}
	for _, r := range all {
		if r.ID == "bd-joint-post-ended-2003" && r.Value != 127 {
			t.Errorf("%s: observed week %g, want 127 (2003-09-01 from 2001-04-01)", r.ID, r.Value)
		}
	}
	if len(f.Unmatched) == 0 || f.Hash() == "" {
		t.Error("no unmatched figures or no hash")
	}
}

func TestTargetsErrors(t *testing.T) {
	good := `[[target]]
id = "x-1"
value = 0.2
tolerance = 0.1
use = "fit"
scenario = "sedgefield"
metric = "vacancy_rate"
statistic = "mean"
from = 2004-04-01
to = 2005-04-01
  [target.source]
  author = "A"
  year = 2020
  title = "T"
  link = "https://example.org"
  checked = "read"
`
	if _, err := ParseTargets("good.toml", []byte(good)); err != nil {
		t.Fatalf("good file: %v", err)
	}
	for _, c := range []struct {
		name, edit, with string
		want             []string
	}{
		{"unknown key", `use = "fit"`, "use = \"fit\"\ntolerence = 1", []string{"bad.toml:", "target[0].tolerence", `did you mean "tolerance"`}},
		{"bad metric", `"vacancy_rate"`, `"vacancy"`, []string{"bad.toml:7: target[0].metric", "vacancy_rate"}},
		{"bad scenario", `"sedgefield"`, `"sedgefeld"`, []string{"target[0].scenario", `did you mean "sedgefield"`}},
		{"no tolerance", "tolerance = 0.1\n", "", []string{"target[0].tolerance: a fit target needs"}},
		{"out of run", "to = 2005-04-01", "to = 2019-01-01", []string{"target[0].to: 2019-01-01 lies outside"}},
		{"bad use", `use = "fit"`, `use = "fits"`, []string{"target[0].use"}},
		{"no source link", `link = "https://example.org"`, `link = "somewhere"`, []string{"target[0].source.link"}},
		{"fit event", `statistic = "mean"`, "statistic = \"first-week-below\"\nthreshold = 0.5", []string{"target[0].use: a \"first-week-below\" target can only be a check", "target[0].value"}},
		{"syntax", `value = 0.2`, `value = = 0.2`, []string{"bad.toml:3:"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(good, c.edit, c.with, 1)
			_, err := ParseTargets("bad.toml", []byte(doc))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			var fe *FieldError
			var se *SyntaxError
			if !errors.As(err, &fe) && !errors.As(err, &se) {
				t.Errorf("error %T is neither a FieldError nor a SyntaxError", err)
			}
		})
	}
}

package scenarios

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSweepExamples(t *testing.T) {
	for _, f := range []string{"../docs/examples/sedgefield-sweep.toml", "../docs/examples/sedgefield-sobol.toml"} {
		s, err := LoadSweep(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if s.Base != "sedgefield" || len(s.Factors) < 2 || len(s.Outcomes) < 2 {
			t.Errorf("%s: decoded %+v", f, s)
		}
	}
	s, _ := LoadSweep("../docs/examples/sedgefield-sweep.toml")
	if got := s.Factors[1].Label(); got != "pathway leadership" {
		t.Errorf("factor 1 label %q", got)
	}
	if got := s.Outcomes[1].Label(); got != "weeks_to_intervention@104-156" {
		t.Errorf("outcome 1 label %q", got)
	}
	if got := s.Outcomes[0].Label(); got != "cohesion@156" {
		t.Errorf("outcome 0 label %q", got)
	}
}

func TestParseSweepErrors(t *testing.T) {
	const head = "base = \"sedgefield\"\n[design]\nkind = \"latin-hypercube\"\nsize = 8\n"
	const outcome = "[[outcome]]\nmetric = \"cohesion\"\nweek = 52\n"
	tests := []struct {
		name string
		text string
		want []string // substrings of the error, each in order of appearance
	}{
		{"unknown key with did-you-mean", head + "[[factor]]\npath = \"partnership.pace\"\nrole = \"lever\"\nmn = 0.1\nmax = 0.9\n" + outcome,
			[]string{`s.toml:8: factor[0].mn: unknown key "mn"; did you mean "min"?`}},
		{"unknown design", "base = \"sedgefield\"\n[design]\nkind = \"latin-hypercub\"\nsize = 8\n[[factor]]\npath = \"partnership.pace\"\nrole = \"lever\"\nmin = 0\nmax = 1\n" + outcome,
			[]string{`s.toml:3: design.kind: unknown design "latin-hypercub"`, `did you mean "latin-hypercube"?`}},
		{"role missing and range reversed", head + "[[factor]]\npath = \"partnership.pace\"\nmin = 0.9\nmax = 0.1\n" + outcome,
			[]string{`s.toml:5: factor[0].role: missing`, `s.toml:8: factor[0].max: max 0.1 is not above min 0.9`}},
		{"path and param", head + "[[factor]]\npath = \"partnership.pace\"\nparam = \"trust_gain\"\nrole = \"lever\"\nmin = 0\nmax = 1\n" + outcome,
			[]string{"factor[0]: give path or param, not both"}},
		{"unknown parameter", head + "[[factor]]\nparam = \"trust_gian\"\nrole = \"uncertainty\"\nmin = 0\nmax = 1\n" + outcome,
			[]string{`s.toml:6: factor[0].param: unknown model parameter "trust_gian"; did you mean "trust_gain"?`}},
		{"mixed levels", head + "[[factor]]\npath = \"partnership.targets\"\nrole = \"lever\"\nlevels = [\"joint\", 1]\n" + outcome,
			[]string{"factor[0].levels[1]: levels mix types"}},
		{"wrong type", head + "[[factor]]\npath = \"partnership.pace\"\nrole = \"lever\"\nmin = \"low\"\nmax = 1\n" + outcome,
			[]string{`s.toml:8: factor[0].min: expected a number, found string "low"`}},
		{"outcome without week", head + "[[factor]]\npath = \"partnership.pace\"\nrole = \"lever\"\nmin = 0\nmax = 1\n[[outcome]]\nmetric = \"cohesion\"\n",
			[]string{"outcome[0]: give week = N"}},
		{"normal needs sd", head + "[[factor]]\nparam = \"trust_gain\"\nrole = \"uncertainty\"\nmin = 0\nmax = 0.1\ndistribution = \"normal\"\nmean = 0.02\n" + outcome,
			[]string{"factor[0].sd: missing: a normal distribution needs sd"}},
		{"syntax", head + "[[factor]\n", []string{"s.toml:5:10: this table header is not closed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSweep("s.toml", []byte(tc.text))
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error\n%s\nlacks %q", msg, w)
				}
			}
			var fe *FieldError
			var se *SyntaxError
			if !errors.As(err, &fe) && !errors.As(err, &se) {
				t.Errorf("error is neither a FieldError nor a SyntaxError: %T", err)
			}
		})
	}
}

func TestSweepLevelText(t *testing.T) {
	s, err := ParseSweep("s.toml", []byte("base = \"sedgefield\"\n[design]\nkind = \"grid\"\n"+
		"[[factor]]\npath = \"partnership.targets\"\nrole = \"lever\"\nlevels = [\"joint\", \"sep\\\"arate\"]\n"+
		"[[factor]]\npath = \"team[0].colocated\"\nrole = \"lever\"\nlevels = [true, false]\n"+
		"[[factor]]\npath = \"partnership.pace\"\nrole = \"lever\"\nlevels = [0.5, 1]\n"+
		"[[outcome]]\nmetric = \"cohesion\"\nweek = 52\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{s.Factors[0].LevelText(1), s.Factors[1].LevelText(0), s.Factors[2].LevelText(1), s.Factors[2].LevelText(0)}
	want := []string{`"sep\"arate"`, "true", "1", "0.5"}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("level %d: %s, want %s", i, got[i], want[i])
		}
	}
}

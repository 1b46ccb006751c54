package model_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/calibration"
	"github.com/joinedup/joinedup/model"
)

var update = flag.Bool("update", false, "rewrite generated docs")

// oddPath is the ODD description, relative to the model package directory.
var oddPath = filepath.Join("..", "docs", "ODD.md")

// cell makes s safe inside a markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}

// screeningPath is the checked-in Morris screening of the Sedgefield
// scenario (effects.csv of `joinedup sensitivity`; see docs/ODD.md 7.14).
var screeningPath = filepath.Join("..", "docs", "sensitivity", "sedgefield-effects.csv")

// screenedOutcomes are the outcomes whose sensitivity the parameter table shows.
var screenedOutcomes = []string{"cohesion", "user_experience", "nhs_performance"}

type effect struct {
	muStar, mu float64
	rank       int
}

// readScreening reads effects.csv into effects by outcome and parameter.
func readScreening(t *testing.T) map[string]map[string]effect {
	t.Helper()
	f, err := os.Open(screeningPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "metric,parameter,mu,mu_star,sigma,n,rank" {
		t.Fatalf("%s: not an effects.csv of joinedup sensitivity", screeningPath)
	}
	out := map[string]map[string]effect{}
	for _, r := range rows[1:] {
		mu, _ := strconv.ParseFloat(r[2], 64)
		ms, _ := strconv.ParseFloat(r[3], 64)
		rank, _ := strconv.Atoi(r[6])
		if out[r[0]] == nil {
			out[r[0]] = map[string]effect{}
		}
		out[r[0]][r[1]] = effect{muStar: ms, mu: mu, rank: rank}
	}
	return out
}

// ensemblePath is the calibrated ensemble runs draw from (see
// docs/CALIBRATION.md).
var ensemblePath = filepath.Join("..", "calibration", "ensemble", "default", "ensemble.json")

// readPosteriors returns the 90% posterior interval of every parameter of
// the calibrated ensemble, by name.
func readPosteriors(t *testing.T) map[string][2]float64 {
	t.Helper()
	f, err := os.Open(ensemblePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := calibration.ReadEnsemble(f, ensemblePath)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][2]float64{}
	for _, s := range calibration.Summarise(e) {
		out[s.Name] = [2]float64{s.PostLo, s.PostHi}
	}
	return out
}

// paramTable renders model.ParamSpecs as a markdown table, with how runs
// set each parameter (drawn from the calibrated ensemble, with its 90%
// posterior interval, or fixed at the default) and its screened
// sensitivity: μ* (its sign when negative) and rank for the main outcomes.
func paramTable(scr map[string]map[string]effect, post map[string][2]float64) string {
	var b strings.Builder
	b.WriteString("| Name | Unit | Range | Default | Source | In runs |")
	for _, o := range screenedOutcomes {
		fmt.Fprintf(&b, " μ* %s (rank) |", strings.ReplaceAll(o, "_", " "))
	}
	b.WriteString("\n| --- | --- | --- | --- | --- | --- |" + strings.Repeat(" --- |", len(screenedOutcomes)) + "\n")
	for _, s := range model.ParamSpecs {
		use := "fixed at the default"
		if iv, ok := post[s.Name]; ok {
			use = fmt.Sprintf("drawn from the calibrated ensemble (90%%: %.3g to %.3g)", iv[0], iv[1])
		}
		fmt.Fprintf(&b, "| `%s` | %s | [%g, %g] | %g | %s | %s |",
			s.Name, cell(s.Unit), s.Min, s.Max, s.Default, cell(s.Source), use)
		for _, o := range screenedOutcomes {
			e, ok := scr[o][s.Name]
			switch {
			case !ok:
				b.WriteString(" not screened |")
			default:
				sign := ""
				if e.mu < 0 {
					sign = "−"
				}
				fmt.Fprintf(&b, " %s%.2g (%d) |", sign, e.muStar, e.rank)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// outcomeTable renders the observed metrics as a markdown table: the base
// metrics of every world, then the per-organisation and per-joint-post
// metrics and the optional per-team metrics, shown for a placeholder
// organisation, post and team.
func outcomeTable() string {
	var b strings.Builder
	b.WriteString("| Name | Unit | Definition |\n")
	b.WriteString("| --- | --- | --- |\n")
	row := func(m model.Metric) {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", m.Name, cell(m.Unit), cell(m.Description))
	}
	base := (&model.Config{}).Metrics()
	for _, m := range base {
		row(m)
	}
	placeholder := &model.Config{
		Organisations: []model.Organisation{{Name: "{organisation}"}},
		Partnership:   model.Partnership{JointPosts: []model.JointPost{{Name: "{post}"}}},
		Teams:         []model.Team{{Name: "{team}"}},
		TeamMetrics:   true,
	}
	for _, m := range placeholder.Metrics()[len(base):] {
		row(m)
	}
	b.WriteString("\nThe base metrics above are observed in every world, in this order. After them come\n")
	b.WriteString("`performance[...]` and `rating[...]` for each organisation in the scenario, in the\n")
	b.WriteString("order the organisations are listed, then `standing[...]` for each joint post and,\n")
	b.WriteString("when the per-team metrics are asked for (`joinedup run -teams`), the six `[{team}]`\n")
	b.WriteString("metrics for each team in the order the teams are listed.\n")
	return b.String()
}

// replaceGenerated replaces the text between the marker lines of the named
// generated section with body, and reports whether the markers were found.
func replaceGenerated(doc []byte, name, body string) ([]byte, bool) {
	begin := []byte("<!-- BEGIN GENERATED: " + name + " -->\n")
	end := []byte("<!-- END GENERATED: " + name + " -->")
	i := bytes.Index(doc, begin)
	if i < 0 {
		return doc, false
	}
	start := i + len(begin)
	j := bytes.Index(doc[start:], end)
	if j < 0 {
		return doc, false
	}
	var out bytes.Buffer
	out.Write(doc[:start])
	out.WriteString("\n" + body + "\n")
	out.Write(doc[start+j:])
	return out.Bytes(), true
}

// TestODDTablesCurrent checks that the parameter and outcome tables in
// docs/ODD.md are the ones the code generates; with -update it rewrites them.
func TestODDTablesCurrent(t *testing.T) {
	doc, err := os.ReadFile(oddPath)
	if err != nil {
		t.Fatal(err)
	}
	got := doc
	for _, sec := range []struct{ name, body string }{
		{"parameters", paramTable(readScreening(t), readPosteriors(t))},
		{"outcomes", outcomeTable()},
	} {
		var ok bool
		got, ok = replaceGenerated(got, sec.name, sec.body)
		if !ok {
			t.Fatalf("docs/ODD.md has no marker lines for the generated %s table", sec.name)
		}
	}
	if bytes.Equal(got, doc) {
		return
	}
	if *update {
		if err := os.WriteFile(oddPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the generated tables in %s", oddPath)
		return
	}
	t.Fatal("docs/ODD.md is stale: run go test ./model -run ODD -update")
}

// TestODDNamesEveryMechanism checks that the ODD description documents the
// switch of every submodel.
func TestODDNamesEveryMechanism(t *testing.T) {
	doc, err := os.ReadFile(oddPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range model.MechanismNames() {
		if !bytes.Contains(doc, []byte("`mechanisms."+name+"`")) {
			t.Errorf("docs/ODD.md does not document the switch `mechanisms.%s`", name)
		}
	}
}

// TestScreeningCoversEveryParameter keeps the checked-in screening in step
// with the parameters: a new parameter, or a renamed one, needs a new
// screening (see docs/ODD.md 7.14 for the command).
func TestScreeningCoversEveryParameter(t *testing.T) {
	scr := readScreening(t)
	for _, o := range screenedOutcomes {
		if len(scr[o]) != len(model.ParamSpecs) {
			t.Errorf("%s screens %d parameters for %s; the model has %d: rerun the screening", screeningPath, len(scr[o]), o, len(model.ParamSpecs))
		}
		for _, s := range model.ParamSpecs {
			if _, ok := scr[o][s.Name]; !ok {
				t.Errorf("%s: parameter %s not screened for %s: rerun the screening", screeningPath, s.Name, o)
			}
		}
	}
}

package scenarios

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/joinedup/joinedup/model"
)

// The -update flag rewrites generated files. It is registered here unless
// another test file of the package has registered it already.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite generated files")
	}
}

// updating reports whether -update was given.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var (
	schemaPath    = filepath.Join("..", "docs", "scenario.schema.json")
	referencePath = filepath.Join("..", "docs", "SCENARIOS.md")
	shocksPath    = filepath.Join("..", "model", "shocks.go")
)

// checkGenerated compares the file at path with want, rewriting it with -update.
func checkGenerated(t *testing.T, path string, want []byte, run string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if bytes.Equal(got, want) {
		return
	}
	if updating() {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", path)
		return
	}
	t.Fatalf("%s is stale: run go test ./scenarios -run %s -update", path, run)
}

func TestSchemaCurrent(t *testing.T) {
	want, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, schemaPath, want, "Schema")
}

func TestReferenceCurrent(t *testing.T) {
	want, err := reference(t)
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, referencePath, want, "Reference")
}

// loadSchema returns the generated schema, decoded.
func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	return s
}

// schemaCheck validates v, a TOML document decoded into map[string]any,
// against the draft-04 subset the generated schema uses: type, format
// "date", properties, additionalProperties false, required, enum, minimum,
// maximum, minItems, items and anyOf (met when one branch is; otherwise
// the last branch's errors are reported, the schema putting the fullest
// requirement last). Any other keyword is reported, so the
// schema cannot drift outside what this checks. TOML dates (time.Time)
// and strings YYYY-MM-DD satisfy format "date".
func schemaCheck(path string, v any, s map[string]any) []string {
	var errs []string
	bad := func(format string, args ...any) {
		errs = append(errs, path+": "+fmt.Sprintf(format, args...))
	}
	for k := range s {
		switch k {
		case "$schema", "title", "description", "default", "type", "format", "enum", "minimum", "maximum",
			"minItems", "items", "properties", "additionalProperties", "required", "anyOf":
		default:
			bad("keyword %q is outside the checked subset", k)
		}
	}
	if branches, ok := s["anyOf"].([]any); ok && len(branches) > 0 {
		var last []string
		for _, b := range branches {
			last = schemaCheck(path, v, b.(map[string]any))
			if len(last) == 0 {
				break
			}
		}
		errs = append(errs, last...)
	}
	typ, _ := s["type"].(string)
	switch typ {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			bad("expected a table, found %T", v)
			return errs
		}
		props, _ := s["properties"].(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					errs = append(errs, joinPath(path, k)+": unknown key")
				}
				continue
			}
			errs = append(errs, schemaCheck(joinPath(path, k), m[k], ps)...)
		}
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := m[r.(string)]; !ok {
				errs = append(errs, joinPath(path, r.(string))+": required key missing")
			}
		}
	case "array":
		var items []any
		switch a := v.(type) {
		case []any:
			items = a
		case []map[string]any:
			for _, m := range a {
				items = append(items, m)
			}
		default:
			bad("expected an array, found %T", v)
			return errs
		}
		if n, ok := s["minItems"].(float64); ok && float64(len(items)) < n {
			bad("%d items, fewer than %g", len(items), n)
		}
		is, _ := s["items"].(map[string]any)
		for i, it := range items {
			errs = append(errs, schemaCheck(indexPath(path, i), it, is)...)
		}
	case "string":
		str, isStr := v.(string)
		if s["format"] == "date" {
			switch d := v.(type) {
			case time.Time:
				if d.Location().String() != "date-local" {
					bad("expected a date, found a date and time")
				}
			case string:
				if _, err := time.Parse(dateLayout, d); err != nil {
					bad("expected a date, found %q", d)
				}
			default:
				bad("expected a date, found %T", v)
			}
			return errs
		}
		if !isStr {
			bad("expected a string, found %T", v)
			return errs
		}
		if enum, ok := s["enum"].([]any); ok {
			found := false
			for _, e := range enum {
				found = found || e == str
			}
			if !found {
				bad("%q is not one of %v", str, enum)
			}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("expected true or false, found %T", v)
		}
	case "integer", "number":
		var x float64
		switch n := v.(type) {
		case int64:
			x = float64(n)
		case float64:
			if typ == "integer" {
				bad("expected an integer, found %v", n)
				return errs
			}
			x = n
		default:
			bad("expected a number, found %T", v)
			return errs
		}
		if lo, ok := s["minimum"].(float64); ok && x < lo {
			bad("%v is below the minimum %v", x, lo)
		}
		if hi, ok := s["maximum"].(float64); ok && x > hi {
			bad("%v is above the maximum %v", x, hi)
		}
	default:
		bad("schema has no known type: %v", s["type"])
	}
	return errs
}

// decodeTOML decodes a scenario file generically, as editors see it.
func decodeTOML(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSchemaAcceptsValidScenarios checks every embedded library file, the
// starter and the test fixture against the generated schema: a schema that
// rejects a valid scenario would mislead every editor using it.
func TestSchemaAcceptsValidScenarios(t *testing.T) {
	s := loadSchema(t)
	files := map[string][]byte{}
	for _, name := range Names() {
		data, err := Raw(name)
		if err != nil {
			t.Fatal(err)
		}
		files["library/"+name] = data
	}
	if len(files) == 0 {
		t.Fatal("the embedded library is empty")
	}
	starter, err := Starter("demo")
	if err != nil {
		t.Fatal(err)
	}
	files["starter"] = starter
	minimal, err := os.ReadFile(filepath.Join("testdata", "minimal.toml"))
	if err != nil {
		t.Fatal(err)
	}
	files["testdata/minimal"] = minimal
	// Files that extend another may leave out what the parent gives, even
	// keys the parent's tables require.
	files["extends, a run table with no start"] = []byte("extends = \"sedgefield\"\nname = \"shorter\"\n\n[run]\nweeks = 52\n")
	files["extends, nothing else"] = []byte("extends = \"usual-care\"\n")
	child, err := os.ReadFile(filepath.Join("testdata", "extends-child.toml"))
	if err != nil {
		t.Fatal(err)
	}
	files["testdata/extends-child"] = child
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			for _, e := range schemaCheck("", decodeTOML(t, data), s) {
				t.Error(e)
			}
		})
	}
}

// TestSchemaRejectsInvalidScenarios breaks the starter one way at a time
// and checks that both the schema and Validate reject it, at the same path:
// the schema's ranges, words and required keys are the validator's.
func TestSchemaRejectsInvalidScenarios(t *testing.T) {
	s := loadSchema(t)
	base, err := Starter("demo")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, old, new, path string
	}{
		{"unit range", "status = 0.6 ", "status = 1.6 ", "profession[0].status"},
		{"negative cost", "weekly_cost = 850", "weekly_cost = -1", "profession[0].weekly_cost"},
		{"weeks above maximum", "weeks = 156", "weeks = 99999", "run.weeks"},
		{"rating month", "rating_month = 7 ", "rating_month = 13 ", "organisation[0].rating_month"},
		{"unknown word", `kind = "nhs"`, `kind = "hospital"`, "organisation[0].kind"},
		{"unknown shock kind", `kind = "budget-cut"`, `kind = "budget-rise"`, "shock[0].kind"},
		{"missing required word", `care_model = "medical"` + "\n", "\n", "profession[0].care_model"},
		{"missing run start", "start = 2024-04-01", "", "run.start"},
		{"missing name", "\nname = \"demo\"", "\n", "name"},
		{"negative count", "count = 4 ", "count = -4 ", "team[0].member[0].count"},
		{"unknown parameter", "# [parameters]\n# turnover", "[parameters]\nturnovr", "parameters.turnovr"},
		{"date with a time", "date = 2025-04-01 ", "date = 2025-04-01T10:00:00 ", "shock[0].date"},
		{"string for a number", "leadership = 0.6 ", `leadership = "high" `, "team[0].leadership"},
		{"unknown key", "shared_records = false", "shared_record = false", "team[0].shared_record"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(base, []byte(tc.old)) {
				t.Fatalf("the starter has no %q", tc.old)
			}
			data := bytes.Replace(base, []byte(tc.old), []byte(tc.new), 1)
			errs := schemaCheck("", decodeTOML(t, data), s)
			if len(errs) == 0 {
				t.Errorf("the schema accepts %s", tc.new)
			}
			for _, e := range errs {
				if !strings.HasPrefix(e, tc.path+": ") {
					t.Errorf("schema error at the wrong path (want %s): %s", tc.path, e)
				}
			}
			_, err := Parse("x.toml", data)
			if err == nil || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("Parse error does not name %s: %v", tc.path, err)
			}
		})
	}
}

// TestSchemaCoversModel checks the parts of the schema taken from the
// model: every mechanism switch and every parameter with its range.
func TestSchemaCoversModel(t *testing.T) {
	props := loadSchema(t)["properties"].(map[string]any)
	mech := props["mechanisms"].(map[string]any)["properties"].(map[string]any)
	for _, name := range model.MechanismNames() {
		if _, ok := mech[name]; !ok {
			t.Errorf("mechanisms.%s is not in the schema", name)
		}
	}
	if len(mech) != len(model.MechanismNames()) {
		t.Errorf("the schema has %d mechanism switches, the model %d", len(mech), len(model.MechanismNames()))
	}
	params := props["parameters"].(map[string]any)
	if params["additionalProperties"] != false {
		t.Error("[parameters] accepts unknown names")
	}
	pp := params["properties"].(map[string]any)
	for _, spec := range model.ParamSpecs {
		p, ok := pp[spec.Name].(map[string]any)
		if !ok {
			t.Errorf("parameters.%s is not in the schema", spec.Name)
			continue
		}
		if p["minimum"] != spec.Min || p["maximum"] != spec.Max || p["default"] != spec.Default {
			t.Errorf("parameters.%s: schema range [%v, %v] default %v, model [%v, %v] default %v",
				spec.Name, p["minimum"], p["maximum"], p["default"], spec.Min, spec.Max, spec.Default)
		}
	}
}

// TestSchemaDefaultsValid checks that every default in the schema satisfies
// its own field's schema.
func TestSchemaDefaultsValid(t *testing.T) {
	var walk func(path string, s map[string]any)
	n := 0
	walk = func(path string, s map[string]any) {
		if d, ok := s["default"]; ok {
			n++
			if f, ok := d.(float64); ok && f == math.Trunc(f) && s["type"] == "integer" {
				d = int64(f)
			}
			for _, e := range schemaCheck(path, d, s) {
				t.Errorf("default: %s", e)
			}
		}
		if props, ok := s["properties"].(map[string]any); ok {
			for k, p := range props {
				walk(joinPath(path, k), p.(map[string]any))
			}
		}
		if it, ok := s["items"].(map[string]any); ok {
			walk(path+"[]", it)
		}
	}
	walk("", loadSchema(t))
	if n < len(model.ParamSpecs) {
		t.Errorf("only %d defaults in the schema", n)
	}
}

// shockDocs returns the descriptions of the shock kinds: the bullet list in
// the doc comment of model/shocks.go's schedule method, one entry a bullet.
func shockDocs(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), shocksPath, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, cg := range f.Comments {
		if text := cg.Text(); strings.Contains(text, "Reform shocks and policy events") {
			doc = text
		}
	}
	if doc == "" {
		t.Fatalf("%s has no comment starting \"Reform shocks and policy events\" to take the shock kinds from", shocksPath)
	}
	var bullets []string
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "- "):
			bullets = append(bullets, strings.TrimPrefix(line, "- "))
		case line != "" && len(bullets) > 0:
			bullets[len(bullets)-1] += " " + line
		}
	}
	return bullets
}

func TestShockDocsNameEveryKind(t *testing.T) {
	bullets := shockDocs(t)
	for _, kind := range shockKinds {
		found := false
		for _, b := range bullets {
			head, _, _ := strings.Cut(b, ":")
			found = found || strings.Contains(head, kind)
		}
		if !found {
			t.Errorf("no description of shock kind %q in %s", kind, shocksPath)
		}
	}
}

// cell makes s safe inside a markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// ruleText describes a field's rule for the reference.
func ruleText(fd fieldDoc) string {
	var parts []string
	r := fd.Rule
	if isRequired(fd) && (r == nil || r.minItems == 0) {
		parts = append(parts, "**required**")
	}
	if r != nil {
		if len(r.words) > 0 {
			parts = append(parts, "`"+strings.Join(r.words, "`, `")+"`")
		}
		switch {
		case r.hasMax():
			parts = append(parts, fmt.Sprintf("%g to %g", r.lo, r.hi))
		case r.ranged:
			parts = append(parts, fmt.Sprintf("%g or more", r.lo))
		}
		if r.minItems == 1 {
			parts = append(parts, "**at least one**")
		} else if r.minItems > 1 {
			parts = append(parts, fmt.Sprintf("**at least %d**", r.minItems))
		}
	}
	return strings.Join(parts, "; ")
}

// tableHeading is the way a table is written in a file: [run], [[team]].
func tableHeading(fd fieldDoc) string {
	if fd.List {
		return "[[" + fd.Path + "]]"
	}
	return "[" + fd.Path + "]"
}

// writeKeys writes the markdown table of the plain keys among fields.
func writeKeys(b *strings.Builder, fields []fieldDoc) {
	b.WriteString("| key | type | range or allowed words | default | meaning |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for _, fd := range fields {
		if fd.Table {
			continue
		}
		def := fd.Default
		if def != "" {
			def = "`" + def + "`"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", fd.Key, fd.Type, cell(ruleText(fd)), cell(def), cell(fd.Doc))
	}
}

// writeTables writes a section for each table among fields, depth first.
func writeTables(b *strings.Builder, fields []fieldDoc) {
	for _, fd := range fields {
		if !fd.Table || fd.Key == "parameters" {
			continue
		}
		fmt.Fprintf(b, "\n## `%s`\n\n%s", tableHeading(fd), fd.Doc)
		if rt := ruleText(fd); rt != "" {
			fmt.Fprintf(b, " (%s)", rt)
		}
		b.WriteString("\n\n")
		writeKeys(b, fd.Fields)
		if fd.Key == "shock" {
			b.WriteString("\nWhat each kind does (from the model's source, `model/shocks.go`):\n\n")
			for _, s := range shockDocsCache {
				fmt.Fprintf(b, "- %s\n", s)
			}
		}
		writeTables(b, fd.Fields)
	}
}

// shockDocsCache holds shockDocs for writeTables.
var shockDocsCache []string

// reference renders docs/SCENARIOS.md.
func reference(t *testing.T) ([]byte, error) {
	fields, err := catalogue()
	if err != nil {
		return nil, err
	}
	shockDocsCache = shockDocs(t)
	starter, err := Starter("my-area")
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(`<!-- Generated from scenarios/schema.go, scenarios/validate.go and the model by
     go test ./scenarios -run Reference -update; do not edit by hand. -->

# Scenario reference

A scenario is one TOML file in the words of the domain: professions,
organisations, the partnership between them, client groups, front-line teams,
reform shocks and run settings. ` + "`joinedup init NAME`" + ` writes a commented
starter; ` + "`joinedup validate FILE`" + ` checks a file and names every problem
with its line and field path.

Editors that read a ` + "`#:schema`" + ` comment on a file's first line (Taplo, the
Even Better TOML extension for VS Code) check keys and values as you type and
show each key's meaning, using the JSON Schema
[docs/scenario.schema.json](scenario.schema.json):

    #:schema ./` + SchemaFile + `

The path is relative to the scenario file. ` + "`joinedup init`" + ` writes the schema
there, beside the starter, so it works offline and matches the joinedup that
wrote it; for a scenario elsewhere, copy the schema beside it or write the
path to this repository's docs/scenario.schema.json. A file that extends
another need not give the keys its parent gives: the schema requires the
sections and keys below only of a file with no ` + "`extends`" + `.

Keys left out take their zero value: the **default** column gives what a left-out
key means when that is not zero or empty. Ranges are inclusive. Names link the
parts together: a team names its client group, a team member names a profession
and an employing organisation, a shock names the organisation, team or joint
post it hits.

## Building on another scenario: ` + "`extends`" + `

` + "`extends = \"name-or-path\"`" + ` at the top of a file builds on another scenario: the
name of an embedded scenario (see ` + "`joinedup list`" + `) or the path of a .toml file,
relative to the extending file's folder. Tables merge key by key, with the
extending file's keys winning; any other value, including a list of tables such
as ` + "`[[team]]`" + `, replaces the parent's whole.

A file named in ` + "`extends`" + ` must lie in the folder joinedup runs in or below it
(or, for a scenario outside that folder, in the scenario's own folder or below
it); absolute paths are refused. A scenario passed on by someone else can then
not make joinedup read, and quote in its messages, files elsewhere on the
machine, such as credentials; copy a shared parent into your scenarios' folder
tree. For the same reason a syntax error in a file that is extended gives its
line and column but not the text of the line.

## Limits

So that no file can exhaust memory or time, loading refuses before decoding a
file larger than 1 MiB, or one with arrays or inline tables nested more than 32
deep (a scenario needs 3), and anything that is not a regular file (a device
such as /dev/zero, a pipe). A name (of the scenario, a profession, a team and
so on) may be at most 100 bytes, since names repeat on every row of the
results; a description, source or note at most 4096 bytes. A file with many
problems reports the first 50 and a count of the rest. A value of the wrong
type is reported and left out, and the rest of the file is still checked, so
one run of ` + "`joinedup validate`" + ` shows every problem. Every count and rate has
an upper bound (the tables below give each), and the command line's -weeks and
-n obey the same limits as run.weeks and run.replicates; how much of the
machine a run will need is judged before it starts (see the README, "What
happens when things go wrong").

A value out of range among ` + "`[parameters]`" + ` is blamed on what wrote it: the
file and line, the scenario it extends, or the ` + "`--set`" + ` that gave it.

## Warnings

` + "`joinedup validate`" + ` also prints, headed ` + "`warning:`" + `, what a file may say but
probably does not mean (and ` + "`run`" + ` and ` + "`compare`" + ` print the same before they start,
judged against the file's own run.weeks); the scenario still passes: a profession's ` + "`status`" + ` or
` + "`weekly_cost`" + ` left out (so 0), a member's ` + "`count`" + ` left out or 0 (so 1), a
shock or a team's ` + "`integrates`" + ` dated on or after the run's end (so it never
happens), and a budget cut on an organisation that employs no team member (so
it reaches no one). Values written in an embedded scenario are not warned
about.

## Changing one value from the command line: ` + "`--set`" + `

` + "`--set path=value`" + ` overrides one field for one run without editing the file,
for example ` + "`--set run.weeks=104`" + ` or ` + "`--set 'team[0].leadership=0.8'`" + `; ` + "`[*]`" + `
stands for every entry of a list, so ` + "`--set 'team[*].colocated=false'`" + ` sets
every team's co-location. The value is
read as TOML, so it keeps its type: numbers, ` + "`true`" + `/` + "`false`" + `, dates such as
2004-04-01 and quoted strings. The result is validated like a file.

## Top level

`)
	writeKeys(&b, fields)
	writeTables(&b, fields)

	b.WriteString(`
## What the words do, and what the vocabulary leaves out

- ` + "`partnership.form`" + `: every form weighs on management attention and governance
  conflict by its structural scope. ` + "`pooled-budget`" + ` also pools the partners' money
  (as ` + "`budgets = \"pooled\"`" + `): one pot, shared overspends, no cost shunting.
  ` + "`care-trust`" + ` puts social care under NHS governance: the council staff in the
  teams are employed by the trust (the first NHS organisation staffing a team),
  so they answer to its national targets, budget and line management.
- ` + "`organisation.kind = \"voluntary\"`" + `: a voluntary organisation employs and pays its
  staff and is measured on its activity against its contract; it is not rated
  and feels no pull toward national or local targets.
- GPs referring: referrals arrive at each team as a Poisson stream with the team's
  mean (` + "`team.referrals`" + `); how GPs decide to refer is not modelled, so there is no
  key for it. A GP can be a profession in a team, contributing to cases.
- Service users' involvement: not modelled, so there is no key for it; the users and
  carers on Sedgefield's partnership board are part of
  ` + "`partnership.change.leadership`" + ` only as that board surfaces conflict and supports
  the teams.
- Shocks that act through money and activity: ` + "`budget-cut`" + ` (the budget falls, the
  organisation overspends and financial pressure squeezes its capacity),
  ` + "`discharge-fines`" + ` (the council pays the NHS body for each day of delayed transfer),
  ` + "`performance-funding`" + ` (a share of each rated organisation's budget follows its
  rating), ` + "`choice-competition`" + ` (users leave teams with long waits; an NHS body's
  budget follows its activity). See docs/ODD.md, section 7.12.
`)
	b.WriteString("\n## `[parameters]`\n\n")
	b.WriteString("Overrides the model's behavioural coefficients by name. Each is described in the\n")
	b.WriteString("ODD description ([docs/ODD.md](ODD.md)); values outside the range are refused.\n")
	b.WriteString("Runs draw `turnover`, `vacancy_weeks`, `stress_rate` and `stress_capacity_loss`\n")
	b.WriteString("for each replicate from the calibrated ensemble (docs/CALIBRATION.md); a value set\n")
	b.WriteString("here, or by `-set parameters.NAME=VALUE`, is kept in every replicate instead.\n\n")
	b.WriteString("| key | unit | range | default | source |\n| --- | --- | --- | --- | --- |\n")
	for _, s := range model.ParamSpecs {
		fmt.Fprintf(&b, "| `%s` | %s | %g to %g | `%g` | %s |\n", s.Name, cell(s.Unit), s.Min, s.Max, s.Default, cell(s.Source))
	}

	b.WriteString("\n## Example\n\nThe starter that `joinedup init my-area` writes:\n\n```toml\n")
	b.Write(starter)
	b.WriteString("```\n")
	return []byte(b.String()), nil
}

package scenarios

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/joinedup/joinedup/model"
)

// This file describes the scenario format for editors and readers: a JSON
// Schema (draft-04, the draft Taplo and Even Better TOML read from a
// "#:schema" comment) and the field catalogue behind the scenario reference
// (docs/SCENARIOS.md). Both come from three sources kept in one place each:
//
//   - the toml tags of the types in schema.go give the keys and types;
//   - the doc comments in schema.go, embedded below and parsed with
//     go/parser, give each key's meaning and its default ("0 means 260");
//   - the validator's own checks give ranges, allowed words and required
//     keys: fieldRules runs Validate on a probe scenario and records the
//     rule each check applies (see checker.rule).
//
// Parsing at run time (rather than in a generator) means JSONSchema works
// in any binary, with no build step, and can never disagree with the code.

// schemaSource is schema.go itself: the doc comments are the field docs.
//
//go:embed schema.go
var schemaSource string

// SchemaFile is the name of the JSON schema file that starter scenarios
// name in their first line, "#:schema ./scenario.schema.json": a path
// relative to the scenario, so the schema is found offline and always
// matches the joinedup that wrote it. joinedup init writes the file beside
// the scenario; docs/scenario.schema.json is the same file.
const SchemaFile = "scenario.schema.json"

// fieldRule is what Validate requires of one field, found by fieldRules.
// The zero rule (and a nil *fieldRule) requires nothing.
type fieldRule struct {
	required bool
	ranged   bool
	lo, hi   float64 // when ranged; hi may be +Inf or math.MaxInt
	words    []string
	minItems int
}

func (r *fieldRule) setRequired() {
	if r != nil {
		r.required = true
	}
}

func (r *fieldRule) setRange(lo, hi float64) {
	if r != nil {
		r.ranged, r.lo, r.hi = true, lo, hi
	}
}

func (r *fieldRule) setWords(words []string) {
	if r != nil {
		r.words = words
	}
}

func (r *fieldRule) setMinItems(n int) {
	if r != nil {
		r.minItems = n
	}
}

// hasMax reports whether the rule sets a finite upper bound.
func (r *fieldRule) hasMax() bool {
	return r.ranged && !math.IsInf(r.hi, 1) && r.hi < float64(math.MaxInt)
}

// listIndex matches the list indexes in a field path.
var listIndex = regexp.MustCompile(`\[\d+\]`)

// rule returns the rule to record for the field at path (list indexes
// dropped: "team[0].member[1].count" is "team.member.count"), or nil when
// the checker is not recording.
func (c *checker) rule(path string) *fieldRule {
	if c.rules == nil {
		return nil
	}
	key := listIndex.ReplaceAllString(path, "")
	r := c.rules[key]
	if r == nil {
		r = &fieldRule{}
		c.rules[key] = r
	}
	return r
}

// fieldRules runs the validator on a probe scenario, in which every list
// of tables has one empty entry, and returns the rule each check applied,
// by field path without indexes. The probe's shock is given a hazard, so
// that its date is not taken for required (a shock has a date or a hazard).
func fieldRules() map[string]*fieldRule {
	var s Scenario
	fillLists(reflect.ValueOf(&s).Elem())
	s.Shocks[0].Hazard = 0.5
	c := &checker{rules: map[string]*fieldRule{}}
	s.checkWith(c)
	return c.rules
}

// fillLists gives every list of structs reachable from v one zero entry.
func fillLists(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch {
		case f.Kind() == reflect.Struct && f.Type() != dateType:
			fillLists(f)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
			fillLists(f.Index(0))
		}
	}
}

// fieldDoc is the documentation of one key.
type fieldDoc struct {
	Path     string     // the key's path without indexes, e.g. "team.member.count"
	Key      string     // the toml key
	Type     string     // "string", "number", "integer", "boolean", "date", "list of strings", "table", "list of tables"
	Doc      string     // the meaning, from the doc comment, in the file's words
	Default  string     // the value used when the key is left out, or ""
	Rule     *fieldRule // what Validate requires, or nil
	Fields   []fieldDoc // a table's keys
	Table    bool       // a table ([name]) or list of tables ([[name]])
	List     bool       // a list
	GoType   reflect.Type
	goStruct string // the struct type's name, for a table
}

// catalogue returns the keys of a scenario file, in file order, with their
// documentation and rules.
func catalogue() ([]fieldDoc, error) {
	docs, err := parseDocs(schemaSource)
	if err != nil {
		return nil, err
	}
	return tableFields("", scenarioType, docs, fieldRules()), nil
}

// goDocs are the doc comments of schema.go: by type, the type's own doc
// (key "") and each field's.
type goDocs map[string]map[string]string

// parseDocs reads the doc comments of the struct types in src. A field
// with no comment of its own, declared after a comment naming several
// fields ("Health, Social and Housing are ..."), shares that comment.
func parseDocs(src string) (goDocs, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "schema.go", src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("scenarios: parsing schema.go: %w", err)
	}
	docs := goDocs{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, sp := range gd.Specs {
			ts := sp.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			m := map[string]string{}
			doc := ts.Doc
			if doc == nil && len(gd.Specs) == 1 {
				doc = gd.Doc
			}
			m[""] = oneLine(doc.Text())
			shared := ""
			for _, fl := range st.Fields.List {
				text := oneLine(fl.Doc.Text())
				for _, n := range fl.Names {
					switch {
					case text != "":
						m[n.Name] = text
						shared = text
					case strings.Contains(firstClause(shared), n.Name):
						m[n.Name] = shared
					}
				}
				if text == "" && len(fl.Names) > 0 && !strings.Contains(firstClause(shared), fl.Names[0].Name) {
					shared = ""
				}
			}
			docs[ts.Name.Name] = m
		}
	}
	return docs, nil
}

// oneLine joins the lines of a comment.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// firstClause is the text before the first " is " or " are ".
func firstClause(s string) string {
	for _, sep := range []string{" are ", " is "} {
		if i := strings.Index(s, sep); i >= 0 {
			return s[:i]
		}
	}
	return ""
}

// tableFields documents the keys of struct type t at path.
func tableFields(path string, t reflect.Type, docs goDocs, rules map[string]*fieldRule) []fieldDoc {
	names := map[string]string{} // Go field name → toml key
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if key, _, _ := strings.Cut(sf.Tag.Get("toml"), ","); sf.IsExported() && key != "" && key != "-" {
			names[sf.Name] = key
		}
	}
	var out []fieldDoc
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		key, ok := names[sf.Name]
		if !ok {
			continue
		}
		p := joinPath(path, key)
		fd := fieldDoc{Path: p, Key: key, Rule: rules[p], GoType: sf.Type}
		fd.Doc = userWords(sf.Name, docs[t.Name()][sf.Name], names)
		ft := sf.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
			fd.List, ft = true, ft.Elem()
		}
		switch {
		case ft == dateType:
			fd.Type = "date"
		case ft.Kind() == reflect.Struct:
			fd.Table, fd.goStruct = true, ft.Name()
			if fd.Doc == "" {
				fd.Doc = userWords(ft.Name(), docs[ft.Name()][""], nil)
			}
			fd.Fields = tableFields(p, ft, docs, rules)
			fd.Type = "table"
			if fd.List {
				fd.Type = "list of tables"
			}
		case ft.Kind() == reflect.Slice:
			fd.List, fd.Type = true, "list of "+jsonType(ft.Elem())+"s"
		case ft.Kind() == reflect.Map:
			fd.Table, fd.Type = true, "table"
		case ft.Kind() == reflect.Pointer:
			fd.Type = jsonType(ft.Elem())
		default:
			fd.Type = jsonType(ft)
		}
		if t.Name() == "Mechanisms" {
			fd.Doc, fd.Default = mechanismDoc(key), "true"
		} else {
			fd.Default = defaultOf(fd)
		}
		out = append(out, fd)
	}
	return out
}

// mechanismDoc describes the switch of the submodel called key.
func mechanismDoc(key string) string {
	for i, n := range model.MechanismNames() {
		if n == key {
			return fmt.Sprintf("Mechanism %d (%s): false switches this submodel off; on when left out. See the ODD description.", i+1, strings.ReplaceAll(key, "_", " "))
		}
	}
	return "Switches a submodel off when false."
}

// jsonType names a scalar Go type's JSON schema type.
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64, reflect.Uint64:
		return "integer"
	case reflect.Float64:
		return "number"
	}
	panic("scenarios: no JSON schema type for " + t.String())
}

// defaultIs finds the value a doc comment gives for a key left out.
var defaultIs = regexp.MustCompile(`(?:\b0|[Ee]mpty) means ([^\s,;()]+)`)

// defaultOf returns the default a field's doc states, if it is a value the
// field can hold: a number for a number, an allowed word for a string.
func defaultOf(fd fieldDoc) string {
	m := defaultIs.FindStringSubmatch(fd.Doc)
	if m == nil {
		return ""
	}
	v := strings.TrimSuffix(m[1], ".")
	switch fd.Type {
	case "number", "integer":
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return v
		}
	case "string":
		if fd.Rule != nil {
			for _, w := range fd.Rule.words {
				if w == v {
					return v
				}
			}
		}
	}
	return ""
}

// userWords turns a Go doc comment about the field goName into the words
// of a scenario file: "Weeks is the number ..." becomes "The number ...",
// "Colocated: members ..." becomes "Members ...", and the Go names of
// sibling fields become their keys ("`hazard`").
func userWords(goName, doc string, keys map[string]string) string {
	if doc == "" {
		return ""
	}
	rest, ok := strings.CutPrefix(doc, goName)
	if !ok {
		rest = doc
	}
	for g, k := range keys {
		rest = replaceWord(rest, g, "`"+k+"`")
	}
	switch {
	case !ok:
		return rest
	case strings.HasPrefix(rest, ": "):
		return capitalise(rest[2:])
	case strings.HasPrefix(rest, " is ") || strings.HasPrefix(rest, " are "):
		_, after, _ := strings.Cut(rest[1:], " ")
		return capitalise(after)
	}
	if k, ok := keys[goName]; ok {
		return "`" + k + "`" + rest
	}
	return capitalise(strings.TrimSpace(rest))
}

// replaceWord replaces whole-word occurrences of old in s.
func replaceWord(s, old, repl string) string {
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(old) + `\b`)
	return re.ReplaceAllString(s, repl)
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// schemaNode is one draft-04 JSON schema, its keys written in this order.
type schemaNode struct {
	Schema               string        `json:"$schema,omitempty"`
	Title                string        `json:"title,omitempty"`
	Description          string        `json:"description,omitempty"`
	Type                 string        `json:"type,omitempty"`
	Format               string        `json:"format,omitempty"`
	Enum                 []string      `json:"enum,omitempty"`
	Minimum              *float64      `json:"minimum,omitempty"`
	Maximum              *float64      `json:"maximum,omitempty"`
	Default              any           `json:"default,omitempty"`
	MinItems             *int          `json:"minItems,omitempty"`
	Items                *schemaNode   `json:"items,omitempty"`
	Properties           orderedProps  `json:"properties,omitempty"`
	AdditionalProperties any           `json:"additionalProperties,omitempty"`
	Required             []string      `json:"required,omitempty"`
	AnyOf                []*schemaNode `json:"anyOf,omitempty"`
}

// orderedProps are the properties of an object, kept in file order.
type orderedProps []namedNode

type namedNode struct {
	name string
	node *schemaNode
}

func (p orderedProps) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, nn := range p {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(nn.name)
		v, err := json.Marshal(nn.node)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// JSONSchema returns the JSON Schema (draft-04) of a scenario file, for
// editors that read a "#:schema" comment (Taplo, Even Better TOML). It is
// generated from the schema types, their doc comments and the validator's
// checks; docs/scenario.schema.json holds a copy, kept equal by a test.
// Dates are strings of format "date": Taplo checks a TOML local date
// (2003-04-01) against that format, as well as a quoted one.
func JSONSchema() ([]byte, error) {
	fields, err := catalogue()
	if err != nil {
		return nil, err
	}
	// A file that extends another may leave out anything its parent
	// gives, and tables merge key by key: the keys required of the root
	// and of the tables beneath it (not inside lists, which replace whole)
	// apply only to a file that extends nothing.
	root := objectNode(fields, true)
	root.AnyOf = []*schemaNode{{Type: "object", Required: []string{"extends"}}, requiredSkeleton(fields)}
	root.Schema = "http://json-schema.org/draft-04/schema#"
	root.Title = "joinedup scenario"
	root.Description = "A scenario for joinedup, the simulation of programmes to integrate health and social care: " +
		"professions, organisations, the partnership, client groups, teams, reform shocks and run settings. " +
		"See docs/SCENARIOS.md."
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return append(b, '\n'), nil
}

// objectNode is the schema of a table with the given keys. A merged table
// (the root, or a table beneath it outside any list) lists no required
// keys: requiredSkeleton gives them.
func objectNode(fields []fieldDoc, merged bool) *schemaNode {
	n := &schemaNode{Type: "object", AdditionalProperties: false}
	for _, fd := range fields {
		n.Properties = append(n.Properties, namedNode{fd.Key, fieldNode(fd, merged)})
		if !merged && isRequired(fd) {
			n.Required = append(n.Required, fd.Key)
		}
	}
	return n
}

// requiredSkeleton is the schema requiring the keys of a merged table and
// of the merged tables beneath it.
func requiredSkeleton(fields []fieldDoc) *schemaNode {
	n := &schemaNode{Type: "object"}
	for _, fd := range fields {
		if !isRequired(fd) {
			continue
		}
		n.Required = append(n.Required, fd.Key)
		if fd.Table && !fd.List && fd.Key != "parameters" {
			if sub := requiredSkeleton(fd.Fields); len(sub.Required) > 0 {
				n.Properties = append(n.Properties, namedNode{fd.Key, sub})
			}
		}
	}
	return n
}

// isRequired reports whether a key must be given: the validator requires
// it, requires a non-empty list, or requires a key inside its table.
func isRequired(fd fieldDoc) bool {
	if r := fd.Rule; r != nil && (r.required || r.minItems > 0) {
		return true
	}
	if fd.Table && !fd.List {
		for _, f := range fd.Fields {
			if isRequired(f) {
				return true
			}
		}
	}
	return false
}

// fieldNode is the schema of one key, in a merged table or not (see
// objectNode).
func fieldNode(fd fieldDoc, merged bool) *schemaNode {
	var n *schemaNode
	switch {
	case fd.Key == "parameters" && fd.GoType.Kind() == reflect.Map:
		n = parametersNode()
	case fd.Table:
		n = objectNode(fd.Fields, merged && !fd.List)
	case fd.Type == "date":
		n = &schemaNode{Type: "string", Format: "date"}
	case fd.List:
		n = &schemaNode{Items: &schemaNode{Type: jsonType(fd.GoType.Elem())}}
	default:
		n = &schemaNode{Type: fd.Type}
	}
	if fd.List {
		if fd.Table {
			n = &schemaNode{Items: n}
		}
		n.Type = "array"
		if r := fd.Rule; r != nil && r.minItems > 0 {
			n.MinItems = &r.minItems
		}
	}
	n.Description = fd.Doc
	if r := fd.Rule; r != nil && !fd.List {
		n.Enum = r.words
		if r.ranged {
			lo := r.lo
			n.Minimum = &lo
		}
		if r.hasMax() {
			hi := r.hi
			n.Maximum = &hi
		}
	}
	if fd.GoType.Kind() == reflect.Uint64 && n.Minimum == nil {
		zero := 0.0
		n.Minimum = &zero
	}
	switch {
	case fd.Default == "":
	case fd.Type == "boolean":
		n.Default = fd.Default == "true"
	case fd.Type == "number" || fd.Type == "integer":
		v, _ := strconv.ParseFloat(fd.Default, 64)
		n.Default = v
	default:
		n.Default = fd.Default
	}
	return n
}

// parametersNode is the schema of the [parameters] table: the model's
// behavioural parameters with their ranges and defaults.
func parametersNode() *schemaNode {
	n := &schemaNode{Type: "object", AdditionalProperties: false}
	for _, s := range model.ParamSpecs {
		lo, hi, def := s.Min, s.Max, s.Default
		n.Properties = append(n.Properties, namedNode{s.Name, &schemaNode{
			Description: paramDoc(s),
			Type:        "number",
			Minimum:     &lo,
			Maximum:     &hi,
			Default:     def,
		}})
	}
	return n
}

// paramDoc describes one model parameter.
func paramDoc(s model.ParamSpec) string {
	return fmt.Sprintf("Unit: %s; %g to %g; default %g. Source: %s.", s.Unit, s.Min, s.Max, s.Default, s.Source)
}

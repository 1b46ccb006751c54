package web

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/joinedup/joinedup/scenarios"
)

// A leverSpec names a lever the page shows: where it sits in the scenario
// file (a list of tables, such as "team", or "" for a key of "partnership")
// and the key. Its kind, options, range and help text come from the
// scenario schema (scenarios.JSONSchema), not from here.
type leverSpec struct {
	List  string // "team", "partnership.joint_post" or "" (a key of Table)
	Table string // the table holding the key when List is "": "partnership"
	Key   string
	Label string
}

// levers are the main levers of a programme of integration, in page order.
var levers = []leverSpec{
	{List: "team", Key: "colocated", Label: "Co-location"},
	{List: "team", Key: "management", Label: "Management"},
	{List: "team", Key: "shared_records", Label: "Shared records"},
	{List: "team", Key: "leadership", Label: "Team leadership"},
	{Table: "partnership", Key: "targets", Label: "Partnership targets"},
	{Table: "partnership", Key: "pace", Label: "Pace of change"},
	{List: "partnership.joint_post", Key: "scope", Label: "Joint post scope"},
}

// Lever is one control on the page.
type Lever struct {
	ID    string `json:"id"`    // schema path, such as "team.colocated"
	Group string `json:"group"` // "team", "joint_post" or "partnership"
	// Path is the override path with ITEM standing for the item picker,
	// such as `team[ITEM].colocated`, or the full path for a key of a table.
	Path    string   `json:"path"`
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Help    string   `json:"help"`
	Kind    string   `json:"kind"` // "bool", "enum", "number" or "integer"
	Options []string `json:"options,omitempty"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
	Unit    string   `json:"unit,omitempty"`
	// Values holds the scenario's value: by item name for a list, under ""
	// for a key of a table.
	Values map[string]any `json:"values"`
}

// ScenarioView is what the page shows of one scenario.
type ScenarioView struct {
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Source      string              `json:"source"`
	Items       map[string][]string `json:"items"` // item names by group: "team", "joint_post"
	Levers      []Lever             `json:"levers"`
	Replicates  int                 `json:"replicates"`
	Weeks       int                 `json:"weeks"`
	// Start is the date of week 0, as YYYY-MM-DD: a shock put on the
	// timeline at week w is dated Start + 7w days.
	Start string `json:"start"`
	// Teams, Organisations and Posts name the scenario's teams (for the
	// view of one team's people), organisations and joint posts (for the
	// shocks that hit one).
	Teams         []string `json:"teams"`
	Organisations []string `json:"organisations"`
	Posts         []string `json:"posts"`
	// ShockKinds are the kinds a shock may be, from the scenario schema,
	// and ShockHelp the schema's description of a shock's size.
	ShockKinds []string `json:"shock_kinds"`
	SizeHelp   string   `json:"size_help"`
	// Shocks are the scenario's own shocks, as its file gives them.
	Shocks []ShockView `json:"shocks"`
}

// ShockView is a shock as the page's timeline holds it: the fields of a
// [[shock]] table of a scenario file, which the page sends back as a
// shock=[...] setting.
type ShockView struct {
	Kind         string  `json:"kind"`
	Date         string  `json:"date,omitempty"`
	Hazard       float64 `json:"hazard,omitempty"`
	Organisation string  `json:"organisation,omitempty"`
	Team         string  `json:"team,omitempty"`
	Post         string  `json:"post,omitempty"`
	Size         float64 `json:"size,omitempty"`
	Note         string  `json:"note,omitempty"`
}

// schemaNode is the part of a JSON Schema node the page uses.
type schemaNode struct {
	Description string                 `json:"description"`
	Type        string                 `json:"type"`
	Enum        []string               `json:"enum"`
	Minimum     *float64               `json:"minimum"`
	Maximum     *float64               `json:"maximum"`
	Properties  map[string]*schemaNode `json:"properties"`
	Items       *schemaNode            `json:"items"`
}

var (
	schemaOnce sync.Once
	schemaRoot *schemaNode
	schemaErr  error
)

// schema decodes scenarios.JSONSchema once.
func schema() (*schemaNode, error) {
	schemaOnce.Do(func() {
		b, err := scenarios.JSONSchema()
		if err != nil {
			schemaErr = err
			return
		}
		schemaRoot = new(schemaNode)
		schemaErr = json.Unmarshal(b, schemaRoot)
	})
	return schemaRoot, schemaErr
}

// lookup finds the schema node of a dotted path, stepping into list items.
func (n *schemaNode) lookup(path string) *schemaNode {
	for _, k := range strings.Split(path, ".") {
		if n == nil {
			return nil
		}
		if n.Type == "array" && n.Items != nil {
			n = n.Items
		}
		n = n.Properties[k]
	}
	return n
}

// unitOf reads the unit from a schema description: a 0-to-1 scale is said
// as "0 (...) to 1 (...)" or "0 to 1".
func unitOf(n *schemaNode) string {
	if n.Minimum != nil && n.Maximum != nil && *n.Minimum == 0 && *n.Maximum == 1 {
		return "0–1 scale"
	}
	return ""
}

// describe returns the page's view of scenario s, named name.
func describe(name string, s *scenarios.Scenario) (*ScenarioView, error) {
	root, err := schema()
	if err != nil {
		return nil, fmt.Errorf("web: scenario schema: %w", err)
	}
	v := &ScenarioView{Name: name, Description: s.Description, Source: s.Source, Items: map[string][]string{},
		Replicates: defaultReplicates, Weeks: defaultWeeks}
	v.Start = s.Run.Start.String()
	for _, t := range s.Teams {
		v.Teams = append(v.Teams, t.Name)
	}
	for _, o := range s.Organisations {
		v.Organisations = append(v.Organisations, o.Name)
	}
	for _, p := range s.Partnership.JointPosts {
		v.Posts = append(v.Posts, p.Name)
	}
	kind := root.lookup("shock.kind")
	if kind == nil || len(kind.Enum) == 0 {
		return nil, fmt.Errorf("web: the scenario schema lists no shock kinds")
	}
	v.ShockKinds = kind.Enum
	if n := root.lookup("shock.size"); n != nil {
		v.SizeHelp = n.Description
	}
	v.Shocks = []ShockView{}
	for _, sh := range s.Shocks {
		v.Shocks = append(v.Shocks, ShockView{Kind: sh.Kind, Date: sh.Date.String(), Hazard: sh.Hazard,
			Organisation: sh.Organisation, Team: sh.Team, Post: sh.Post, Size: sh.Size, Note: sh.Note})
	}
	sv := reflect.ValueOf(s).Elem()
	for _, spec := range levers {
		id := spec.Table + "." + spec.Key
		if spec.List != "" {
			id = spec.List + "." + spec.Key
		}
		n := root.lookup(id)
		if n == nil {
			return nil, fmt.Errorf("web: lever %s is not in the scenario schema", id)
		}
		l := Lever{ID: id, Key: spec.Key, Label: spec.Label, Help: n.Description, Options: n.Enum,
			Min: n.Minimum, Max: n.Maximum, Unit: unitOf(n), Values: map[string]any{}}
		switch n.Type {
		case "boolean":
			l.Kind = "bool"
		case "string":
			l.Kind = "enum"
		case "integer":
			l.Kind = "integer"
		default:
			l.Kind = "number"
		}
		if spec.List == "" {
			l.Group = "partnership"
			l.Path = id
			f := byPath(sv, id)
			if !f.IsValid() {
				continue
			}
			l.Values[""] = f.Interface()
		} else {
			l.Group = spec.List[strings.LastIndex(spec.List, ".")+1:]
			l.Path = spec.List + "[ITEM]." + spec.Key
			list := byPath(sv, spec.List)
			if !list.IsValid() || list.Len() == 0 {
				continue // the scenario has none of these: no control
			}
			var names []string
			for i := range list.Len() {
				item := list.Index(i)
				nm := byPath(item, "name").String()
				names = append(names, nm)
				l.Values[nm] = byPath(item, spec.Key).Interface()
			}
			v.Items[l.Group] = names
		}
		v.Levers = append(v.Levers, l)
	}
	return v, nil
}

// byPath follows dotted TOML keys through the scenario's structs by their
// toml tags; the zero Value if a key is missing.
func byPath(v reflect.Value, path string) reflect.Value {
	for _, k := range strings.Split(path, ".") {
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}
		}
		t := v.Type()
		found := false
		for i := range t.NumField() {
			if strings.Split(t.Field(i).Tag.Get("toml"), ",")[0] == k {
				v = v.Field(i)
				found = true
				break
			}
		}
		if !found {
			return reflect.Value{}
		}
	}
	return v
}

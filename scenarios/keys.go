package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// This file checks a generically decoded TOML document against the schema
// types by reflection, so the known keys always follow the toml tags in
// schema.go. It finds every unknown key and every wrongly typed value at
// once, with full field paths, before the typed decode (which stops at the
// first problem).

var (
	scenarioType = reflect.TypeFor[Scenario]()
	dateType     = reflect.TypeFor[Date]()
)

// field is one decodable field of a schema struct.
type field struct {
	key string // its toml key
	typ reflect.Type
}

// fieldsOf returns the toml-tagged exported fields of struct type t, in order.
func fieldsOf(t reflect.Type) []field {
	var fs []field
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if key == "-" {
			continue
		}
		if key == "" {
			key = f.Name
		}
		fs = append(fs, field{key, f.Type})
	}
	return fs
}

// checkTable appends to errs a *FieldError for every key of m unknown to
// struct type t and every value of the wrong type, recursively, deleting
// each such key from m (see keyCheck.checkTable).
func checkTable(path string, m map[string]any, t reflect.Type, errs []*FieldError) []*FieldError {
	c := keyCheck{errs: errs}
	c.checkTable(path, m, t)
	return c.errs
}

// keyCheck gathers the problems checkTable finds and the paths of the
// values it removed.
type keyCheck struct {
	errs    []*FieldError
	removed []string
}

func (c *keyCheck) add(path, msg string) { c.errs = append(c.errs, &FieldError{Path: path, Msg: msg}) }

// checkTable records a *FieldError for every key of m unknown to struct
// type t and every value of the wrong type, recursively, and deletes each
// such key from m (a list holding a wrongly typed entry goes whole), so
// that what remains decodes and the other checks can still run.
func (c *keyCheck) checkTable(path string, m map[string]any, t reflect.Type) {
	fields := fieldsOf(t)
	byKey := make(map[string]reflect.Type, len(fields))
	known := make([]string, len(fields))
	for i, f := range fields {
		byKey[f.key] = f.typ
		known[i] = f.key
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := joinPath(path, shortKey(k))
		ft, ok := byKey[k]
		if !ok {
			c.add(p, unknownKey(k, known))
			c.remove(m, k, p)
			continue
		}
		if !c.checkValue(p, m[k], ft) {
			c.remove(m, k, p)
		}
	}
}

func (c *keyCheck) remove(m map[string]any, k, path string) {
	delete(m, k)
	c.removed = append(c.removed, path)
}

// shortKey is k, cut short for messages when longer than MaxNameBytes.
func shortKey(k string) string {
	if len(k) <= MaxNameBytes {
		return k
	}
	cut := 40
	for cut > 0 && !utf8.RuneStart(k[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…(%d bytes)", k[:cut], len(k))
}

// unknownKey is the message for key k where the known keys are known.
func unknownKey(k string, known []string) string {
	if len(k) > MaxNameBytes {
		return fmt.Sprintf("unknown key of %d bytes; known keys here: %s", len(k), strings.Join(known, ", "))
	}
	if s := didYouMean(k, known); s != "" {
		return fmt.Sprintf("unknown key %q%s", k, s)
	}
	return fmt.Sprintf("unknown key %q; known keys here: %s", k, strings.Join(known, ", "))
}

// checkValue checks one value v against the Go type t it decodes into,
// reporting false when v is to be removed.
func (c *keyCheck) checkValue(path string, v any, t reflect.Type) bool {
	bad := func(expected string) bool {
		msg := fmt.Sprintf("expected %s, found %s", expected, describeValue(v))
		if str, ok := v.(string); ok && strings.Contains(expected, "number") {
			msg += numberHint(str)
		}
		c.add(path, msg)
		return false
	}
	if t == dateType {
		var d Date
		if err := d.UnmarshalTOML(v); err != nil {
			c.add(path, err.Error())
			return false
		}
		return true
	}
	switch t.Kind() {
	case reflect.Pointer:
		return c.checkValue(path, v, t.Elem())
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return bad("a table [" + path + "]")
		}
		c.checkTable(path, m, t)
	case reflect.Slice:
		elem := t.Elem()
		var items []any
		switch v := v.(type) {
		case []map[string]any:
			for _, m := range v {
				items = append(items, m)
			}
		case []any:
			items = v
		default:
			if elem.Kind() == reflect.Struct {
				return bad("tables written [[" + path + "]]")
			}
			return bad("an array")
		}
		keep := true
		for i, item := range items {
			if !c.checkValue(indexPath(path, i), item, elem) {
				keep = false
			}
		}
		return keep
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return bad("a table [" + path + "]")
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := joinPath(path, shortKey(k))
			if len(k) > MaxNameBytes {
				c.add(p, fmt.Sprintf("a key of %d bytes; keys here are names of at most %d bytes", len(k), MaxNameBytes))
				c.remove(m, k, p)
			} else if !c.checkValue(p, m[k], t.Elem()) {
				c.remove(m, k, p)
			}
		}
	case reflect.String:
		str, ok := v.(string)
		if !ok {
			return bad("a string in quotes")
		}
		if limit, what := stringLimit(path); len(str) > limit {
			c.add(path, fmt.Sprintf("%d bytes long; %s may be at most %d bytes: shorten it", len(str), what, limit))
			return false
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return bad("true or false")
		}
	case reflect.Int, reflect.Int64:
		if _, ok := v.(int64); !ok {
			return bad("a whole number")
		}
	case reflect.Uint64:
		if n, ok := v.(int64); !ok || n < 0 {
			return bad("a whole number ≥ 0")
		}
	case reflect.Float64:
		switch n := v.(type) {
		case int64:
		case float64:
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return bad("a finite number")
			}
		default:
			return bad("a number")
		}
	default:
		panic(fmt.Sprintf("scenarios: schema field %s has unsupported type %s", path, t))
	}
	return true
}

// stringLimit is the longest string the field at path may hold, and what
// to call it in a message: MaxNameBytes for a name, and for the
// words naming a profession, organisation, team and the like elsewhere;
// MaxTextBytes for a description or source, and for the prose of a
// targets file (caveats, titles, links, how a figure was checked).
func stringLimit(path string) (int, string) {
	key := path[strings.LastIndexByte(path, '.')+1:]
	switch key {
	case "description", "source", "note", "extends",
		// prose in targets files (targets.go)
		"caveat", "checked", "link", "title", "reason", "figure", "author", "table":
		return MaxTextBytes, "a " + key
	}
	return MaxNameBytes, "a name or word"
}

// describeValue names the TOML type and value of a decoded value, for messages.
func describeValue(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("string %q", v)
	case int64:
		return fmt.Sprintf("integer %d", v)
	case float64:
		return fmt.Sprintf("float %v", v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case time.Time:
		switch v.Location().String() {
		case "date-local":
			return "date " + v.Format(dateLayout)
		case "time-local":
			return "time " + v.Format("15:04:05")
		case "datetime-local":
			return "date-time " + v.Format("2006-01-02T15:04:05")
		}
		return "date-time " + v.Format(time.RFC3339)
	case map[string]any:
		return "a table"
	case []map[string]any, []any:
		return "an array"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// numberHint says how to write the string s, given where a number is
// expected, as one: "; write decimals with a point: 0.6".
func numberHint(s string) string {
	switch {
	case decimalComma.MatchString(s):
		return "; write decimals with a point: " + strings.Replace(s, ",", ".", 1)
	case currency.MatchString(s):
		return "; write the number alone, without the currency sign (money is in pounds): " + strings.ReplaceAll(currency.FindStringSubmatch(s)[1], ",", "")
	case strings.HasSuffix(s, "%"):
		return "; write a share as a number from 0 to 1: 25% is 0.25"
	case numberAndWord.MatchString(s):
		m := numberAndWord.FindStringSubmatch(s)
		return fmt.Sprintf("; write the number alone, %s: the unit is fixed by the field (see docs/SCENARIOS.md)", m[1])
	}
	return ""
}

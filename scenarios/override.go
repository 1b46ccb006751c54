package scenarios

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Override sets one field of a scenario from outside its file, as the
// command line's --set path=value does.
type Override struct {
	// Path names the field with the file's own keys and zero-based indexes
	// into lists: "partnership.targets", "team[0].colocated",
	// "team[2].member[0].count". A list entry may also be picked by its
	// name: `team["pathway team"].leadership`, and [*] stands for every
	// entry: `team[*].leadership` sets the leadership of every team. Tables
	// on the way are created; a list entry must exist.
	Path string
	// Value is a TOML value: false, 0.7, 2005-04-01, "separate". A bare
	// word that is not valid TOML, such as separate, is taken as a string.
	Value string
	// Flag is how the override was given, for messages; "" means "--set".
	Flag string
}

// String returns "path=value".
func (o Override) String() string { return o.Path + "=" + o.Value }

func (o Override) flag() string {
	if o.Flag == "" {
		return "--set"
	}
	return o.Flag
}

// OverrideError is a problem with a value set by an Override. Its Error
// method names the override, as "--set run.weeks=many: expected a whole
// number, found string "many"".
type OverrideError struct {
	Override Override
	Path     string // the field with the problem: the override's path or one below it
	Msg      string

	path string // the override's path with indexes resolved
}

func (e *OverrideError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", e.Override.flag(), e.Override)
	if e.path != "" && len(e.Path) > len(e.path) && strings.HasPrefix(e.Path, e.path) {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ParseOverride parses "path=value", checking the path's form and that
// the value is TOML or a bare word.
func ParseOverride(s string) (Override, error) {
	eq := indexOutsideQuotes(s, '=')
	if eq < 0 {
		return Override{}, fmt.Errorf("scenarios: %q has no '=': write PATH=VALUE, such as partnership.targets=separate", s)
	}
	o := Override{Path: strings.TrimSpace(s[:eq]), Value: strings.TrimSpace(s[eq+1:])}
	if _, err := parsePath(o.Path); err != nil {
		return Override{}, fmt.Errorf("scenarios: %s: %v", s, err)
	}
	if _, err := decodeValue(o.Value); err != nil {
		return Override{}, fmt.Errorf("scenarios: %s: %v", s, err)
	}
	return o, nil
}

// step is one step of an override's path: a key, an index or a name.
type step struct {
	key   string // a table key, when not an index
	index int    // a list index, when isIndex and name == ""
	name  string // a list entry's name, when isIndex and byName
	isIdx bool
	byNm  bool
	all   bool // [*]: every entry of the list
}

// parsePath splits a path such as `team["north"].member[0].count` into steps.
func parsePath(p string) ([]step, error) {
	if p == "" {
		return nil, errors.New("the path is empty; write PATH=VALUE, such as run.replicates=50")
	}
	var steps []step
	rest := p
	for rest != "" {
		switch {
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if len(rest) > 1 && (rest[1] == '"' || rest[1] == '\'') {
				q := strings.IndexByte(rest[2:], rest[1])
				if q < 0 || len(rest) < q+4 || rest[q+3] != ']' {
					return nil, fmt.Errorf("path %s: unclosed name in [...]; write such as team[\"north\"]", p)
				}
				steps = append(steps, step{name: rest[2 : q+2], isIdx: true, byNm: true})
				rest = rest[q+4:]
				break
			}
			if end < 0 {
				return nil, fmt.Errorf("path %s: missing ]", p)
			}
			if rest[1:end] == "*" {
				steps = append(steps, step{isIdx: true, all: true})
				rest = rest[end+1:]
				break
			}
			n, err := strconv.Atoi(rest[1:end])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("path %s: %q is not an index; write a whole number from 0, or a name in quotes", p, rest[1:end])
			}
			steps = append(steps, step{index: n, isIdx: true})
			rest = rest[end+1:]
		case rest[0] == '.' && len(steps) > 0:
			rest = rest[1:]
			fallthrough
		default:
			n := 0
			for n < len(rest) && isBareKeyChar(rest[n]) {
				n++
			}
			if n == 0 {
				return nil, fmt.Errorf("path %s: expected a key at %q; keys are letters, digits, _ and -", p, rest)
			}
			steps = append(steps, step{key: rest[:n]})
			rest = rest[n:]
			if rest != "" && rest[0] != '.' && rest[0] != '[' {
				return nil, fmt.Errorf("path %s: unexpected %q", p, rest[:1])
			}
		}
	}
	return steps, nil
}

func isBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// decodeValue decodes an override's value as TOML; a bare word that is not
// TOML is a string.
func decodeValue(s string) (any, error) {
	if s == "" {
		return nil, errors.New(`no value after '='; write "" for an empty string`)
	}
	if strings.ContainsAny(s, "\r\n") {
		return nil, errors.New("the value spans lines; write it on one line")
	}
	if !utf8.ValidString(s) {
		// Taken as a bare word, it would reach the file as text TOML cannot hold.
		return nil, errors.New("the value is not valid UTF-8 text")
	}
	var m map[string]any
	_, err := toml.Decode("v = "+s, &m)
	if err == nil && len(m) == 1 {
		return m["v"], nil
	}
	switch s[0] {
	case '"', '\'', '[', '{':
		msg := "not a TOML value"
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg += ": " + pe.Message
		}
		switch s[0] {
		case '"', '\'':
			msg += fmt.Sprintf("; close the quote (%s...%c), and quote the whole setting for the shell: -set 'PATH=\"text\"'", s[:1], s[0])
		case '[':
			msg += "; a list is written [a, b] with commas, and closed with ]"
		case '{':
			msg += "; a table is written {key = value, key = value}, closed with }"
		}
		return nil, errors.New(msg)
	}
	return s, nil
}

// applyAll applies an override whose step k is [*] once for each entry of
// the list the steps before it name, as if written with that entry's index.
func (d *document) applyAll(o Override, steps []step, k int) error {
	at := strings.Index(o.Path, "[*]")
	var cur any = d.raw
	for _, st := range steps[:k] {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[st.key]
			if st.isIdx {
				cur = nil
			}
		case []map[string]any:
			cur = nil
			for j, e := range v {
				if st.byNm {
					if n, _ := e["name"].(string); n == st.name {
						cur = e
						break
					}
				} else if j == st.index {
					cur = e
				}
			}
		case []any:
			cur = nil
			if !st.byNm && st.index < len(v) {
				cur = v[st.index]
			}
		default:
			cur = nil
		}
	}
	n := 0
	switch v := cur.(type) {
	case []map[string]any:
		n = len(v)
	case []any:
		n = len(v)
	}
	if at < 0 {
		return &OverrideError{Override: o, path: o.Path, Msg: "[*] inside a quoted name; pick the entries by index"}
	}
	if n == 0 {
		n = 1 // the first entry's override reports what is wrong
	}
	for j := range n {
		e := o
		e.Path = o.Path[:at] + "[" + strconv.Itoa(j) + "]" + o.Path[at+3:]
		if err := d.apply(e); err != nil {
			return err
		}
	}
	return nil
}

// apply sets the override in the document, as a new layer.
func (d *document) apply(o Override) error {
	li := len(d.layers)
	l := &layer{over: &o, path: o.Path}
	d.layers = append(d.layers, l)
	fail := func(path, format string, args ...any) error {
		return &OverrideError{Override: o, Path: path, path: o.Path, Msg: fmt.Sprintf(format, args...)}
	}
	steps, err := parsePath(o.Path)
	if err != nil {
		return fail("", "%v", err)
	}
	value, err := decodeValue(o.Value)
	if err != nil {
		return fail("", "%v", err)
	}
	if steps[0].key == "extends" {
		return fail("extends", "extends cannot be set from the command line; write it in the file")
	}
	for k, st := range steps {
		if st.all {
			d.layers = d.layers[:li] // each entry's override makes its own layer
			return d.applyAll(o, steps, k)
		}
	}
	var created []string
	var table map[string]any = d.raw // the table holding the next step's key
	var list []any                   // or the list holding the next step's index
	var setList func(i int, v any)   // sets an entry of list
	path := ""
	for i, st := range steps {
		last := i == len(steps)-1
		if !st.isIdx {
			if table == nil {
				return fail(path, "%s is a list, not a table; pick an entry, such as %s[0].%s", path, path, st.key)
			}
			p := joinPath(path, shortKey(st.key))
			if last {
				table[st.key] = value
				path = p
				break
			}
			next, ok := table[st.key]
			if !ok {
				if steps[i+1].isIdx {
					return fail(p, "%s has no entries", p)
				}
				next = map[string]any{}
				table[st.key] = next
				created = append(created, p)
			}
			path = p
			switch v := next.(type) {
			case map[string]any:
				table, list, setList = v, nil, nil
			case []map[string]any:
				parent, key := table, st.key
				list = make([]any, len(v))
				for j := range v {
					list[j] = v[j]
				}
				setList = func(j int, x any) {
					if m, ok := x.(map[string]any); ok {
						v[j] = m
					} else {
						fresh := append([]any(nil), list...)
						fresh[j] = x
						parent[key] = fresh
					}
				}
				table = nil
			case []any:
				table, list = nil, v
				setList = func(j int, x any) { v[j] = x }
			default:
				if steps[i+1].isIdx {
					return fail(p, "%s is %s, not a list", p, describeValue(v))
				}
				return fail(p, "%s is %s, not a table", p, describeValue(v))
			}
			continue
		}
		if list == nil {
			return fail(path, "%s is a table, not a list; write %s.KEY", path, path)
		}
		j := st.index
		if st.byNm {
			j = -1
			var names []string
			for k, e := range list {
				if m, ok := e.(map[string]any); ok {
					if n, _ := m["name"].(string); n != "" {
						names = append(names, n)
						if n == st.name && j < 0 {
							j = k
						}
					}
				}
			}
			if j < 0 {
				if len(names) == 0 {
					return fail(path, "%s has no entry named %q; its entries have no names", path, st.name)
				}
				return fail(path, "%s has no entry named %q; known: %s%s", path, st.name, quoted(names), didYouMean(st.name, names))
			}
		} else if j >= len(list) {
			switch len(list) {
			case 0:
				return fail(path, "%s has no entries", path)
			case 1:
				return fail(path, "%s has 1 entry (0)", path)
			}
			return fail(path, "%s has %d entries (0..%d)", path, len(list), len(list)-1)
		}
		p := indexPath(path, j)
		if last {
			setList(j, value)
			path = p
			break
		}
		path = p
		m, ok := list[j].(map[string]any)
		if !ok {
			return fail(p, "%s is %s, not a table", p, describeValue(list[j]))
		}
		table, list, setList = m, nil, nil
	}
	l.path = path
	for _, p := range created {
		d.wrote(p, li)
	}
	d.wrote(path, li)
	return nil
}

// ResolveWith returns the scenario arg names, as Resolve does, with the
// overrides applied in order after any extends. Its Hash is that of the
// resolved document (see TOML); its File is still the named file.
func ResolveWith(arg string, overrides []Override) (*Scenario, error) {
	return ResolveContext(context.Background(), arg, overrides)
}

// ResolveContext is ResolveWith, giving up with ctx's error when ctx is
// done (checked between the stages of loading).
func ResolveContext(ctx context.Context, arg string, overrides []Override) (*Scenario, error) {
	if strings.HasSuffix(arg, ".toml") {
		return loadWith(ctx, arg, overrides)
	}
	if info, err := os.Stat(arg); err == nil && !info.IsDir() {
		return loadWith(ctx, arg, overrides)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	data, err := Raw(arg)
	if err != nil {
		return nil, err
	}
	return resolve(ctx, source{file: libraryDir + "/" + arg + ".toml", data: data, embedded: true}, overrides)
}

// loadWith reads the scenario file at path and resolves it with overrides.
func loadWith(ctx context.Context, path string, overrides []Override) (*Scenario, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return resolve(ctx, source{file: path, data: data}, overrides)
}

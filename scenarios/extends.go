package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// This file resolves a scenario from its layers: the file itself, the
// scenarios it extends (extends = "NAME" or "PATH.toml"), and overrides set
// from the command line. Tables are merged key by key, the nearer layer
// winning; any other value, arrays of tables included, is replaced whole.
// The merged document is checked exactly as a single file is, and every
// problem is reported against the layer that wrote the offending value: a
// parent's file and line, or the override.

// source is the text of one scenario file.
type source struct {
	file     string // its name in messages: a path, or "library/NAME.toml"
	data     []byte
	embedded bool // read from the embedded library rather than the disk
}

// id identifies the file, for finding cycles.
func (s source) id() string {
	if s.embedded {
		return "embedded:" + s.file
	}
	if abs, err := filepath.Abs(s.file); err == nil {
		return abs
	}
	return s.file
}

// parent reads the scenario that s extends, named by ext: a path ending in
// ".toml", relative to s's folder, or else the name of an embedded scenario.
// Errors are messages for the extends field.
func (s source) parent(ext string) (source, error) {
	if !strings.HasSuffix(ext, ".toml") {
		data, err := Raw(ext)
		if err != nil {
			names := Names()
			return source{}, fmt.Errorf("no embedded scenario %q; known: %s%s (a file's path must end in .toml)",
				ext, quoted(names), didYouMean(ext, names))
		}
		return source{file: path.Join(libraryDir, ext+".toml"), data: data, embedded: true}, nil
	}
	if s.embedded {
		p := path.Join(path.Dir(s.file), ext)
		data, err := fs.ReadFile(library, p)
		if err != nil || !strings.HasPrefix(p, libraryDir+"/") {
			return source{}, fmt.Errorf("no embedded scenario file %s", p)
		}
		return source{file: p, data: data, embedded: true}, nil
	}
	p := ext
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(s.file), filepath.FromSlash(ext))
	}
	data, err := os.ReadFile(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return source{}, fmt.Errorf("no scenario file %s (a path in extends is relative to the extending file's folder)", p)
		}
		return source{}, fmt.Errorf("reading %s: %v", p, err)
	}
	return source{file: p, data: data}, nil
}

// layer is one source of values in a resolved scenario: a file or an override.
type layer struct {
	file  string         // the file, or "" for an override
	raw   map[string]any // the file's generic decoding
	lines lineIndex      // where the file's keys are written
	over  *Override      // the override, for an override layer
	path  string         // the field path the override set, indexes resolved
}

// document is a scenario being resolved: the merged generic decoding and,
// for each path some layer wrote, the index of the last layer to write it.
type document struct {
	raw    map[string]any
	layers []*layer
	origin map[string]int
}

// loadChain decodes src and the scenarios it extends, nearest first.
func loadChain(src source) ([]*layer, error) {
	var layers []*layer
	seen := map[string]bool{}
	for {
		var raw map[string]any
		if _, err := toml.Decode(string(src.data), &raw); err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return nil, syntaxError(src.file, src.data, pe)
			}
			return nil, fmt.Errorf("scenarios: %s: %w", src.file, err)
		}
		l := &layer{file: src.file, raw: raw, lines: indexLines(src.data)}
		layers = append(layers, l)
		seen[src.id()] = true
		v, ok := raw["extends"]
		if !ok {
			return layers, nil
		}
		ext, ok := v.(string)
		if !ok {
			return nil, l.fieldError("extends", "expected a string in quotes, found "+describeValue(v))
		}
		if ext == "" {
			return layers, nil
		}
		parent, err := src.parent(ext)
		if err != nil {
			return nil, l.fieldError("extends", err.Error())
		}
		if seen[parent.id()] {
			chain := make([]string, 0, len(layers)+1)
			for _, l := range layers {
				chain = append(chain, l.file)
			}
			chain = append(chain, parent.file)
			return nil, l.fieldError("extends", "extends cycle: "+strings.Join(chain, " → "))
		}
		src = parent
	}
}

func (l *layer) fieldError(path, msg string) *FieldError {
	return &FieldError{File: l.file, Line: l.lines.line(path), Path: path, Msg: msg}
}

// merge merges the file layers, farthest parent first, into a new document.
func merge(layers []*layer) *document {
	d := &document{raw: map[string]any{}, layers: layers, origin: map[string]int{}}
	for i := len(layers) - 1; i >= 0; i-- {
		d.mergeTable(d.raw, layers[i].raw, "", i)
	}
	return d
}

// mergeTable merges src, written by layer li, into dst, the table at path.
func (d *document) mergeTable(dst, src map[string]any, path string, li int) {
	for k, v := range src {
		p := joinPath(path, k)
		if dm, ok := dst[k].(map[string]any); ok {
			if sm, ok := v.(map[string]any); ok {
				d.mergeTable(dm, sm, p, li)
				continue
			}
		}
		dst[k] = deepCopy(v)
		d.wrote(p, li)
	}
}

// wrote records that layer li wrote the value at path, and so everything
// below it.
func (d *document) wrote(path string, li int) {
	for p := range d.origin {
		if strings.HasPrefix(p, path) && len(p) > len(path) && (p[len(path)] == '.' || p[len(path)] == '[') {
			delete(d.origin, p)
		}
	}
	d.origin[path] = li
}

// locate returns the layer that wrote path or its nearest written ancestor;
// the first (the file itself) when none did.
func (d *document) locate(path string) *layer {
	for p := path; p != ""; p = parentPath(p) {
		if li, ok := d.origin[p]; ok {
			return d.layers[li]
		}
	}
	return d.layers[0]
}

// problem returns the error for msg about path, placed in the layer that
// wrote it.
func (d *document) problem(path, msg string) error {
	l := d.locate(path)
	if l.over != nil {
		return &OverrideError{Override: *l.over, Path: path, path: l.path, Msg: msg}
	}
	return l.fieldError(path, msg)
}

// rank orders problems: overrides first, then the file, then its parents.
func (d *document) rank(e error) (int, int) {
	var fe *FieldError
	if errors.As(e, &fe) {
		for i, l := range d.layers {
			if l.over == nil && l.file == fe.File {
				return i + 1, fe.Line
			}
		}
	}
	return 0, 0
}

// deepCopy copies the maps and slices of a generic TOML value.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = deepCopy(x)
		}
		return m
	case []map[string]any:
		s := make([]map[string]any, len(v))
		for i, x := range v {
			s[i] = deepCopy(x).(map[string]any)
		}
		return s
	case []any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = deepCopy(x)
		}
		return s
	}
	return v
}

// resolve decodes, merges, overrides and validates the scenario in src.
// See Parse for the errors; problems in a parent name the parent's file and
// line, and problems with an overridden value are *OverrideError values.
func resolve(src source, overrides []Override) (*Scenario, error) {
	layers, err := loadChain(src)
	if err != nil {
		return nil, err
	}
	child := layers[0]
	d := merge(layers)
	ext, _ := child.raw["extends"].(string)
	plain := len(layers) == 1 && len(overrides) == 0
	if !plain {
		// The resolved document stands alone: it extends nothing.
		delete(d.raw, "extends")
	}
	var overErrs []error
	for _, o := range overrides {
		if err := d.apply(o); err != nil {
			overErrs = append(overErrs, err)
		}
	}
	if len(overErrs) > 0 {
		return nil, errors.Join(overErrs...)
	}
	data := src.data
	if !plain {
		var b bytes.Buffer
		if err := toml.NewEncoder(&b).Encode(d.raw); err != nil {
			return nil, fmt.Errorf("scenarios: %s: encoding the resolved scenario: %w", src.file, err)
		}
		data = b.Bytes()
	}

	// Unknown keys and wrong types first. Unknown keys alone do not stop the
	// semantic checks (the rest of the file still decodes), so the user sees
	// every problem at once; a wrong type does, since the value is missing.
	var unknown []error
	if fes := checkTable("", d.raw, scenarioType, nil); len(fes) > 0 {
		typed := false
		for _, fe := range fes {
			if !strings.HasPrefix(fe.Msg, "unknown key") {
				typed = true
			}
			unknown = append(unknown, d.problem(fe.Path, fe.Msg))
		}
		sort.SliceStable(unknown, func(i, j int) bool {
			ri, li := d.rank(unknown[i])
			rj, lj := d.rank(unknown[j])
			return ri < rj || ri == rj && li < lj
		})
		if typed {
			return nil, errors.Join(unknown...)
		}
	}
	s := new(Scenario)
	if _, err := toml.Decode(string(data), s); err != nil {
		// checkTable should have caught every type mismatch; this is a
		// backstop. The decoder matches keys regardless of case, so an
		// unknown key such as "stArt" can still reach a field and fail
		// there: the unknown keys are then the problem to report.
		if len(unknown) > 0 {
			return nil, errors.Join(unknown...)
		}
		return nil, fmt.Errorf("scenarios: %s: %w", src.file, err)
	}
	s.Extends = ext
	s.file, s.hash, s.data = src.file, Hash(data), data
	var semantic, other []error
	for _, e := range s.check() {
		var fe *FieldError
		if errors.As(e, &fe) {
			semantic = append(semantic, d.problem(fe.Path, fe.Msg))
		} else {
			other = append(other, e)
		}
	}
	if all := append(append(unknown, semantic...), other...); len(all) > 0 {
		return nil, errors.Join(all...)
	}
	return s, nil
}

// TOML returns the TOML text the scenario was decoded from: the file's own
// bytes, or, for a scenario that extends another or has overrides, the
// merged document, which extends nothing. Hash is its SHA-256. It is nil
// for a scenario built in code.
func (s *Scenario) TOML() []byte { return s.data }

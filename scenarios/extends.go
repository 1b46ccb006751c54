package scenarios

import (
	"bytes"
	"context"
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
	embedded bool   // read from the embedded library rather than the disk
	root     string // the folder that files it extends must be in; "" for the named file's own
	extended bool   // extended by another file rather than named by the user
}

// rootDir is the folder tree that files s extends must lie in: the
// working folder, when the file the user named lies in it, or else that
// file's own folder.
func (s source) rootDir() string {
	if s.root != "" {
		return s.root
	}
	if wd, err := os.Getwd(); err == nil && within(wd, s.file) {
		return wd
	}
	return filepath.Dir(s.file)
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
	if filepath.IsAbs(ext) || path.IsAbs(ext) || filepath.VolumeName(ext) != "" {
		return source{}, fmt.Errorf("%q is an absolute path; write a path relative to this file's folder, such as \"base.toml\" or \"shared/base.toml\" (a scenario may extend only files in its own folder and below it, or an embedded scenario by name)", ext)
	}
	root := s.rootDir()
	p := filepath.Join(filepath.Dir(s.file), filepath.FromSlash(ext))
	if !within(root, p) {
		where := "the folder joinedup runs in"
		if wd, err := os.Getwd(); err != nil || !within(wd, root) || !within(root, wd) {
			where = root + ", the scenario's folder"
		}
		return source{}, fmt.Errorf("%s is outside %s: a scenario may extend only files in the folder joinedup runs in and below it (or, for a scenario outside that folder, in the scenario's own folder and below), or an embedded scenario by name; copy the file there", p, where)
	}
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return source{}, fmt.Errorf("no scenario file %s (a path in extends is relative to the extending file's folder)", p)
	}
	data, err := readFile(p)
	if err != nil {
		return source{}, errors.New(strings.TrimPrefix(err.Error(), "scenarios: "))
	}
	return source{file: p, data: data, root: root, extended: true}, nil
}

// within reports whether path p lies in the folder tree root, following
// symbolic links where the files exist.
func within(root, p string) bool {
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	ra, err1 := filepath.Abs(root)
	pa, err2 := filepath.Abs(p)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(ra, pa)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// layer is one source of values in a resolved scenario: a file or an override.
type layer struct {
	file  string         // the file, or "" for an override
	raw   map[string]any // the file's generic decoding
	lines lineIndex      // where the file's keys are written
	over  *Override      // the override, for an override layer
	path  string         // the field path the override set, indexes resolved
	lib   bool           // an embedded scenario, which users cannot edit
}

// document is a scenario being resolved: the merged generic decoding and,
// for each path some layer wrote, the index of the last layer to write it.
type document struct {
	raw    map[string]any
	layers []*layer
	origin map[string]write
	writes int // writes so far
}

// write is one layer's writing of a value: the layer and when.
type write struct{ layer, seq int }

// loadChain decodes src and the scenarios it extends, nearest first.
func loadChain(ctx context.Context, src source) ([]*layer, error) {
	var layers []*layer
	seen := map[string]bool{}
	for {
		if err := interrupted(ctx, src.file); err != nil {
			return nil, err
		}
		if err := guard(src.file, src.data); err != nil {
			var se *SyntaxError
			if src.extended && errors.As(err, &se) {
				se.Text = ""
			}
			return nil, err
		}
		var raw map[string]any
		if _, err := toml.Decode(string(src.data), &raw); err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return nil, syntaxError(src.file, src.data, pe, !src.extended)
			}
			return nil, fmt.Errorf("scenarios: %s: %w", src.file, err)
		}
		l := &layer{file: src.file, raw: raw, lines: indexLines(src.data), lib: src.embedded}
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
		parent.extended = true
		if seen[parent.id()] {
			chain := make([]string, 0, len(layers)+1)
			for _, l := range layers {
				chain = append(chain, l.file)
			}
			chain = append(chain, parent.file)
			return nil, l.fieldError("extends", "extends cycle: "+strings.Join(chain, " → ")+": a scenario cannot build on itself; remove one of these extends")
		}
		src = parent
	}
}

func (l *layer) fieldError(path, msg string) *FieldError {
	return &FieldError{File: l.file, Line: l.lines.line(path), Path: path, Msg: msg}
}

// merge merges the file layers, farthest parent first, into a new document.
func merge(layers []*layer) *document {
	d := &document{raw: map[string]any{}, layers: layers, origin: map[string]write{}}
	for i := len(layers) - 1; i >= 0; i-- {
		d.mergeTable(d.raw, layers[i].raw, "", i)
	}
	return d
}

// mergeTable merges src, written by layer li, into dst, the table at path.
func (d *document) mergeTable(dst, src map[string]any, path string, li int) {
	for k, v := range src {
		p := joinPath(path, shortKey(k))
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
// below it. Older records below path stay, but locate prefers the latest.
func (d *document) wrote(path string, li int) {
	d.writes++
	d.origin[path] = write{li, d.writes}
}

// locate returns the layer that last wrote path or one of its ancestors
// (a write replaces everything below it); the first layer (the file
// itself) when none did.
func (d *document) locate(path string) *layer {
	last := write{0, -1}
	for p := path; p != ""; p = parentPath(p) {
		if w, ok := d.origin[p]; ok && w.seq > last.seq {
			last = w
		}
	}
	return d.layers[last.layer]
}

// interrupted returns an error naming file if ctx is done.
func interrupted(ctx context.Context, file string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("scenarios: %s: loading stopped: %w", file, err)
	}
	return nil
}

// problem returns the error for msg about path, placed in the layer that
// wrote it.
func (d *document) problem(path, msg string) error {
	l := d.locate(path)
	if l.over != nil {
		return &OverrideError{Override: *l.over, Path: path, path: l.path, Msg: msg}
	}
	if l.lib && l != d.layers[0] {
		msg += fmt.Sprintf(" (%s is embedded and cannot be edited: give %s in your own file, which wins%s)",
			l.file, listOrKey(path), listHint(path))
		if strings.Contains(msg, "is before run.start") {
			name := strings.TrimSuffix(strings.TrimPrefix(l.file, libraryDir+"/"), ".toml")
			msg += fmt.Sprintf("; to move the whole scenario in time, write it out with joinedup validate %s -print > %s.toml and change its dates there", name, name)
		}
	}
	return l.fieldError(path, msg)
}

// listOrKey is the key to set in a file to replace the value at path: the
// whole list when path is inside a list of tables.
func listOrKey(path string) string {
	if i := strings.IndexByte(path, '['); i >= 0 {
		return "[[" + path[:i] + "]]"
	}
	return path
}

func listHint(path string) string {
	if strings.IndexByte(path, '[') >= 0 {
		return "; a list is replaced whole, so copy the entries you keep, then change them"
	}
	return ""
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
func resolve(ctx context.Context, src source, overrides []Override) (*Scenario, error) {
	layers, err := loadChain(ctx, src)
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
		return nil, capProblems(src.file, overErrs)
	}
	if err := interrupted(ctx, src.file); err != nil {
		return nil, err
	}

	// Unknown keys and wrong types first. Each offending value is removed,
	// so the rest still decodes and is checked: the user sees every
	// problem at once.
	var kc keyCheck
	kc.checkTable("", d.raw, scenarioType)
	var decodeErrs []error
	for _, fe := range kc.errs {
		decodeErrs = append(decodeErrs, d.problem(fe.Path, fe.Msg))
	}
	data := src.data
	if !plain || len(kc.removed) > 0 {
		var b bytes.Buffer
		if err := toml.NewEncoder(&b).Encode(d.raw); err != nil {
			return nil, fmt.Errorf("scenarios: %s: encoding the resolved scenario: %w", src.file, err)
		}
		data = b.Bytes()
	}
	if err := interrupted(ctx, src.file); err != nil {
		return nil, err
	}
	s := new(Scenario)
	if _, err := toml.Decode(string(data), s); err != nil {
		// checkTable should have caught every type mismatch; this is a
		// backstop.
		if len(decodeErrs) > 0 {
			return nil, capProblems(src.file, d.sorted(decodeErrs))
		}
		return nil, fmt.Errorf("scenarios: %s: %w", src.file, err)
	}
	s.Extends = ext
	s.file, s.hash, s.data = src.file, Hash(data), data
	removed := make(map[string]bool, len(kc.removed))
	for _, p := range kc.removed {
		removed[p] = true
	}
	var semantic, other []error
	for _, e := range s.check() {
		var fe *FieldError
		if errors.As(e, &fe) {
			if removedAt(removed, fe.Path) {
				continue // a consequence of a value already reported
			}
			semantic = append(semantic, d.problem(fe.Path, fe.Msg))
		} else {
			other = append(other, e)
		}
	}
	if all := append(append(d.sorted(decodeErrs), semantic...), other...); len(all) > 0 {
		return nil, capProblems(src.file, all)
	}
	s.warnings = d.warn(s)
	return s, nil
}

// sorted orders problems of decoding by layer and line.
func (d *document) sorted(errs []error) []error {
	sort.SliceStable(errs, func(i, j int) bool {
		ri, li := d.rank(errs[i])
		rj, lj := d.rank(errs[j])
		return ri < rj || ri == rj && li < lj
	})
	return errs
}

// removedAt reports whether path is, or lies below, one of the removed paths.
func removedAt(removed map[string]bool, path string) bool {
	for p := path; p != ""; p = parentPath(p) {
		if removed[p] {
			return true
		}
	}
	return false
}

// capProblems joins at most MaxProblems of errs, adding a last line that
// counts the rest.
func capProblems(file string, errs []error) error {
	if len(errs) > MaxProblems {
		n := len(errs) - MaxProblems
		errs = append(errs[:MaxProblems:MaxProblems], fmt.Errorf("scenarios: %s: %d more problems not shown; fix those above and validate again", file, n))
	}
	return errors.Join(errs...)
}

// TOML returns the TOML text the scenario was decoded from: the file's own
// bytes, or, for a scenario that extends another or has overrides, the
// merged document, which extends nothing. Hash is its SHA-256. It is nil
// for a scenario built in code.
func (s *Scenario) TOML() []byte { return s.data }

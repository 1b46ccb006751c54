package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/BurntSushi/toml"
)

// SyntaxError is a TOML syntax error in a scenario file. Its Error method
// gives "file:line:column: message" followed by the offending line and a
// caret under the column.
type SyntaxError struct {
	File   string
	Line   int    // counted from 1
	Column int    // counted from 1, in bytes
	Msg    string // the parser's message
	Text   string // the offending line
	Len    int    // length of the offending text in bytes, at least 1
}

func (e *SyntaxError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	if e.Text != "" {
		gutter := fmt.Sprintf("%5d | ", e.Line)
		fmt.Fprintf(&b, "\n%s%s\n%s%s%s", gutter, e.Text,
			strings.Repeat(" ", len(gutter)), caretIndent(e.Text, e.Column), strings.Repeat("^", max(e.Len, 1)))
	}
	return b.String()
}

// caretIndent is the run of spaces (keeping tabs, so the caret lines up)
// before column col of text.
func caretIndent(text string, col int) string {
	n := min(max(col-1, 0), len(text))
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return '\t'
		}
		return ' '
	}, text[:n])
}

// Load reads the scenario file at path and returns it decoded and validated,
// as Parse does.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("scenarios: no scenario file %s", path)
		}
		return nil, fmt.Errorf("scenarios: reading %s: %w", path, err)
	}
	return resolve(source{file: path, data: data}, nil)
}

// Parse decodes a scenario from data, read from the named file (used in
// messages only), and validates it. Decoding is strict: unknown keys and
// values of the wrong type are errors. On failure Parse returns a nil
// Scenario and an error that is either one *SyntaxError or an errors.Join
// of every problem found, each a *FieldError (with File, Line where known,
// and Path) unless it is a package-prefixed error that concerns no field.
// Problems of decoding (unknown keys, wrong types) are reported before,
// and instead of, the semantic checks of Validate.
//
// A file with extends = "NAME" or "PATH.toml" builds on that scenario (an
// embedded one, or a file relative to file's folder): tables merge key by
// key, this file's keys winning, and any other value, arrays of tables
// included, replaces the parent's whole. A problem with a value the parent
// wrote names the parent's file and line.
func Parse(file string, data []byte) (*Scenario, error) {
	return resolve(source{file: file, data: data}, nil)
}

func joinFieldErrors(fes []*FieldError) error {
	errs := make([]error, len(fes))
	for i, e := range fes {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// syntaxError converts the toml parser's error.
func syntaxError(file string, data []byte, pe toml.ParseError) *SyntaxError {
	e := &SyntaxError{File: file, Line: pe.Position.Line, Column: pe.Position.Col, Msg: pe.Message, Len: pe.Position.Len}
	if e.Line == 0 {
		e.Line = pe.Line
	}
	lines := strings.Split(string(data), "\n")
	if e.Line >= 1 && e.Line <= len(lines) {
		e.Text = strings.TrimRight(lines[e.Line-1], "\r")
		e.Len = min(e.Len, max(len(e.Text)-e.Column+1, 1))
	}
	if e.Column < 1 {
		e.Column = 1
	}
	return e
}

// Hash returns the hex SHA-256 of data: the identity of a scenario file's
// exact bytes, recorded in result manifests.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// File returns the name of the file the scenario was parsed from, or "".
func (s *Scenario) File() string { return s.file }

// Hash returns the hex SHA-256 of the bytes the scenario was parsed from
// (for one that extends another or has overrides, of the resolved
// document; see TOML), or "" for a scenario built in code.
func (s *Scenario) Hash() string { return s.hash }

package scenarios

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
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
	Path   string // the field being written, where known, as "team[0].referrals"
	Msg    string // what is wrong and how to fix it
	Text   string // the offending line; empty for a file that may not be a scenario (see Parse)
	Len    int    // length of the offending text in bytes, at least 1
}

func (e *SyntaxError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", e.File, e.Line, e.Column)
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
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
	return LoadContext(context.Background(), path)
}

// LoadContext is Load, giving up with ctx's error when ctx is done (it is
// checked between the stages of loading: reading, decoding each file,
// merging, checking).
func LoadContext(ctx context.Context, path string) (*Scenario, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return resolve(ctx, source{file: path, data: data}, nil)
}

// Limits on what loading accepts, checked before a file is decoded so that
// no input can exhaust memory or time. The largest embedded scenario is
// under 20 KB and nests tables 3 deep.
const (
	// MaxFileBytes is the largest scenario file read, in bytes.
	MaxFileBytes = 1 << 20
	// MaxDepth is the deepest nesting of arrays and inline tables in a
	// value, counting each [ and { still open.
	MaxDepth = 32
	// MaxNameBytes is the longest name of a scenario or of any of its
	// parts (professions, teams, organisations...), in bytes. Names
	// repeat on every row of the results.
	MaxNameBytes = 100
	// MaxTextBytes is the longest of any other string (a description, a
	// source), in bytes.
	MaxTextBytes = 4096
	// MaxProblems is how many problems one scenario reports; any more
	// are counted in a last line.
	MaxProblems = 50
)

// readFile reads the scenario file at path, refusing anything but a
// regular file of at most MaxFileBytes.
func readFile(path string) ([]byte, error) { return readKind(path, "scenario") }

// readKind reads the file at path, a kind of file ("scenario", "sweep")
// as messages call it, refusing anything but a regular file of at most
// MaxFileBytes.
func readKind(path, kind string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("scenarios: no %s file %s", kind, path)
		}
		return nil, fmt.Errorf("scenarios: reading %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("scenarios: reading %s: %w", path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("scenarios: %s is a folder, not a %s file: name a .toml file in it", path, kind)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("scenarios: %s is not a regular file (it is a device, pipe or socket): save the %s to a .toml file and name that", path, kind)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("scenarios: reading %s: %w", path, err)
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge(path)
	}
	return data, nil
}

func tooLarge(file string) error {
	return fmt.Errorf("scenarios: %s is larger than %d KiB, the most a scenario or sweep file may be: a scenario is a few hundred lines; split shared parts into a parent it extends", file, MaxFileBytes>>10)
}

// guard checks data's size and nesting before it is decoded, returning a
// *SyntaxError at the first bracket or brace MaxDepth deep.
func guard(file string, data []byte) error {
	if len(data) > MaxFileBytes {
		return tooLarge(file)
	}
	depth, at := 0, -1
	brackets(data, func(i int, c byte) bool {
		if c == '[' || c == '{' {
			depth++
			if depth > MaxDepth {
				at = i
				return false
			}
		} else if depth > 0 {
			depth--
		}
		return true
	})
	if at < 0 {
		return nil
	}
	line := 1 + bytes.Count(data[:at], []byte("\n"))
	col := at - bytes.LastIndexByte(data[:at], '\n')
	return &SyntaxError{File: file, Line: line, Column: col, Len: 1,
		Msg: fmt.Sprintf("arrays and tables nested more than %d deep: a scenario needs no more than 3; write deeper tables as [table.subtable] sections", MaxDepth)}
}

// brackets calls visit with the offset and byte of every bracket and
// brace in data outside strings and comments, until visit returns false.
func brackets(data []byte, visit func(i int, c byte) bool) {
	var quote byte     // the quote of the one-line string we are in
	var closing []byte // the closing delimiter of the multi-line string we are in
	comment := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			comment = false
			quote = 0 // an unclosed one-line string: the decoder reports it
			continue
		}
		switch {
		case comment:
		case closing != nil:
			if c == '\\' && closing[0] == '"' && i+1 < len(data) && data[i+1] != '\n' {
				i++
			} else if bytes.HasPrefix(data[i:], closing) {
				i += 2
				closing = nil
			}
		case quote != 0:
			if c == '\\' && quote == '"' && i+1 < len(data) && data[i+1] != '\n' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '#':
			comment = true
		case c == '"' || c == '\'':
			if bytes.HasPrefix(data[i:], []byte{c, c, c}) {
				closing = []byte{c, c, c}
				i += 2
			} else {
				quote = c
			}
		case c == '[' || c == '{' || c == ']' || c == '}':
			if !visit(i, c) {
				return
			}
		}
	}
}

// lastUnclosed is the offset of the last [ or { in data never closed, or -1.
func lastUnclosed(data []byte) int {
	var open []int
	brackets(data, func(i int, c byte) bool {
		if c == '[' || c == '{' {
			open = append(open, i)
		} else if len(open) > 0 {
			open = open[:len(open)-1]
		}
		return true
	})
	if len(open) == 0 {
		return -1
	}
	return open[len(open)-1]
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
//
// Files larger than MaxFileBytes or nested deeper than MaxDepth are refused
// before decoding, names longer than MaxNameBytes and other strings longer
// than MaxTextBytes are errors, and at most MaxProblems problems are
// returned, the last saying how many more there were. A syntax error in a
// file that another extends names the line and column but does not show
// the line's text: such a file may not be a scenario at all.
func Parse(file string, data []byte) (*Scenario, error) {
	return resolve(context.Background(), source{file: file, data: data}, nil)
}

func joinFieldErrors(fes []*FieldError) error {
	errs := make([]error, len(fes))
	for i, e := range fes {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// syntaxError converts the toml parser's error, placing it by the byte
// offset the parser gives (its line number is one too far for a problem at
// the end of a line) and putting common mistakes in plain words. The
// offending line is shown only when echo is set.
func syntaxError(file string, data []byte, pe toml.ParseError, echo bool) *SyntaxError {
	e := &SyntaxError{File: file, Msg: pe.Message, Len: max(pe.Position.Len, 1)}
	start := pe.Position.Start
	if start < 0 || start > len(data) || start == 0 && pe.Position.Line > 1 {
		// No usable offset: fall back on the parser's line and column.
		start = offsetOf(data, max(pe.Position.Line, pe.Line, 1), max(pe.Position.Col, 1))
	}
	switch {
	case strings.HasPrefix(pe.Message, `unexpected EOF; expected '"""'`),
		strings.HasPrefix(pe.Message, `unexpected EOF; expected "'''"`):
		delim := `"""`
		if strings.Contains(pe.Message, "'''") {
			delim = "'''"
		}
		if i := bytes.LastIndex(data, []byte(delim)); i >= 0 {
			start, e.Len = i, 3
			e.Msg = "this multi-line string is never closed: end it with " + delim
		}
	case strings.HasPrefix(pe.Message, "unexpected EOF"), strings.HasSuffix(pe.Message, "but got end of file"),
		strings.HasSuffix(pe.Message, "but got end of file instead"):
		if i := lastUnclosed(data); i >= 0 {
			start, e.Len = i, 1
			ls := bytes.LastIndexByte(data[:i], '\n') + 1
			if strings.TrimSpace(string(data[ls:i])) == "" {
				e.Msg = "this table header is not closed: end it with ']' (or ']]' for [[...]])"
			} else if data[i] == '{' {
				e.Msg = "this inline table is never closed: end it with '}' on the same line"
			} else {
				e.Msg = "this array is never closed: end it with ']'"
			}
		}
	case strings.Contains(pe.Message, "array terminator (']')"):
		// The array's last line lacks its ']': place the error there.
		if end := endOfPreviousLine(data, start); end >= 0 {
			start, e.Len = end, 1
			e.Msg = "this array is not closed: end it with ']' (or, to go on to the next line, end this one with ',')"
		}
	case strings.Contains(pe.Message, "to end table name") || strings.Contains(pe.Message, "table array name delimiter"):
		if strings.HasSuffix(pe.Message, `but got '\n' instead`) || strings.HasSuffix(pe.Message, `but got '\r' instead`) {
			if nl := bytes.IndexAny(data[start:], "\r\n"); nl >= 0 {
				start, e.Len = start+nl, 1
			}
			e.Msg = "this table header is not closed: end it with ']' (or ']]' for [[...]])"
		}
	}
	e.Line = 1 + bytes.Count(data[:start], []byte("\n"))
	lineStart := bytes.LastIndexByte(data[:start], '\n') + 1
	e.Column = start - lineStart + 1
	lineEnd := bytes.IndexByte(data[lineStart:], '\n')
	if lineEnd < 0 {
		lineEnd = len(data) - lineStart
	}
	text := strings.TrimRight(string(data[lineStart:lineStart+lineEnd]), "\r")
	if path, value, at, ok := keyOnLine(data, e.Line, text); ok {
		e.Path = path
		if hint := plainWords(path, value, pe.Message); hint != "" {
			e.Msg = hint
			e.Column, e.Len = at+1, len(value)
		}
	}
	e.Len = max(min(e.Len, len(text)-e.Column+1), 1)
	if strings.HasPrefix(pe.Message, "Key '") && strings.HasSuffix(pe.Message, "' has already been defined.") {
		key := strings.TrimSuffix(strings.TrimPrefix(pe.Message, "Key '"), "' has already been defined.")
		first := ""
		if l := indexLines(data[:lineStart])[key]; l > 0 {
			first = fmt.Sprintf(" (first on line %d)", l)
		}
		e.Path = shortKey(key)
		e.Msg = fmt.Sprintf("written twice%s: delete one", first)
		if t := strings.TrimSpace(text); strings.HasPrefix(t, "[") {
			e.Msg = fmt.Sprintf("this table is written twice%s: delete this header and move the keys under it to the first", first)
			if !strings.HasPrefix(t, "[[") && isListOfTables(key) {
				e.Msg = fmt.Sprintf("%s is a list of tables, each headed [[%s]] with two brackets; this header has one: write [[%s]]", key, key, key)
			}
		}
	}
	if echo {
		e.Text = text
	}
	return e
}

// isListOfTables reports whether the top-level key holds a list of tables
// in a scenario ([[team]], [[shock]]...).
func isListOfTables(key string) bool {
	switch key {
	case "profession", "organisation", "client_group", "team", "shock":
		return true
	}
	return false
}

// offsetOf is the byte offset of line and column (from 1) in data.
func offsetOf(data []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return len(data)
		}
		off += i + 1
	}
	return min(off+col-1, len(data))
}

// endOfPreviousLine is the offset just after the last character, outside
// comments, of the last line before the one holding offset at that has
// any; -1 if there is none or something precedes at on its own line.
func endOfPreviousLine(data []byte, at int) int {
	ls := bytes.LastIndexByte(data[:at], '\n') + 1
	if strings.TrimSpace(string(data[ls:at])) != "" {
		return -1
	}
	for end := ls - 1; end > 0; {
		ps := bytes.LastIndexByte(data[:end], '\n') + 1
		line := string(data[ps:end])
		cut := len(line)
		if h := commentStart(line); h >= 0 {
			cut = h
		}
		if t := strings.TrimRight(line[:cut], " \t\r"); t != "" {
			return ps + len(t)
		}
		end = ps - 1
	}
	return -1
}

// commentStart is the index of the # that starts a comment in line, or -1.
func commentStart(line string) int {
	var quote byte
	for i := 0; i < len(line); i++ {
		switch b := line[i]; {
		case quote != 0:
			if b == '\\' && quote == '"' {
				i++
			} else if b == quote {
				quote = 0
			}
		case b == '"' || b == '\'':
			quote = b
		case b == '#':
			return i
		}
	}
	return -1
}

// keyOnLine returns the field path of the "key = value" on line n (text),
// with the table it is in, the value's text before any comment, and the
// value's byte offset in text.
func keyOnLine(data []byte, n int, text string) (path, value string, at int, ok bool) {
	eq := indexOutsideQuotes(text, '=')
	if eq < 0 || strings.HasPrefix(strings.TrimSpace(text), "[") {
		return "", "", 0, false
	}
	segs := splitKey(text[:eq])
	if len(segs) == 0 {
		return "", "", 0, false
	}
	_, table := scanLines(data, n-1)
	rest := text[eq+1:]
	if h := commentStart(rest); h >= 0 {
		rest = rest[:h]
	}
	value = strings.TrimSpace(rest)
	at = eq + 1 + strings.Index(rest, value)
	return joinPath(table, strings.Join(segs, ".")), value, at, true
}

var (
	ukDate        = regexp.MustCompile(`^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$`)
	bareWord      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 _-]*$`)
	currency      = regexp.MustCompile(`^[£$€]\s*([0-9][0-9,]*(?:\.[0-9]+)?)$`)
	decimalComma  = regexp.MustCompile(`^[-+]?\d+,\d+$`)
	numberAndWord = regexp.MustCompile(`^([-+]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z£%].*)$`)
)

// plainWords explains, for the field at path, a value written in a form
// people use but TOML does not, or returns "". msg is the parser's message.
func plainWords(path, value, msg string) string {
	key := path[strings.LastIndexByte(path, '.')+1:]
	switch {
	case value == "":
		return fmt.Sprintf("no value after '=': write %s's value (docs/SCENARIOS.md gives its type), or delete the line", key)
	case msg == "strings cannot contain newlines":
		return `this string is not closed: end it with " on the same line (for text over several lines, open and close it with """)`
	case strings.HasPrefix(msg, "invalid datetime"):
		return fmt.Sprintf("%s is not a day of the calendar: write a real date, year-month-day, such as %s = 2003-04-01", value, key)
	case bareWord.MatchString(value) && strings.HasPrefix(msg, "expected value but found"):
		return fmt.Sprintf("put words in quotes: %s = %q", key, value)
	}
	if m := currency.FindStringSubmatch(value); m != nil {
		return fmt.Sprintf("write the number alone, without the currency sign (money is in pounds): %s = %s", key, strings.ReplaceAll(m[1], ",", ""))
	}
	if m := ukDate.FindStringSubmatch(value); m != nil {
		return fmt.Sprintf("write dates year-month-day, without quotes: %s = %s-%02s-%02s (if %s means day %s of month %s)",
			key, m[3], m[2], m[1], value, m[1], m[2])
	}
	if decimalComma.MatchString(value) {
		return fmt.Sprintf("write decimals with a point: %s = %s", key, strings.Replace(value, ",", ".", 1))
	}
	if m := numberAndWord.FindStringSubmatch(value); m != nil {
		return fmt.Sprintf("write the number alone: %s = %s; the unit is fixed by the field (see docs/SCENARIOS.md), so %q goes, or into a comment after #",
			key, m[1], strings.TrimSpace(m[2]))
	}
	return ""
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

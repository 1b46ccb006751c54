package scenarios

import (
	"fmt"
	"strings"
)

// lineIndex maps field paths such as "team[1].member[0].count" (a key) or
// "team[1]" (a table header) to the line, counted from 1, where they are
// written. BurntSushi/toml keeps key positions to itself, so the index comes
// from a light scan of the file's lines: table headers, [[array]] headers
// (counted per parent so indexes match the decoded slices) and "key = value"
// lines, skipping multi-line strings and arrays. Keys inside inline tables
// are not indexed; lookups fall back to the nearest indexed ancestor.
type lineIndex map[string]int

// line returns the line of path or of its nearest indexed ancestor, or 0.
func (x lineIndex) line(path string) int {
	for p := path; p != ""; p = parentPath(p) {
		if l, ok := x[p]; ok {
			return l
		}
	}
	return 0
}

// parentPath strips the last ".key" or "[n]" from path.
func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

// joinPath appends key to the path of a table.
func joinPath(table, key string) string {
	if table == "" {
		return key
	}
	return table + "." + key
}

// indexPath returns path[i].
func indexPath(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func indexLines(data []byte) lineIndex {
	x, _ := scanLines(data, -1)
	return x
}

// scanLines indexes the first n lines of data (all when n < 0) and returns
// the index and the path of the table being filled after them.
func scanLines(data []byte, n int) (lineIndex, string) {
	x := lineIndex{}
	counts := map[string]int{} // indexed path of an array of tables → elements so far
	current := ""              // indexed path of the table being filled
	closing := ""              // closing delimiter of the multi-line string we are in
	depth := 0                 // bracket depth of a multi-line array we are in
	rest := string(data)
	for i := 0; rest != "" && (n < 0 || i < n); i++ {
		raw, after, _ := strings.Cut(rest, "\n")
		rest = after
		line := i + 1
		switch {
		case closing != "":
			if strings.Contains(raw, closing) {
				closing = ""
			}
			continue
		case depth > 0:
			depth += bracketDepth(raw)
			continue
		}
		s := strings.TrimSpace(raw)
		if strings.HasPrefix(s, "[") {
			double := strings.HasPrefix(s, "[[")
			end := strings.Index(s, "]")
			if end < 0 {
				continue
			}
			segs := splitKey(s[1:end])
			if double {
				segs = splitKey(s[2:end])
			}
			if len(segs) == 0 {
				continue
			}
			p := ""
			for _, seg := range segs[:len(segs)-1] {
				p = joinPath(p, seg)
				if n, ok := counts[p]; ok {
					p = indexPath(p, n-1)
				}
			}
			p = joinPath(p, segs[len(segs)-1])
			if double {
				n := counts[p]
				counts[p] = n + 1
				p = indexPath(p, n)
			}
			current = p
			if _, seen := x[p]; !seen {
				x[p] = line
			}
			continue
		}
		eq := indexOutsideQuotes(s, '=')
		if eq < 0 {
			continue
		}
		segs := splitKey(s[:eq])
		if len(segs) == 0 {
			continue
		}
		p := joinPath(current, strings.Join(segs, "."))
		if _, seen := x[p]; !seen {
			x[p] = line
		}
		value := strings.TrimSpace(s[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(value, q) && !strings.Contains(value[3:], q) {
				closing = q
			}
		}
		if closing == "" {
			depth = bracketDepth(value)
		}
	}
	return x, current
}

// splitKey splits a TOML key such as `a."b.c" . d` into its parts, unquoted.
func splitKey(s string) []string {
	var parts []string
	for {
		s = strings.TrimSpace(s)
		if s == "" {
			return parts
		}
		var part string
		if s[0] == '"' || s[0] == '\'' {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return parts
			}
			part, s = s[1:end+1], s[end+2:]
		} else {
			end := strings.IndexByte(s, '.')
			if end < 0 {
				end = len(s)
			}
			part, s = strings.TrimSpace(s[:end]), s[end:]
		}
		parts = append(parts, shortKey(part))
		s = strings.TrimSpace(s)
		if !strings.HasPrefix(s, ".") {
			return parts
		}
		s = s[1:]
	}
}

// eachOutsideQuotes calls f with the index and value of every byte of s
// that is outside quoted strings and before any comment, until f returns
// false.
func eachOutsideQuotes(s string, f func(i int, b byte) bool) {
	var quote byte
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case quote != 0:
			if b == '\\' && quote == '"' {
				i++
			} else if b == quote {
				quote = 0
			}
		case b == '"' || b == '\'':
			quote = b
		case b == '#':
			return
		default:
			if !f(i, b) {
				return
			}
		}
	}
}

// indexOutsideQuotes is the index of the first c in s outside quoted
// strings and before any comment, or -1.
func indexOutsideQuotes(s string, c byte) int {
	at := -1
	eachOutsideQuotes(s, func(i int, b byte) bool {
		if b == c {
			at = i
			return false
		}
		return true
	})
	return at
}

// bracketDepth is the count of opening minus closing brackets and braces in
// s, outside quoted strings and comments.
func bracketDepth(s string) int {
	d := 0
	eachOutsideQuotes(s, func(_ int, b byte) bool {
		switch b {
		case '[', '{':
			d++
		case ']', '}':
			d--
		}
		return true
	})
	return d
}

// Package suggest finds the likely intended word among known ones, for
// "did you mean" hints in error messages. It is shared by the packages that
// check user input (scenario files, overrides, metric and parameter names).
package suggest

import (
	"fmt"
	"strings"
)

// Closest returns the candidate nearest to word, or "" when none is close
// enough to be a likely typo. Close means a small edit distance relative to
// the word's length (case ignored), or, for words of four letters or more,
// one containing the other ("nurse" → "district nurse").
func Closest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := Distance(w, lc)
		limit := max(len(w), len(lc)) / 3
		limit = min(max(limit, 1), 3)
		contained := len(w) >= 4 && (strings.Contains(lc, w) || strings.Contains(w, lc))
		if d > limit && !contained {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean returns `; did you mean "x"?` for the closest candidate, or ""
// when there is none or word is itself a candidate.
func DidYouMean(word string, candidates []string) string {
	if c := Closest(word, candidates); c != "" && c != word {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}

// Distance is the Levenshtein distance between a and b, counted in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

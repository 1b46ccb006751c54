package scenarios

import (
	"fmt"
	"strings"

	"github.com/joinedup/joinedup/internal/suggest"
)

// closest returns the candidate nearest to word, or "" when none is close
// enough to be a likely typo (see suggest.Closest).
func closest(word string, candidates []string) string { return suggest.Closest(word, candidates) }

// didYouMean returns "; did you mean %q?" for the closest candidate, or "".
func didYouMean(word string, candidates []string) string { return suggest.DidYouMean(word, candidates) }

// quoted lists words as "a", "b", "c".
func quoted(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, ", ")
}

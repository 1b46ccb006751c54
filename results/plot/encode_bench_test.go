package plot

import (
	"io"
	"testing"
)

// BenchmarkEncode draws a two-run outcomes figure in each format, and in
// all three at once (EncodeAll) as an output folder does.
func BenchmarkEncode(b *testing.B) {
	fig, err := Curves(sums(twoRuns()), nil, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range Formats {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if err := fig.Encode(io.Discard, format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			if _, err := fig.EncodeAll(Formats); err != nil {
				b.Fatal(err)
			}
		}
	})
}

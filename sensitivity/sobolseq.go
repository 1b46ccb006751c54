package sensitivity

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// MaxSobolDim is the largest dimension of a SobolSequence: the number of
// dimensions of Joe and Kuo's direction numbers carried by this package.
const MaxSobolDim = 128

// MaxSobolPoints is the number of points of a SobolSequence before it
// repeats: direction numbers have 32 bits.
const MaxSobolPoints = 1 << 32

// SobolSequence generates Sobol's (1967) low-discrepancy sequence in
// [0, 1)^Dim with the direction numbers of Joe and Kuo (2008), in Gray-code
// order (Antonov and Saleev 1979), as Joe and Kuo's own generator and
// SciPy's unscrambled scipy.stats.qmc.Sobol do: point 0 is the origin, and
// the first 2^m points of every dimension hold exactly one point in each of
// the 2^m strata [k/2^m, (k+1)/2^m).
//
// With a random digital shift (each coordinate's 32 bits XORed with a
// random word drawn once per dimension) the points stay a digital net with
// the same stratification, move off the origin, and become unbiased for
// integrals (L'Ecuyer and Lemieux 2002); the shift is drawn from the source
// given to NewSobolSequence.
//
// A SobolSequence is not safe for concurrent use.
type SobolSequence struct {
	dim   int
	v     [][32]uint32 // direction numbers v[i][k], scaled by 2^32
	x     []uint32     // current point, before the shift
	shift []uint32
	next  uint64 // index of the point Next returns
}

// NewSobolSequence returns the sequence of dimension dim, positioned at
// point 0. If shift is not nil, the sequence is digitally shifted by dim
// words drawn from it; if nil, it is the unshifted sequence.
func NewSobolSequence(dim int, shift *rand.Rand) (*SobolSequence, error) {
	if dim < 1 || dim > MaxSobolDim {
		return nil, fmt.Errorf("sensitivity: Sobol sequence of dimension %d: need 1 to %d", dim, MaxSobolDim)
	}
	dirs, err := directions()
	if err != nil {
		return nil, err
	}
	s := &SobolSequence{dim: dim, v: dirs[:dim], x: make([]uint32, dim), shift: make([]uint32, dim)}
	if shift != nil {
		for i := range s.shift {
			s.shift[i] = shift.Uint32()
		}
	}
	return s, nil
}

// Dim returns the sequence's dimension.
func (s *SobolSequence) Dim() int { return s.dim }

// Index returns the index of the point the next call to Next returns.
func (s *SobolSequence) Index() uint64 { return s.next }

// Seek positions the sequence so that Next returns point i. It panics if i
// is MaxSobolPoints or more.
func (s *SobolSequence) Seek(i uint64) {
	if i >= MaxSobolPoints {
		panic(fmt.Sprintf("sensitivity: Sobol point %d beyond the sequence's %d", i, uint64(MaxSobolPoints)))
	}
	g := i ^ (i >> 1) // Gray code of i: point i is the XOR of v[k] over its bits
	for d := range s.dim {
		var x uint32
		for k := 0; g>>k != 0; k++ {
			if g>>k&1 == 1 {
				x ^= s.v[d][k]
			}
		}
		s.x[d] = x
	}
	s.next = i
}

// Next writes the next point into dst, which must have length Dim, and
// advances the sequence. It panics if the sequence is exhausted.
func (s *SobolSequence) Next(dst []float64) {
	if len(dst) != s.dim {
		panic(fmt.Sprintf("sensitivity: Sobol point of %d values, want %d", len(dst), s.dim))
	}
	if s.next >= MaxSobolPoints {
		panic("sensitivity: Sobol sequence exhausted")
	}
	for d, x := range s.x {
		dst[d] = float64(x^s.shift[d]) / (1 << 32)
	}
	// Gray-code step: point n+1 differs from point n by v[c], c the
	// position of the lowest zero bit of n.
	c := bits.TrailingZeros64(^s.next)
	if s.next+1 < MaxSobolPoints {
		for d := range s.x {
			s.x[d] ^= s.v[d][c]
		}
	}
	s.next++
}

var (
	dirsOnce sync.Once
	dirsAll  [][32]uint32
	dirsErr  error
)

// directions returns the direction numbers of every dimension, scaled by
// 2^32, computed once from joeKuo by the recurrence of Bratley and Fox
// (1988) as Joe and Kuo (2008, §2) state it.
func directions() ([][32]uint32, error) {
	dirsOnce.Do(func() { dirsAll, dirsErr = parseDirections(joeKuo) })
	return dirsAll, dirsErr
}

// parseDirections turns a table in Joe and Kuo's format into direction
// numbers, dimension 1 (all m = 1) first.
func parseDirections(table string) ([][32]uint32, error) {
	lines := strings.Split(strings.TrimSpace(table), "\n")[1:]
	out := make([][32]uint32, 1, len(lines)+1)
	for k := range 32 {
		out[0][k] = 1 << (31 - k)
	}
	for ln, line := range lines {
		f := strings.Fields(line)
		nums := make([]uint64, len(f))
		for i, s := range f {
			v, err := strconv.ParseUint(s, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("sensitivity: direction numbers, line %d: %v", ln+2, err)
			}
			nums[i] = v
		}
		if len(nums) < 4 || int(nums[0]) != len(out)+1 || len(nums) != 3+int(nums[1]) || nums[1] > 31 {
			return nil, fmt.Errorf("sensitivity: direction numbers, line %d: malformed %q", ln+2, line)
		}
		s, a, m := int(nums[1]), uint32(nums[2]), nums[3:]
		var v [32]uint32
		for k := range 32 {
			if k < s {
				if m[k]%2 != 1 || m[k] >= 1<<(k+1) {
					return nil, fmt.Errorf("sensitivity: direction numbers, line %d: m_%d = %d must be odd and below 2^%d", ln+2, k+1, m[k], k+1)
				}
				v[k] = uint32(m[k]) << (31 - k)
				continue
			}
			x := v[k-s] ^ v[k-s]>>s
			for j := 1; j < s; j++ {
				if a>>(s-1-j)&1 == 1 {
					x ^= v[k-j]
				}
			}
			v[k] = x
		}
		out = append(out, v)
	}
	if len(out) < MaxSobolDim {
		return nil, errors.New("sensitivity: direction numbers: table too short")
	}
	return out, nil
}

// Sobol is a design of N consecutive points of the Sobol sequence in Dim
// dimensions, from point Skip on. For stratification in every one- and
// many-dimensional projection, N and Skip should be multiples of a power of
// two (N = 2^m, Skip = 0 or a multiple of 2^m); Owen (2020) shows that
// dropping the first point, as was once common, spoils that balance.
type Sobol struct {
	Dim   int  // number of factors, 1 to MaxSobolDim
	N     int  // number of points, at least 1
	Skip  int  // index of the first point; 0 starts at the origin (or its shift)
	Shift bool // apply a random digital shift drawn from the source given to Design
}

// Validate reports every problem with the design's parameters.
func (s Sobol) Validate() error {
	var errs []error
	if s.Dim < 1 || s.Dim > MaxSobolDim {
		errs = append(errs, fmt.Errorf("sensitivity: Sobol design of %d factors: need 1 to %d", s.Dim, MaxSobolDim))
	}
	if s.N < 1 {
		errs = append(errs, fmt.Errorf("sensitivity: Sobol design of %d points: need at least 1", s.N))
	}
	if s.Skip < 0 {
		errs = append(errs, fmt.Errorf("sensitivity: Sobol design skips %d points: need 0 or more", s.Skip))
	}
	if s.N >= 1 && s.Skip >= 0 && uint64(s.N)+uint64(s.Skip) > MaxSobolPoints {
		errs = append(errs, fmt.Errorf("sensitivity: Sobol design of %d points from %d runs past the sequence's %d", s.N, s.Skip, uint64(MaxSobolPoints)))
	}
	return errors.Join(errs...)
}

// Design returns the points. r is used, and must not be nil, only when
// Shift is set.
func (s Sobol) Design(r *rand.Rand) (Design, error) {
	if err := s.Validate(); err != nil {
		return Design{}, err
	}
	var shift *rand.Rand
	if s.Shift {
		if r == nil {
			return Design{}, errors.New("sensitivity: a shifted Sobol design needs a random source")
		}
		shift = r
	}
	seq, err := NewSobolSequence(s.Dim, shift)
	if err != nil {
		return Design{}, err
	}
	seq.Seek(uint64(s.Skip))
	pts := make([]float64, s.N*s.Dim)
	for j := range s.N {
		seq.Next(pts[j*s.Dim : (j+1)*s.Dim])
	}
	return Design{Dim: s.Dim, Points: pts}, nil
}

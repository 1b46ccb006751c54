package sim

import (
	"math/bits"
	"math/rand/v2"
)

// PCG is a PCG-DXSM generator (O'Neill's permuted congruential generator,
// 128-bit state, "double xorshift multiply" output) whose methods the
// compiler can inline into a model's hot loop, where a *rand.Rand goes
// through an interface for every draw. It uses the multiplier and increment
// of math/rand/v2's PCG, so a PCG made by Replicate.PCG draws exactly the
// numbers the *rand.Rand from Replicate.Rand with the same purpose draws:
// switching a model from one to the other changes no result.
//
// Uint64 and Float64 are computed here; the rarer NormFloat64 and
// ExpFloat64 are math/rand/v2's, drawing from this generator's state.
type PCG struct {
	hi, lo uint64
	std    *rand.Rand // math/rand/v2 over this same state
}

// newPCG returns the generator with state (seed1, seed2), as rand.NewPCG.
func newPCG(seed1, seed2 uint64) *PCG {
	p := &PCG{hi: seed1, lo: seed2}
	p.std = rand.New(p)
	return p
}

// Uint64 returns a uniformly distributed 64-bit value (and makes PCG a
// rand.Source).
func (p *PCG) Uint64() uint64 {
	// The 128-bit LCG step: state = state × mul + inc.
	const (
		mulHi, mulLo = 0x2360ed051fc65da4, 0x4385df649fccf645
		incHi, incLo = 0x5851f42d4c957f2d, 0x14057b7ef767814f
	)
	hi, lo := bits.Mul64(p.lo, mulLo)
	hi += p.hi*mulLo + p.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	p.hi, p.lo = hi, lo
	// DXSM output from the new state.
	hi ^= hi >> 32
	hi *= 0xda942042e4dd58b5
	hi ^= hi >> 48
	return hi * (lo | 1)
}

// Float64 returns a uniform value in [0, 1) from the top 53 bits' worth of
// one draw, as rand.Rand's Float64.
func (p *PCG) Float64() float64 { return float64(p.Uint64()<<11>>11) / (1 << 53) }

// NormFloat64 returns a standard normal value (rand.Rand's NormFloat64).
func (p *PCG) NormFloat64() float64 { return p.std.NormFloat64() }

// ExpFloat64 returns an exponential value with rate 1 (rand.Rand's
// ExpFloat64).
func (p *PCG) ExpFloat64() float64 { return p.std.ExpFloat64() }

// NewPCG returns the inlinable generator for one purpose of one replicate of
// one stream; it draws the same numbers as NewRand with the same arguments.
func NewPCG(master, stream uint64, replicate int, purpose uint64) *PCG {
	s := SeedFor(master, stream)
	return newPCG(s, splitmix64(uint64(replicate)<<8^purpose))
}

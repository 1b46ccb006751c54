package sim

import "math/rand/v2"

// splitmix64 is the SplitMix64 finaliser, used to turn structured seed
// material into well-mixed, independent PCG seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// SeedFor derives the 64-bit seed of a stream from the master seed and a
// stream id (for example a run id in a sweep). Distinct inputs give
// statistically independent seeds.
func SeedFor(master, stream uint64) uint64 {
	return splitmix64(splitmix64(master) ^ splitmix64(stream+0x632be59bd9b4e019))
}

// NewRand returns the generator for one purpose of one replicate of one
// stream. Models that draw different kinds of randomness (for example demand
// and staff behaviour) from separate purposes keep common random numbers
// aligned across scenarios that differ in only one of them.
func NewRand(master, stream uint64, replicate int, purpose uint64) *rand.Rand {
	s := SeedFor(master, stream)
	return rand.New(rand.NewPCG(s, splitmix64(uint64(replicate)<<8^purpose)))
}

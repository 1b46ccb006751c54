package model

// MembersInPost counts team ti's members whose posts are filled (for tests
// of the per-team metrics).
func (w *World) MembersInPost(ti int) int {
	n := 0
	for _, i := range w.teams[ti].members {
		if !w.vacant[i] {
			n++
		}
	}
	return n
}

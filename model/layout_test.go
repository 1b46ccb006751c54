package model

import (
	"testing"
	"unsafe"
)

// TestCaseRecordSize guards the open case's record at 48 bytes (four
// records to three cache lines): every week reads every open case, so at
// national scale the queues are the largest stream a week fetches
// (BENCHMARKS.md, "Cache misses at national scale"). A field added to
// caseState should keep it there, or say in BENCHMARKS.md what it costs.
func TestCaseRecordSize(t *testing.T) {
	if got := unsafe.Sizeof(caseState{}); got != 48 {
		t.Errorf("caseState is %d bytes, want 48", got)
	}
}

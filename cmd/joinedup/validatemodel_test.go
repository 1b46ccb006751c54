package main

import (
	"strings"
	"testing"
)

func TestValidateModel(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"status check passes", []string{"-n", "8", "-check", "7"}, exitOK,
			[]string{"7. status differentials — PASS", `contrast "status differentials" on sedgefield, 156 weeks`,
				"profession[1].status: 0.6 -> 0.95", "acceptance lower", "N 8  pass",
				"without pessimistic_tradition: fails, as it should", "all 1 checks reproduced"}},
		{"fails without its mechanism", []string{"-n", "8", "-check", "7", "-off", "pessimistic_tradition"}, exitFailure,
			[]string{"7. status differentials — FAIL", "1 of 1 checks not reproduced: 7 (status differentials)"}},
		{"a check not reproduced with a clean contrast", []string{"-n", "8", "-check", "3"}, exitFailure,
			[]string{"3. co-location alone — NOT REPRODUCED (clean contrast)", "held in both arms: no integrated arrangement",
				"team[*].colocated: false -> true   (5 entries)", "team[*].leadership_strategy: false -> true   (5 entries)",
				"not reproduced: with leadership quality held", "1 of 1 checks not reproduced: 3 (co-location alone)"}},
		{"unknown check", []string{"-check", "99"}, exitUsage, nil},
		{"bad replicate count", []string{"-n", "1"}, exitUsage, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := joinedup(t, append([]string{"validate-model"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			for _, w := range tt.wants {
				if !strings.Contains(stdout, w) {
					t.Errorf("report lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}

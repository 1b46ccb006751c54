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
		{"a check against another's gain, each contrast shown", []string{"-n", "8", "-check", "3"}, exitOK,
			[]string{"3. co-location alone — PASS", "held in both arms: no integrated arrangement",
				"team[*].colocated: false -> true   (5 entries)", "team[*].leadership_strategy: false -> true   (5 entries)",
				"without self_categorisation, pessimistic_tradition: fails, as it should", "all 1 checks reproduced"}},
		{"a check on one arm's replicates", []string{"-n", "8", "-check", "9"}, -1,
			[]string{"one arm, its replicates compared with each other: sedgefield, with sites that start alike",
				"parameters.site_variation: (absent) -> 0", "trajectories fan out"}},
		{"unknown check", []string{"-check", "99"}, exitUsage, nil},
		{"bad replicate count", []string{"-n", "1"}, exitUsage, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := joinedup(t, append([]string{"validate-model"}, tt.args...)...)
			if tt.code >= 0 && code != tt.code {
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

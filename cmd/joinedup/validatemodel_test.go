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
			[]string{"7. status differentials — PASS", "acceptance lower", "all 1 checks passed"}},
		{"fails without its mechanism", []string{"-n", "8", "-check", "7", "-off", "pessimistic_tradition"}, exitFailure,
			[]string{"7. status differentials — FAIL", "1 of 1 checks failed"}},
		{"unknown check", []string{"-check", "12"}, exitUsage, nil},
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

package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/joinedup/joinedup/scenarios"
)

func cmdList(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("list", "list", "Lists the embedded scenarios, one a line: name and description.\n", stderr)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return &usageError{msg: "list takes no arguments", fs: fs}
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, e := range scenarios.Describe() {
		fmt.Fprintf(tw, "%s\t%s\n", e.Name, e.Description)
	}
	return tw.Flush()
}

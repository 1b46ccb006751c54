package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/joinedup/joinedup/scenarios"
)

func init() { commands["init"] = cmdInit }

func cmdInit(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("init", "init NAME [-o FILE]",
		`Writes a commented starter scenario called NAME, to NAME.toml in the current
folder unless -o names another file. It never overwrites a file. The starter
is valid as written; its first line points editors at the JSON schema.
`, stderr)
	out := fs.String("o", "", "write the scenario to `FILE` (default NAME.toml)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &usageError{msg: "init needs exactly one scenario name", fs: fs}
	}
	name := pos[0]
	text, err := scenarios.Starter(name)
	if err != nil {
		return &usageError{msg: err.Error(), fs: fs}
	}
	file := *out
	if file == "" {
		file = name + ".toml"
	}
	if err := writeNew(file, text); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s; check it with: joinedup validate %s\n", file, file)
	return nil
}

// writeNew writes data to a new file at path, refusing to replace an
// existing one and removing what it wrote if writing fails.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: choose another name or -o FILE", path)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

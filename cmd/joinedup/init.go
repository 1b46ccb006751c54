package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/joinedup/joinedup/scenarios"
)

func init() { commands["init"] = cmdInit }

func cmdInit(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("init", "init NAME [-o FILE]",
		`Writes a commented starter scenario called NAME, to NAME.toml in the current
folder unless -o names another file, and beside it scenario.schema.json, the
JSON schema its first line points editors at. It never overwrites a
scenario; a schema already there is left as it is. The starter is valid as
written.
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
	return writeSchemaBeside(file, stdout)
}

// writeSchemaBeside writes the JSON schema the starter's "#:schema" line
// names into the folder of file, unless a file of that name is there.
func writeSchemaBeside(file string, stdout io.Writer) error {
	path := filepath.Join(filepath.Dir(file), scenarios.SchemaFile)
	schema, err := scenarios.JSONSchema()
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil {
		if string(old) != string(schema) {
			fmt.Fprintf(stdout, "left %s as it was; it differs from this joinedup's schema (delete it and run init again to replace it)\n", path)
		}
		return nil
	}
	if err := writeNew(path, schema); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s, the schema editors use to check it\n", path)
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

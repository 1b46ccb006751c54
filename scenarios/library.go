package scenarios

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// library holds the embedded scenario files. The whole folder is embedded
// (so the package builds before any scenario is written); only *.toml
// files count as scenarios.
//
//go:embed library
var library embed.FS

const libraryDir = "library"

// Entry describes one embedded scenario, for listings.
type Entry struct {
	Name        string // the name to pass to Embedded or Resolve
	Description string // the file's description line
	Source      string // the source text the scenario is drawn from
}

// Names returns the names of the embedded scenarios, sorted.
func Names() []string {
	entries, err := fs.ReadDir(library, libraryDir)
	if err != nil {
		panic("scenarios: embedded library unreadable: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".toml") {
			names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
		}
	}
	sort.Strings(names)
	return names
}

// Raw returns the bytes of the embedded scenario file called name.
func Raw(name string) ([]byte, error) {
	names := Names()
	for _, n := range names {
		if n == name {
			return library.ReadFile(path.Join(libraryDir, name+".toml"))
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("scenarios: no embedded scenario %q; the library is empty", name)
	}
	return nil, fmt.Errorf("scenarios: no embedded scenario %q; known: %s%s", name, quoted(names), didYouMean(name, names))
}

// Embedded returns the embedded scenario called name, decoded and validated.
// Its File is "library/<name>.toml".
func Embedded(name string) (*Scenario, error) {
	data, err := Raw(name)
	if err != nil {
		return nil, err
	}
	return resolve(context.Background(), source{file: path.Join(libraryDir, name+".toml"), data: data, embedded: true}, nil)
}

// Describe lists the embedded scenarios by name with their description and
// source. It reads only those three keys, so a file with other problems is
// still listed (Embedded reports them).
func Describe() []Entry {
	var entries []Entry
	for _, name := range Names() {
		e := Entry{Name: name}
		if data, err := Raw(name); err == nil {
			var head struct {
				Description string `toml:"description"`
				Source      string `toml:"source"`
			}
			if _, err := toml.Decode(string(data), &head); err == nil {
				e.Description, e.Source = head.Description, head.Source
			}
		}
		entries = append(entries, e)
	}
	return entries
}

// Resolve returns the scenario arg names: the file at path arg if one
// exists or arg ends in ".toml", else the embedded scenario called arg.
func Resolve(arg string) (*Scenario, error) {
	return ResolveWith(arg, nil)
}

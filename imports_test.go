package joinedup_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/joinedup/joinedup"

// imports lists, for every Go file in the module, its directory (relative
// to the root), whether it is a test file, and its imports.
type fileImports struct {
	dir, file string
	test      bool
	imports   []string
}

func scan(t *testing.T) []fileImports {
	t.Helper()
	var out []fileImports
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "out" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		fi := fileImports{dir: filepath.ToSlash(filepath.Dir(path)), file: path, test: strings.HasSuffix(path, "_test.go")}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			fi.imports = append(fi.imports, p)
		}
		out = append(out, fi)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func stdlib(p string) bool { return !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") }

func under(dir, pkg string) bool { return dir == pkg || strings.HasPrefix(dir, pkg+"/") }

// TestImportFences keeps the architecture visible: cmd → scenarios → model →
// sim and cmd → results → sim, with each heavy dependency fenced in.
func TestImportFences(t *testing.T) {
	files := scan(t)
	if len(files) == 0 {
		t.Fatal("no Go files found")
	}
	for _, f := range files {
		for _, p := range f.imports {
			switch {
			case p == "math/rand":
				t.Errorf("%s imports math/rand: use math/rand/v2 with explicit sources", f.file)
			case strings.HasPrefix(p, "gonum.org/v1/plot") && !under(f.dir, "results/plot"):
				t.Errorf("%s imports %s: only results/plot may use gonum/plot", f.file, p)
			case strings.HasPrefix(p, "github.com/BurntSushi/toml") && !under(f.dir, "scenarios"):
				t.Errorf("%s imports %s: only scenarios may decode TOML", f.file, p)
			}
			if f.test {
				continue
			}
			switch {
			case under(f.dir, "internal") && !stdlib(p):
				t.Errorf("%s imports %s: internal helpers use the standard library only", f.file, p)
			case under(f.dir, "sim") && !under(f.dir, "sim/examples") && !stdlib(p):
				t.Errorf("%s imports %s: sim uses the standard library only", f.file, p)
			case under(f.dir, "results") && (under(p, module+"/model") || under(p, module+"/scenarios")):
				t.Errorf("%s imports %s: results reads metrics through its own types, not the model", f.file, p)
			case under(f.dir, "model") && (under(p, module+"/scenarios") || under(p, module+"/results") || under(p, module+"/cmd")):
				t.Errorf("%s imports %s: model depends on sim only", f.file, p)
			case under(f.dir, "sensitivity") && under(p, module) && !under(p, module+"/sensitivity"):
				t.Errorf("%s imports %s: sensitivity is domain-free and stands alone", f.file, p)
			case f.dir == "calibration" && under(p, module):
				t.Errorf("%s imports %s: the calibration core is domain-free and stands alone (wiring to the model lives elsewhere)", f.file, p)
			case under(f.dir, "scenarios") && (under(p, module+"/results") || under(p, module+"/cmd") || under(p, module+"/experiment")):
				t.Errorf("%s imports %s: scenarios builds models, it does not run or report them", f.file, p)
			case (under(f.dir, "results") || under(f.dir, "model")) && under(p, module+"/experiment"):
				t.Errorf("%s imports %s: experiment builds on %s, not the other way", f.file, p, f.dir)
			}
		}
	}
}

// TestOneEngine keeps running in one place: no package but experiment
// calls sim.Run or sim.Simulate, the replicate loops. Tests of the
// packages experiment itself builds on (sim, model, results, scenarios),
// which cannot import experiment without a cycle, may drive sim directly,
// as sim's own examples do.
func TestOneEngine(t *testing.T) {
	fset := token.NewFileSet()
	mayRun := func(fi fileImports) bool {
		switch {
		case under(fi.dir, "experiment"), under(fi.dir, "sim"):
			return true
		case fi.test:
			return under(fi.dir, "model") || under(fi.dir, "results") || under(fi.dir, "scenarios")
		}
		return false
	}
	for _, fi := range scan(t) {
		if mayRun(fi) {
			continue
		}
		f, err := parser.ParseFile(fset, fi.file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		simName := ""
		for _, im := range f.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == module+"/sim" {
				simName = "sim"
				if im.Name != nil {
					simName = im.Name.Name
				}
			}
		}
		if simName == "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == simName && (sel.Sel.Name == "Run" || sel.Sel.Name == "Simulate") {
				t.Errorf("%s: %s.%s: run replicates through experiment.Run, the one engine", fset.Position(sel.Pos()), simName, sel.Sel.Name)
			}
			return true
		})
	}
}

package model

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The rule that no shock, scenario field or bonus writes an outcome is
// enforced twice:
//
//   - statically, here: the model package's source is parsed and every
//     assignment to an outcome state variable (a field below) is checked
//     against the functions allowed to write it, the submodel that owns it
//     and the initialisation of a newcomer or of the world. Writing through
//     an alias (a pointer to the field, the field's slice held in another
//     variable, copy, clear or append on it, or a whole relation, organisation
//     or post replaced) counts as a write. Scenario fields reach the model
//     only through Config, and World's state is unexported, so no other
//     package can write an outcome;
//   - behaviourally, in outcomes_behaviour_test.go: each kind of shock, with
//     every mechanism switched off, leaves every outcome variable exactly as
//     it is without the shock.
//
// A bonus written inside an owner (an outcome nudged by a structural flag)
// passes the static check; the behavioural test and the pattern checks
// without each mechanism are what catch it.

// newcomerInit and worldInit are the initialisations allowed to set any
// outcome: a newcomer's state on arrival (their profession's identity,
// stereotypes and starting trust), and the world's starting values.
const (
	newcomerInit = "world.go:newcomer"
	worldInit    = "world.go:build"
	worldAlloc   = "world.go:alloc" // makes the professionals and their relations
)

// outcomeOwners lists, for each outcome state variable, where it may be
// written: "file:function", "file:function/Case" for only the case clause of
// a switch in that function whose list names Case, or "file:*" for any
// function of a submodel's file. Keep it short; every entry is a claim that the write is a mechanism
// or an initialisation, with its reason when it is neither.
var outcomeOwners = map[string][]string{
	// identity (mechanism 2)
	"affTeam": {"identity.go:selfCategorisation", newcomerInit},
	"affProf": {"identity.go:selfCategorisation", newcomerInit},
	"affOrg":  {"identity.go:selfCategorisation", newcomerInit},
	// relations (mechanisms 1, 3 and 4)
	"stereo":    {"contact.go:contact", newcomerInit},
	"roleU":     {"contact.go:contact", newcomerInit},
	"trust":     {"trust.go:trustUpdate", newcomerInit},
	"gap":       {"tradition.go:pessimisticTradition", newcomerInit},
	"baseGap":   {"world.go:baselines"},
	"baseStere": {"world.go:baselines"},
	// discretion and acceptance (mechanism 3)
	"discretion": {"tradition.go:pessimisticTradition", newcomerInit},
	"accept":     {"tradition.go:pessimisticTradition", newcomerInit},
	// user experience of closed cases (mechanism 8), and the regime's
	// measures of it (mechanism 5)
	"uxSum": {"service.go:*", "regime.go:*"},
	// measured performance and ratings (mechanism 5)
	"perf":   {"regime.go:*"},
	"rating": {"regime.go:*", worldInit},
	// joint posts: ended by intervention from above and by conflict
	// (mechanisms 5 and 7). Two structural events may also end one, and are
	// inputs, not predictions: a dated joint-post-split (the scenario's
	// what-if: a split decided outside the model) and the abolition of a
	// partner to the post (shock), and the scheduled end that intervention
	// from above sets (dissolvePost).
	"standing": {"regime.go:*", "governance.go:*", "shocks.go:dissolvePost", "shocks.go:shock/Abolition", "shocks.go:shock/JointPostSplit", worldInit},
}

// outcomeContainers are slices of structs holding outcome fields: replacing
// a whole element, or clearing the slice, writes every outcome in it.
var outcomeContainers = map[string][]string{
	"rel":   {newcomerInit, worldAlloc},
	"staff": {worldAlloc},
	"orgs":  {worldInit},
	"posts": {worldInit},
}

// outcomeTypes are the struct types holding outcome fields: a composite
// literal of one outside its owners writes outcomes wholesale.
var outcomeTypes = map[string][]string{
	"relation":     {newcomerInit},
	"relBase":      {"world.go:baselines"},
	"professional": {worldAlloc},
	"orgState":     {worldInit},
	"postState":    {worldInit},
}

// violation is one write to an outcome outside its owners.
type violation struct {
	pos   token.Position
	fn    string // file:function
	field string
	how   string
}

func (v violation) String() string {
	return fmt.Sprintf("%s: %s writes outcome %s (%s)", v.pos, v.fn, v.field, v.how)
}

// parseModel parses the model package's non-test Go files, with src
// replacing the contents of the named files.
func parseModel(t *testing.T, src map[string]string) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		var text any
		if s, ok := src[name]; ok {
			text = s
		}
		f, err := parser.ParseFile(fset, name, text, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	return fset, files
}

// outcomeField returns the outcome field an expression denotes, or "".
func outcomeField(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			if _, ok := outcomeOwners[x.Sel.Name]; ok {
				return x.Sel.Name
			}
			return ""
		case *ast.IndexExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return ""
		}
	}
}

// containerElement returns the outcome container whose element (or
// whole slice) an expression denotes, or "".
func containerElement(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			if _, ok := outcomeContainers[x.Sel.Name]; ok {
				return x.Sel.Name
			}
			return ""
		default:
			return ""
		}
	}
}

// sliceFields returns the outcome fields declared as slices or arrays:
// those an alias can hold.
func sliceFields(files map[string]*ast.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			for _, fl := range st.Fields.List {
				if _, ok := fl.Type.(*ast.ArrayType); !ok {
					continue
				}
				for _, name := range fl.Names {
					if _, ok := outcomeOwners[name.Name]; ok {
						out[name.Name] = true
					}
				}
			}
			return true
		})
	}
	return out
}

// bareField reports the outcome slice an expression names without
// indexing it (the slice itself, as an alias would hold it).
func bareField(e ast.Expr, slices map[string]bool) string {
	if p, ok := e.(*ast.ParenExpr); ok {
		return bareField(p.X, slices)
	}
	if s, ok := e.(*ast.SelectorExpr); ok && slices[s.Sel.Name] {
		return s.Sel.Name
	}
	return ""
}

// allowed reports whether a write in function fn of file, inside case
// clauses naming cases, is one of owners'.
func allowed(owners []string, file, fn string, cases []string) bool {
	for _, o := range owners {
		if o == file+":"+fn || o == file+":*" {
			return true
		}
		for _, c := range cases {
			if o == file+":"+fn+"/"+c {
				return true
			}
		}
	}
	return false
}

// caseLabels returns the names in the lists of the case clauses of body
// that contain pos.
func caseLabels(body *ast.BlockStmt, pos token.Pos) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		cc, ok := n.(*ast.CaseClause)
		if !ok || pos < cc.Pos() || pos >= cc.End() {
			return n == nil || (pos >= n.Pos() && pos < n.End())
		}
		for _, e := range cc.List {
			if id, ok := e.(*ast.Ident); ok {
				out = append(out, id.Name)
			}
		}
		return true
	})
	return out
}

// outcomeWrites returns every write to an outcome outside its owners.
func outcomeWrites(fset *token.FileSet, files map[string]*ast.File) []violation {
	var out []violation
	slices := sliceFields(files)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, file := range names {
		for _, d := range files[file].Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn := fd.Name.Name
			report := func(n ast.Node, field, how string, owners []string) {
				if !allowed(owners, file, fn, caseLabels(fd.Body, n.Pos())) {
					out = append(out, violation{fset.Position(n.Pos()), file + ":" + fn, field, how})
				}
			}
			lhs := func(e ast.Expr, how string) {
				if f := outcomeField(e); f != "" {
					report(e, f, how, outcomeOwners[f])
				} else if c := containerElement(e); c != "" {
					report(e, c, how+" of a whole element", outcomeContainers[c])
				}
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.AssignStmt:
					if x.Tok != token.DEFINE {
						for _, e := range x.Lhs {
							lhs(e, "assignment")
						}
					}
					for _, e := range x.Rhs {
						if f := bareField(e, slices); f != "" {
							report(e, f, "aliased slice", outcomeOwners[f])
						}
					}
				case *ast.ValueSpec:
					for _, e := range x.Values {
						if f := bareField(e, slices); f != "" {
							report(e, f, "aliased slice", outcomeOwners[f])
						}
					}
				case *ast.IncDecStmt:
					lhs(x.X, "increment")
				case *ast.UnaryExpr:
					if x.Op == token.AND {
						if f := outcomeField(x.X); f != "" {
							report(x, f, "address taken", outcomeOwners[f])
						}
					}
				case *ast.CallExpr:
					if id, ok := x.Fun.(*ast.Ident); ok && (id.Name == "copy" || id.Name == "clear" || id.Name == "append") && len(x.Args) > 0 {
						if f := bareField(x.Args[0], slices); f != "" {
							report(x, f, id.Name, outcomeOwners[f])
						} else if c := containerElement(x.Args[0]); c != "" {
							report(x, c, id.Name, outcomeContainers[c])
						}
					}
				case *ast.CompositeLit:
					if id, ok := x.Type.(*ast.Ident); ok {
						if owners, ok := outcomeTypes[id.Name]; ok && len(x.Elts) > 0 {
							report(x, id.Name, "composite literal", owners)
						}
					}
				}
				return true
			})
		}
	}
	return out
}

// TestNoOutcomeWrittenOutsideItsSubmodel is the static half of the rule.
func TestNoOutcomeWrittenOutsideItsSubmodel(t *testing.T) {
	fset, files := parseModel(t, nil)
	for _, v := range outcomeWrites(fset, files) {
		t.Errorf("%v: only %v may write it; move the effect into the owning submodel as an input", v, outcomeOwners[v.field])
	}
}

// TestOutcomeOwnersExist keeps the allow-list honest: every owner it names
// is a function of the model package, and every outcome field name is
// declared in some struct and is no method's name. Fields are matched by
// name, so a field of another struct with the same name (uxSum counts user
// experience in several tallies) is held to the same owners: the check can
// only be stricter than the rule, never laxer.
func TestOutcomeOwnersExist(t *testing.T) {
	_, files := parseModel(t, nil)
	funcs := map[string]bool{}
	fields := map[string]int{}
	for file, f := range files {
		funcs[file+":*"] = true
		for _, d := range f.Decls {
			switch x := d.(type) {
			case *ast.FuncDecl:
				funcs[file+":"+x.Name.Name] = true
				if _, ok := outcomeOwners[x.Name.Name]; ok {
					t.Errorf("%s: a function is named like outcome field %s", file, x.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range x.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, fl := range st.Fields.List {
						for _, n := range fl.Names {
							fields[n.Name]++
						}
					}
				}
			}
		}
	}
	for _, m := range []map[string][]string{outcomeOwners, outcomeContainers, outcomeTypes} {
		for field, owners := range m {
			for _, o := range owners {
				o, _, _ = strings.Cut(o, "/")
				if !funcs[o] {
					t.Errorf("owner %s of %s is no function of the model package", o, field)
				}
			}
		}
	}
	for field := range outcomeOwners {
		if fields[field] == 0 {
			t.Errorf("outcome field %s is declared in no struct of the model package", field)
		}
	}
}

// TestOutcomeWritesCaught tests the static check: each write below, put
// into the reorganisation shock (or into the named case of the shock
// switch), must be reported; a post's end in the clauses allowed to end one
// must not.
func TestOutcomeWritesCaught(t *testing.T) {
	orig, err := os.ReadFile("shocks.go")
	if err != nil {
		t.Fatal(err)
	}
	fset0 := token.NewFileSet()
	f, err := parser.ParseFile(fset0, "shocks.go", orig, 0)
	if err != nil {
		t.Fatal(err)
	}
	reorganise := -1
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "reorganise" {
			reorganise = fset0.Position(fd.Body.Lbrace).Offset + 1
		}
	}
	if reorganise < 0 {
		t.Fatal("shocks.go has no reorganise function to put writes into")
	}
	// at returns the offset just after a case label of the shock switch.
	at := func(label string) int {
		i := strings.Index(string(orig), "\tcase "+label+":\n")
		if i < 0 {
			t.Fatalf("shocks.go has no case %s", label)
		}
		return i + len("\tcase "+label+":\n")
	}
	for _, c := range []struct {
		code, field string
		inCase      string // "" for reorganise
		want        bool   // reported
	}{
		{"w.staff[0].affTeam *= 0.75", "affTeam", "", true},
		{"w.rel[0].roleU *= 0.85", "roleU", "", true},
		{"r := &w.rel[0]; r.trust = 0", "trust", "", true},
		{"m := &w.staff[0]; m.affProf = 1", "affProf", "", true},
		{"s := w.staff; s[0].affOrg = 1", "affOrg", "", true},
		{"clear(w.staff)", "staff", "", true},
		{"w.staff[0] = professional{accept: 1}", "professional", "", true},
		{"p := &w.staff[0].discretion; *p = 0", "discretion", "", true},
		{"w.rel[0].stereo--", "stereo", "", true},
		{"w.rel[0] = relation{trust: 1}", "rel", "", true},
		{"w.teams[0].queue = nil; w.acc.uxSum += 0.05", "uxSum", "", true},
		{"w.orgs[0].rating = 3", "rating", "", true},
		{"w.posts[0].standing = true", "standing", "", true},
		{"copy(w.rel, w.rel[1:])", "rel", "", true},
		{"w.posts[0].standing = false", "standing", "LeadershipChange", true},
		{"w.staff[0].affTeam = 0", "affTeam", "CommonCoreTraining", true},
		{"w.posts[0].standing = false", "standing", "JointPostSplit", false},
	} {
		name := c.code
		if c.inCase != "" {
			name += " in case " + c.inCase
		}
		t.Run(name, func(t *testing.T) {
			off, fn := reorganise, "shocks.go:reorganise"
			if c.inCase != "" {
				off, fn = at(c.inCase), "shocks.go:shock"
			}
			src := string(orig[:off]) + "\n" + c.code + "\n" + string(orig[off:])
			fset, files := parseModel(t, map[string]string{"shocks.go": src})
			vs := outcomeWrites(fset, files)
			found := false
			for _, v := range vs {
				found = found || (v.fn == fn && v.field == c.field)
			}
			if found != c.want {
				t.Errorf("%q in %s: reported %v, want %v; reported: %v", c.code, fn, found, c.want, vs)
			}
		})
	}
}

package model_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Every behavioural coefficient of the model is in the parameter table
// (params.go), with its unit, range, default and source, so that a scenario
// can set it, the sensitivity analysis can screen it and the ODD lists it.
// The test below reads the model's source and fails on a number written
// into the code that is not one of the few mathematical constants and unit
// conversions allowed here.

// coefficientFree lists the files whose numbers are not coefficients:
// params.go holds the table itself; generate.go builds the synthetic
// England of many partnerships, whose professions, organisations, teams and
// shocks are a scenario (inputs, like a scenario file's), not coefficients
// of the submodels.
var coefficientFree = map[string]bool{"params.go": true, "generate.go": true}

// allowedNumbers are the numbers a model file may hold, by file, each with
// why it is not a coefficient. 0 and 1 are allowed everywhere (initial
// values, shares' complements, clamps).
var allowedNumbers = map[string]map[string]string{
	"burnin.go": {"52": "weeks a year: the hastened yearly turnover is capped at one leaving a week"},
	"capacity.go": {
		"0.1": "guard against division by zero in the attention share, max(demand, 0.1)",
	},
	"config.go": {
		"7":   "days a week (calendar dates of weeks)",
		"24":  "hours a day (calendar dates of weeks)",
		"6.5": "rounds a number of days up to whole weeks",
	},
	"governance.go": {"2": "(2 − ownership) = 1 + (1 − ownership): conflict grows up to twice as fast without ownership; conflict_growth carries the magnitude"},
	"leaders.go":    {"52": "weeks a year: the yearly leader turnover to weekly"},
	"labour.go": {
		"52":   "weeks a year: yearly turnover to weekly",
		"1e-9": "guard against division by zero, max(pool_exit, 1e-9)",
	},
	"metrics.go": {
		"0.5":  "an isolated member's trust counted at the scale's midpoint in the cohesion metric (a measurement, not behaviour)",
		"2":    "cohesion metric: the status gap (−1..1) halved",
		"3":    "cohesion metric: the mean of three components",
		"52":   "weeks a year: reported turnover per year",
		"1000": "per thousand cases, as the outcome is defined",
	},
	"regime.go": {
		"0.5":  "phi, the standard normal distribution function: 0.5 erfc(−z/√2)",
		"2":    "the inverse of phi: −√2 erfcinv(2p)",
		"1e-9": "guards: against division by zero, max(revert_threshold, 1e-9), and keeping the inverse of phi finite",
	},
	"service.go": {
		"7":  "days a week: delayed-transfer days",
		"8":  "bits a byte: a step's slot is drawn from the case's random bits",
		"21": "bits of each of three uniform draws packed into one 64-bit number",
	},
	"shocks.go":    {"52": "weeks a year: yearly hazards to weekly"},
	"workforce.go": {"0.5": "guard against division by zero in the backlog, max(slot capacity, 0.5)", "52": "weeks a year: yearly turnover to weekly"},
	"world.go": {
		"0.1": "guard against division by zero in the cost of a task, max(caseload, 0.1)",
		"16":  "initial capacity of a team's queue (memory only)",
		"32":  "initial capacity of a team's queue (memory only)",
	},
}

// arithmetic are the operators through which a number acts as a coefficient.
var arithmetic = map[token.Token]bool{
	token.ADD: true, token.SUB: true, token.MUL: true, token.QUO: true,
	token.ADD_ASSIGN: true, token.SUB_ASSIGN: true, token.MUL_ASSIGN: true, token.QUO_ASSIGN: true,
}

// bounds are the functions through which a number acts as a bound.
var bounds = map[string]bool{"min": true, "max": true, "math.Min": true, "math.Max": true}

// TestNoHiddenCoefficients fails if a non-test model file other than those
// in coefficientFree holds a floating-point number, or an integer other than
// 0 and 1 in arithmetic or a bound (min, max), that is not in allowedNumbers.
func TestNoHiddenCoefficients(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	checked := 0
	used := map[string]bool{} // allowed numbers by "file number", and whether the file holds them
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || coefficientFree[name] {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for v := range allowedNumbers[name] {
			used[name+" "+v] = false
		}
		report := func(lit *ast.BasicLit) {
			v := lit.Value
			if x, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64); err == nil && (x == 0 || x == 1) {
				return
			}
			if _, ok := allowedNumbers[name][v]; ok {
				used[name+" "+v] = true
				return
			}
			t.Errorf("model/%s: the number %s is written into the code: add it to the parameter table in params.go "+
				"(name, unit, range, default, source or assumption) and read it from Params; "+
				"if it is a mathematical constant or a unit conversion, add it with its reason to allowedNumbers in coefficients_test.go",
				fset.Position(lit.Pos()), v)
		}
		intIn := func(e ast.Expr) {
			if lit, ok := ast.Unparen(e).(*ast.BasicLit); ok && lit.Kind == token.INT {
				report(lit)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				// Named constants (enumerations, sizes) are declarations, not
				// coefficients in a formula; a float constant is still caught
				// where it is used below only if written as a literal.
				if n.Tok == token.CONST {
					return false
				}
			case *ast.BasicLit:
				if n.Kind == token.FLOAT {
					report(n)
				}
			case *ast.BinaryExpr:
				if arithmetic[n.Op] {
					intIn(n.X)
					intIn(n.Y)
				}
			case *ast.CallExpr:
				// A bound: min(x, 2), math.Max(0.5, y).
				if bounds[types.ExprString(n.Fun)] {
					for _, e := range n.Args {
						intIn(e)
					}
				}
			case *ast.AssignStmt:
				if arithmetic[n.Tok] {
					for _, e := range n.Rhs {
						intIn(e)
					}
				}
			}
			return true
		})
	}
	for k, ok := range used {
		if !ok {
			t.Errorf("allowedNumbers in coefficients_test.go allows %s, which the file no longer holds: remove it", k)
		}
	}
	for name := range allowedNumbers {
		if _, err := os.Stat(name); err != nil {
			t.Errorf("allowedNumbers in coefficients_test.go names %s, which is not a model file: remove it", name)
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d model files: is the test run from the model directory?", checked)
	}
}

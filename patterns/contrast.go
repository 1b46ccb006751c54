package patterns

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/joinedup/joinedup/experiment"
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/scenarios"
)

// Setting sets one field of a scenario, with the file's own keys as an
// override (scenarios.Override) does; "[*]" stands for every entry of a
// list: "team[*].colocated" sets the field in every team.
type Setting struct {
	Path  string // such as "team[*].colocated" or "partnership.form"
	Value string // a TOML value, such as false, 0.8, "split", []
}

// Factor is what a contrast changes, as data: fields set and shocks added.
// A factor that is a package of several fields (the integrated arrangement
// of pattern 1) says so in its Name and Note.
type Factor struct {
	Name   string            // what the factor is, such as "co-location"
	Note   string            // why these fields form one factor, when they are several
	Set    []Setting         // fields set
	Shocks []scenarios.Shock // shocks added
}

// Contrast compares two arms of one library scenario on common random
// numbers: Without is the scenario with Held applied, With is Without with
// Factor applied as well. The two arms must differ in Factor's fields and
// in nothing else (see Diff).
type Contrast struct {
	Name     string   // short name, such as "co-location alone"
	Scenario string   // the library scenario both arms start from
	Held     []Factor // applied to both arms: the level everything else is held at
	Factor   Factor   // the factor under test, applied to the With arm only
	Weeks    int      // weeks simulated; 0 means the scenario's
	// Scale multiplies the replicates per arm (0 means 1), for a contrast
	// whose effect is small against the replicate-to-replicate noise, so
	// that its check has the power of the others (see the power analysis
	// in patterns_test.go).
	Scale int
}

// replicates returns the replicates per arm of c when the options ask
// for n.
func (c *Contrast) replicates(n int) int { return n * max(1, c.Scale) }

// FieldDiff is one field in which the arms of a contrast differ, with its
// value in each; "(absent)" marks a list entry one arm lacks.
type FieldDiff struct {
	Path          string // such as "team[0].colocated" or "shock[0]"
	Without, With string
}

// String returns "path: without -> with".
func (d FieldDiff) String() string { return d.Path + ": " + d.Without + " -> " + d.With }

// Applied is a contrast as a check ran it: the contrast and the exact
// field-by-field difference between its two resolved arms.
type Applied struct {
	Contrast *Contrast
	Diff     []FieldDiff
	// Single marks a check on one arm (the scenario with the contrast's
	// held factors, its replicates compared with each other); Diff is then
	// how that arm differs from the scenario as it is.
	Single bool
}

// arms resolves the contrast's two arms, with the mechanisms in off
// switched off in both.
func (c *Contrast) arms(off []string) (without, with *scenarios.Scenario, err error) {
	build := func(fs []Factor) (*scenarios.Scenario, error) {
		base, err := scenarios.Embedded(c.Scenario)
		if err != nil {
			return nil, err
		}
		var overs []scenarios.Override
		var shocks []scenarios.Shock
		for _, f := range fs {
			for _, s := range f.Set {
				paths, err := expand(base, s.Path)
				if err != nil {
					return nil, fmt.Errorf("factor %q: %w", f.Name, err)
				}
				for _, p := range paths {
					overs = append(overs, scenarios.Override{Path: p, Value: s.Value, Flag: "factor " + strconv.Quote(f.Name) + ":"})
				}
			}
			shocks = append(shocks, f.Shocks...)
		}
		sc, err := scenarios.ResolveWith(c.Scenario, overs)
		if err != nil {
			return nil, err
		}
		sc.Shocks = append(sc.Shocks, shocks...)
		v := false
		for _, m := range off {
			if err := setMechanism(sc, m, &v); err != nil {
				return nil, err
			}
		}
		if c.Weeks > 0 {
			sc.Run.Weeks = c.Weeks
		}
		return sc, nil
	}
	if without, err = build(c.Held); err != nil {
		return nil, nil, fmt.Errorf("contrast %q, arm without %s: %w", c.Name, c.Factor.Name, err)
	}
	if with, err = build(append(append([]Factor(nil), c.Held...), c.Factor)); err != nil {
		return nil, nil, fmt.Errorf("contrast %q, arm with %s: %w", c.Name, c.Factor.Name, err)
	}
	return without, with, nil
}

// Diff resolves the contrast's two arms and returns every field in which
// they differ. It is an error if they differ in a field the factor does
// not declare, or in nothing at all: a contrast changes exactly its factor.
func (c *Contrast) Diff() ([]FieldDiff, error) {
	a, b, err := c.arms(nil)
	if err != nil {
		return nil, err
	}
	return c.check(a, b)
}

// HeldDiff returns how the contrast's arm without its factor (the
// scenario with the held factors) differs from the scenario as it is, and
// an error if it differs in a field no held factor declares: the exact
// setting of a check on one arm (Applied.Single).
func (c *Contrast) HeldDiff() ([]FieldDiff, error) {
	asIs, err := scenarios.Embedded(c.Scenario)
	if err != nil {
		return nil, err
	}
	held, _, err := c.arms(nil)
	if err != nil {
		return nil, err
	}
	diff := DiffScenarios(asIs, held)
	if len(diff) == 0 {
		return nil, fmt.Errorf("contrast %q: the held factors change nothing in %s", c.Name, c.Scenario)
	}
	if stray := undeclared(diff, asIs, c.Held); len(stray) > 0 {
		return nil, fmt.Errorf("contrast %q: the held arm differs from %s in fields no held factor declares: %s", c.Name, c.Scenario, strings.Join(stray, "; "))
	}
	return diff, nil
}

func (c *Contrast) check(a, b *scenarios.Scenario) ([]FieldDiff, error) {
	diff := DiffScenarios(a, b)
	if len(diff) == 0 {
		return nil, fmt.Errorf("contrast %q: the arms do not differ: %s changes nothing in %s", c.Name, c.Factor.Name, c.Scenario)
	}
	if stray := undeclared(diff, a, []Factor{c.Factor}); len(stray) > 0 {
		return nil, fmt.Errorf("contrast %q: the arms differ in fields outside the factor %s: %s", c.Name, c.Factor.Name, strings.Join(stray, "; "))
	}
	return diff, nil
}

// undeclared lists the differences (paths of sc) that none of the factors
// fs declares.
func undeclared(diff []FieldDiff, sc *scenarios.Scenario, fs []Factor) []string {
	var stray []string
	for _, d := range diff {
		ok := false
		for i := range fs {
			ok = ok || fs[i].declares(sc, d.Path)
		}
		if !ok {
			stray = append(stray, d.String())
		}
	}
	return stray
}

// declares reports whether path is one of the factor's fields in sc (or
// lies below one), or a shock entry when the factor adds shocks.
func (f *Factor) declares(sc *scenarios.Scenario, path string) bool {
	for _, s := range f.Set {
		ps, err := expand(sc, s.Path)
		if err != nil {
			continue
		}
		for _, p := range ps {
			if path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
				return true
			}
		}
	}
	return len(f.Shocks) > 0 && strings.HasPrefix(path, "shock[")
}

// expand turns a path with "[*]" (every entry) or `["name"]` (the entry
// of that name) into paths with indexes, one per entry of sc.
func expand(sc *scenarios.Scenario, path string) ([]string, error) {
	i := -1
	for k := 0; k+1 < len(path); k++ {
		if path[k] == '[' && (path[k+1] == '*' || path[k+1] == '"') {
			i = k
			break
		}
	}
	if i < 0 {
		return []string{path}, nil
	}
	end := strings.IndexByte(path[i:], ']')
	if end < 0 {
		return nil, fmt.Errorf("path %s: missing ]", path)
	}
	end += i
	v, err := lookup(reflect.ValueOf(sc).Elem(), path[:i])
	if err != nil {
		return nil, fmt.Errorf("path %s: %w", path, err)
	}
	if v.Kind() != reflect.Slice {
		return nil, fmt.Errorf("path %s: %s is not a list", path, path[:i])
	}
	var idx []int
	if path[i+1] == '*' {
		for j := 0; j < v.Len(); j++ {
			idx = append(idx, j)
		}
	} else {
		name, err := strconv.Unquote(path[i+1 : end])
		if err != nil {
			return nil, fmt.Errorf("path %s: %v", path, err)
		}
		for j := 0; j < v.Len(); j++ {
			if e := v.Index(j); e.Kind() == reflect.Struct {
				if f, ok := fieldByKey(e, "name"); ok && f.String() == name {
					idx = append(idx, j)
				}
			}
		}
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("path %s: no entry of %s matches", path, path[:i])
	}
	var out []string
	for _, j := range idx {
		more, err := expand(sc, path[:i]+"["+strconv.Itoa(j)+"]"+path[end+1:])
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// lookup walks a path of toml keys and [n] indexes from a scenario value.
func lookup(v reflect.Value, path string) (reflect.Value, error) {
	for path != "" {
		if path[0] == '.' {
			path = path[1:]
		}
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			n, err := strconv.Atoi(path[1:end])
			if err != nil || v.Kind() != reflect.Slice || n >= v.Len() {
				return v, fmt.Errorf("no entry %s", path[:end+1])
			}
			v, path = v.Index(n), path[end+1:]
			continue
		}
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		key := path[:end]
		if v.Kind() != reflect.Struct {
			return v, fmt.Errorf("%s is not a table", key)
		}
		f, ok := fieldByKey(v, key)
		if !ok {
			return v, fmt.Errorf("no key %s", key)
		}
		v, path = f, path[end:]
	}
	return v, nil
}

func fieldByKey(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if tomlKey(t.Field(i)) == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// tomlKey is a field's key in the scenario file; "" for an unexported or
// untagged field.
func tomlKey(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	k, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if k == "-" {
		return ""
	}
	return k
}

// DiffScenarios compares two resolved scenarios field by field, in the
// file's keys, and returns every field whose value differs. List entries
// are compared by index; an entry one side lacks is one difference.
func DiffScenarios(a, b *scenarios.Scenario) []FieldDiff {
	var out []FieldDiff
	diffValue("", reflect.ValueOf(*a), reflect.ValueOf(*b), &out)
	return out
}

func diffValue(path string, a, b reflect.Value, out *[]FieldDiff) {
	switch a.Kind() {
	case reflect.Struct:
		if _, ok := a.Interface().(scenarios.Date); ok {
			break
		}
		t := a.Type()
		for i := 0; i < t.NumField(); i++ {
			k := tomlKey(t.Field(i))
			if k == "" {
				continue
			}
			diffValue(join(path, k), a.Field(i), b.Field(i), out)
		}
		return
	case reflect.Slice:
		if a.Type().Elem().Kind() == reflect.Struct {
			for i := 0; i < max(a.Len(), b.Len()); i++ {
				p := path + "[" + strconv.Itoa(i) + "]"
				switch {
				case i >= a.Len():
					*out = append(*out, FieldDiff{p, "(absent)", render(b.Index(i))})
				case i >= b.Len():
					*out = append(*out, FieldDiff{p, render(a.Index(i)), "(absent)"})
				default:
					diffValue(p, a.Index(i), b.Index(i), out)
				}
			}
			return
		}
	case reflect.Map:
		keys := map[string]bool{}
		for _, k := range a.MapKeys() {
			keys[k.String()] = true
		}
		for _, k := range b.MapKeys() {
			keys[k.String()] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			kv := reflect.ValueOf(k)
			va, vb := a.MapIndex(kv), b.MapIndex(kv)
			ra, rb := "(absent)", "(absent)"
			if va.IsValid() {
				ra = render(va)
			}
			if vb.IsValid() {
				rb = render(vb)
			}
			if ra != rb {
				*out = append(*out, FieldDiff{join(path, k), ra, rb})
			}
		}
		return
	}
	if ra, rb := render(a), render(b); ra != rb {
		*out = append(*out, FieldDiff{path, ra, rb})
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// render writes a value as it would read in a scenario file.
func render(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "(unset)"
		}
		return render(v.Elem())
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Float64, reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Struct:
		if d, ok := v.Interface().(scenarios.Date); ok {
			if d.IsZero() {
				return "(unset)"
			}
			return d.Format("2006-01-02")
		}
		var parts []string
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			k := tomlKey(t.Field(i))
			if k == "" || v.Field(i).IsZero() {
				continue
			}
			parts = append(parts, k+" = "+render(v.Field(i)))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = render(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Map:
		var parts []string
		for _, k := range v.MapKeys() {
			parts = append(parts, k.String()+" = "+render(v.MapIndex(k)))
		}
		sort.Strings(parts)
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v.Interface())
}

// key identifies a resolved arm for the cache: every field rendered.
func key(sc *scenarios.Scenario) string { return render(reflect.ValueOf(*sc)) }

// pair runs both arms of a contrast (cached by their resolved content, so
// arms shared between contrasts run once) and returns them with the
// contrast as applied.
func (r *runner) pair(ctx context.Context, c *Contrast) (without, with *results.Set, ap Applied, err error) {
	a, b, err := c.arms(r.opt.Off)
	if err != nil {
		return nil, nil, ap, err
	}
	diff, err := c.check(a, b)
	if err != nil {
		return nil, nil, ap, err
	}
	ap = Applied{Contrast: c, Diff: diff}
	r.mu.Lock()
	seen := false
	for _, x := range r.applied {
		seen = seen || x.Contrast == c
	}
	if !seen {
		r.applied = append(r.applied, ap)
	}
	r.mu.Unlock()
	n := c.replicates(r.opt.replicates())
	if without, err = r.simulate(ctx, c.Scenario+" without "+c.Factor.Name, a, n); err != nil {
		return nil, nil, ap, err
	}
	if with, err = r.simulate(ctx, c.Scenario+" with "+c.Factor.Name, b, n); err != nil {
		return nil, nil, ap, err
	}
	return without, with, ap, nil
}

// held runs the contrast's arm without its factor (the scenario with the
// held factors, with the options' mechanisms off), for checks that compare
// one arm's replicates with each other; the report shows how that arm
// differs from the scenario as it is (Applied.Single).
func (r *runner) held(ctx context.Context, c *Contrast) (*results.Set, error) {
	sc, _, err := c.arms(r.opt.Off)
	if err != nil {
		return nil, err
	}
	diff, err := c.HeldDiff()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.applied = append(r.applied, Applied{Contrast: c, Diff: diff, Single: true})
	r.mu.Unlock()
	return r.simulate(ctx, c.Scenario+" with "+c.Name, sc, c.replicates(r.opt.replicates()))
}

// simulate runs a resolved scenario for n replicates, once per distinct
// content and n within a check.
func (r *runner) simulate(ctx context.Context, name string, sc *scenarios.Scenario, n int) (*results.Set, error) {
	k := fmt.Sprintf("%d %s", n, key(sc))
	r.mu.Lock()
	if s, ok := r.cache[k]; ok {
		r.mu.Unlock()
		return s, nil
	}
	r.mu.Unlock()
	cfg, err := sc.Build()
	if err != nil {
		return nil, fmt.Errorf("arm %s: %w", name, err)
	}
	var ms []results.Metric
	for _, m := range cfg.Metrics() {
		ms = append(ms, results.Metric{Name: m.Name, Unit: m.Unit})
	}
	rec := results.NewRecorder(results.Meta{Scenario: name, Seed: r.opt.seed(), Replicates: n, Weeks: cfg.Weeks, Every: 1, Start: cfg.Start, Metrics: ms}, nil)
	plan := experiment.Plan{
		Arms:       []experiment.Arm{{Name: name, Scenario: sc}},
		Replicates: n, Weeks: cfg.Weeks, Every: 1, Seed: r.opt.seed(), Workers: r.opt.Workers,
		Ensemble: r.opt.Ensemble,
	}
	keep := experiment.SinkFunc(func(u *experiment.Unit) error { return rec.Observe(u.Arms[0]) })
	if err := experiment.Run(ctx, plan, keep); err != nil {
		return nil, err
	}
	r.mu.Lock()
	if r.cache == nil {
		r.cache = map[string]*results.Set{}
	}
	r.cache[k] = rec.Set()
	r.mu.Unlock()
	return rec.Set(), nil
}

// Verdict is a check run twice: on the model as it is (Full) and with
// every mechanism the check names switched off as well (Without; nil for a
// check that names none).
type Verdict struct {
	Full, Without *Result
}

// Reproduced reports whether the model reproduces the pattern from its
// mechanisms: the check passes, and fails once the mechanisms it names are
// off. A check that passes without them shows an outcome written in, not
// produced.
func (v *Verdict) Reproduced() bool {
	return v.Full.Pass() && v.Without != nil && !v.Without.Pass()
}

// Validate runs each check on the model as it is and without the
// mechanisms it names (two at a time), and returns their verdicts in
// check order.
func Validate(ctx context.Context, checks []*Check, o Options) ([]*Verdict, error) {
	out := make([]*Verdict, len(checks))
	errs := make([]error, len(checks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			v := &Verdict{}
			if v.Full, errs[i] = c.Run(ctx, o); errs[i] != nil {
				return
			}
			if len(c.Mechanisms) > 0 {
				off := o
				off.Off = append(append([]string(nil), o.Off...), c.Mechanisms...)
				if v.Without, errs[i] = c.Run(ctx, off); errs[i] != nil {
					return
				}
			}
			out[i] = v
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	return out, nil
}

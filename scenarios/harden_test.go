package scenarios

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests feed loading hostile or mistaken input and check that it
// fails quickly, without exhausting memory, with a message naming the file,
// line, field and a fix.

func TestDeepNestingRefusedBeforeDecoding(t *testing.T) {
	// 10,000 inline tables nested in 41 KB once exhausted 4 GiB in the decoder.
	data := "name = \"x\"\nparameters = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n"
	_, err := Parse("deep.toml", []byte(data))
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SyntaxError", err)
	}
	if se.Line != 2 || se.Column != len("parameters = ")+3*MaxDepth+1 {
		t.Errorf("placed at %d:%d, want 2:%d", se.Line, se.Column, len("parameters = ")+3*MaxDepth+1)
	}
	if !strings.Contains(se.Msg, "nested more than 32 deep") || !strings.Contains(se.Msg, "[table.subtable]") {
		t.Errorf("message %q does not say what is wrong and how to fix it", se.Msg)
	}
	// Brackets in strings and comments do not count.
	ok := "# " + strings.Repeat("[", 100) + "\nname = \"" + strings.Repeat("{", 100) + "\"\n"
	if _, err := Parse("strings.toml", []byte(ok)); errors.As(err, &se) {
		t.Errorf("brackets in strings and comments counted: %v", err)
	}
}

func TestOversizedAndSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", MaxFileBytes)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"too large", big, "big.toml is larger than 1024 KiB"},
		{"a device", "/dev/zero", "/dev/zero is not a regular file"},
		{"a folder", dir, "is a folder, not a scenario file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); err != nil {
				t.Skip(err)
			}
			_, err := Load(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load(%s) = %v, want %q", tt.path, err, tt.want)
			}
			_, err = ResolveWith(tt.path+"", nil)
			if err == nil {
				t.Fatalf("ResolveWith(%s) succeeded", tt.path)
			}
		})
	}
	if _, err := Parse("big.toml", make([]byte, MaxFileBytes+1)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Parse of an oversized file: %v", err)
	}
}

func TestManyUnknownKeysCappedAndCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString(readMinimal(t))
	b.WriteString("\n[partnership.change]\n")
	b.Reset()
	b.WriteString("[run]\n")
	n := 50000
	for i := range n {
		b.WriteString("k")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString("_")
		b.WriteString(itoa(i))
		b.WriteString(" = 1\n")
	}
	_, err := Parse("many.toml", []byte(b.String()))
	got := problems(err)
	if len(got) != MaxProblems+1 {
		t.Fatalf("%d problems reported, want %d and a count", len(got), MaxProblems+1)
	}
	if !strings.HasPrefix(got[0], "many.toml:2: run.") || !strings.Contains(got[0], "unknown key") {
		t.Errorf("first problem %q", got[0])
	}
	last := got[len(got)-1]
	if !strings.Contains(last, "more problems not shown") || !strings.HasPrefix(last, "scenarios: many.toml: ") {
		t.Errorf("last line %q does not count the rest", last)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}

func TestLongNamesRefused(t *testing.T) {
	src := edit(t, readMinimal(t), `name = "minimal"`, `name = "`+strings.Repeat("m", 200000)+`"`)
	_, err := Parse("long.toml", []byte(src))
	got := problems(err)
	if len(got) != 1 || !strings.HasPrefix(got[0], "long.toml:2: name: ") ||
		!strings.Contains(got[0], "a name or word may be at most 100 bytes: shorten it") {
		t.Errorf("got %q", got)
	}
	src = edit(t, readMinimal(t), `source = "testdata"`, `source = "`+strings.Repeat("s", 5000)+`"`,
		`[run]`, "[parameters]\n\""+strings.Repeat("p", 200)+"\" = 1\n\n[run]")
	got = problems(func() error { _, err := Parse("long.toml", []byte(src)); return err }())
	want := []string{
		"long.toml:4: source: 5000 bytes long; a source may be at most 4096 bytes: shorten it",
		"long.toml:7: parameters." + strings.Repeat("p", 40) + "…(200 bytes): a key of 200 bytes; keys here are names of at most 100 bytes",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestSyntaxErrorsPlacedAndExplained(t *testing.T) {
	min := readMinimal(t)
	tests := []struct {
		name, src string
		want      string // the error, without the echoed line
		text      string // the echoed line
		caret     int    // the caret's column
	}{
		{"unclosed table header", edit(t, min, "[partnership]\n", "[partnership\n"),
			"x.toml:43:13: this table header is not closed: end it with ']' (or ']]' for [[...]])", "[partnership", 13},
		{"unclosed array-of-tables header", edit(t, min, "[[team]]\nname = \"north\"", "[[team]\nname = \"north\""),
			"x.toml:61:8: this table header is not closed: end it with ']' (or ']]' for [[...]])", "[[team]", 8},
		{"unclosed array", edit(t, min, "pace = 0.3\n", "pace = [0.3, 0.4   # two\n"),
			"x.toml:46:17: partnership.pace: this array is not closed: end it with ']' (or, to go on to the next line, end this one with ',')", "pace = [0.3, 0.4   # two", 17},
		{"unclosed multi-line string", edit(t, min, `description = "Two teams`, `description = """Two teams`),
			`x.toml:3:15: description: this multi-line string is never closed: end it with """`, `description = """Two teams of nurses and social workers, one reorganisation."`, 15},
		{"unclosed array at the end", min + "\n[parameters]\nturnover = [0.1,\n  0.2\n",
			"x.toml:98:12: parameters.turnover: this array is never closed: end it with ']'", "turnover = [0.1,", 12},
		{"unclosed inline table at the end", min + "\nchange = {leadership = true\n",
			"x.toml:97:10: shock[0].change: this inline table is never closed: end it with '}' on the same line", "change = {leadership = true", 10},
		{"unclosed header at the end", min + "\n[parameters\n",
			"x.toml:97:12: this table header is not closed: end it with ']' (or ']]' for [[...]])", "[parameters", 12},
		{"key written twice", edit(t, min, "pace = 0.3\n", "pace = 0.3\npace = 0.4\n"),
			"x.toml:47:1: partnership.pace: written twice (first on line 46): delete one", "pace = 0.4", 1},
		{"table written twice", min + "\n[partnership]\npace = 0.4\n",
			"x.toml:97:2: partnership: this table is written twice (first on line 43): delete this header and move the keys under it to the first", "[partnership]", 2},
		{"UK date", edit(t, min, "start = 2003-04-01", "start = 01/12/2005"),
			"x.toml:7:9: run.start: write dates year-month-day, without quotes: start = 2005-12-01 (if 01/12/2005 means day 01 of month 12)", "start = 01/12/2005", 9},
		{"UK date, one digit", edit(t, min, "start = 2003-04-01", "start = 1/4/2003  # April"),
			"x.toml:7:9: run.start: write dates year-month-day, without quotes: start = 2003-04-01 (if 1/4/2003 means day 1 of month 4)", "start = 1/4/2003  # April", 9},
		{"decimal comma", edit(t, min, "pace = 0.3", "pace = 0,3"),
			"x.toml:46:8: partnership.pace: write decimals with a point: pace = 0.3", "pace = 0,3", 8},
		{"number with a unit", edit(t, min, "referrals = 12", "referrals = 6 per week"),
			`x.toml:64:13: team[0].referrals: write the number alone: referrals = 6; the unit is fixed by the field (see docs/SCENARIOS.md), so "per week" goes, or into a comment after #`, "referrals = 6 per week", 13},
		{"money with a unit", edit(t, min, "weekly_cost = 650", "weekly_cost = 650 pounds"),
			`x.toml:29:15: profession[1].weekly_cost: write the number alone: weekly_cost = 650; the unit is fixed by the field (see docs/SCENARIOS.md), so "pounds" goes, or into a comment after #`, "weekly_cost = 650 pounds", 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.toml", []byte(tt.src))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *SyntaxError", err)
			}
			first, _, _ := strings.Cut(err.Error(), "\n")
			if first != tt.want {
				t.Errorf("got  %s\nwant %s", first, tt.want)
			}
			if se.Text != tt.text || se.Column != tt.caret {
				t.Errorf("echoed %q with the caret at %d, want %q at %d\n%v", se.Text, se.Column, tt.text, tt.caret, err)
			}
		})
	}
}

func TestWrongTypeDoesNotHideOtherProblems(t *testing.T) {
	src := edit(t, readMinimal(t),
		"weeks = 52", `weeks = "fifty-two"`,
		"pace = 0.3", "pace = 3",
		"referrals = 12", "referrals = [12]",
		`client_group = "older people"`, `client_group = "older folk"`)
	_, err := Parse("x.toml", []byte(src))
	got := problems(err)
	want := []string{
		`x.toml:8: run.weeks: expected a whole number, found string "fifty-two"`,
		"x.toml:64: team[0].referrals: expected a number, found an array",
		"x.toml:46: partnership.pace: 3 is out of range: must be between 0 and 1",
		`x.toml:63: team[0].client_group: unknown client group "older folk"; known: "older people"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestExtendsConfined(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secrets.toml")
	if err := os.WriteFile(secret, []byte("api_token = \"s3cr3t\"\nbroken = [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"abs.toml":   "extends = \"" + filepath.ToSlash(secret) + "\"\n",
		"up.toml":    "extends = \"../" + filepath.Base(outside) + "/secrets.toml\"\n",
		"local.toml": "extends = \"bad.toml\"\n",
		"bad.toml":   "api_token = \"s3cr3t\"\nbroken = [\n",
	})
	// writeFiles and TempDir share a parent, so ../NAME reaches the secret.
	if filepath.Dir(dir) != filepath.Dir(outside) {
		t.Skip("temporary folders do not share a parent")
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "deep.toml"), []byte("extends = \"../../"+filepath.Base(outside)+"/secrets.toml\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	tests := []struct{ file, want string }{
		{"abs.toml", "abs.toml:1: extends: \"" + filepath.ToSlash(secret) + "\" is an absolute path; write a path relative to this file's folder"},
		{"up.toml", "up.toml:1: extends: ../" + filepath.Base(outside) + "/secrets.toml is outside the folder joinedup runs in: "},
		{"sub/deep.toml", "sub/deep.toml:1: extends: "},
		{"local.toml", "bad.toml:2:10: broken: this array is never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Load(tt.file)
			if err == nil {
				t.Fatal("loaded")
			}
			msg := err.Error()
			if strings.Contains(msg, "s3cr3t") || strings.Contains(msg, "api_token") || strings.Contains(msg, "\n") {
				t.Errorf("the message shows the other file's text: %s", msg)
			}
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("got  %s\nwant it to start %s", msg, tt.want)
			}
			if tt.file != "local.toml" && !strings.Contains(msg, "copy the file there") && !strings.Contains(msg, "relative to this file's folder") {
				t.Errorf("no fix offered: %s", msg)
			}
		})
	}
}

func TestLoadingHonoursCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ResolveContext(ctx, "sedgefield", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("ResolveContext with a cancelled context: %v", err)
	}
	if _, err := LoadContext(ctx, "testdata/minimal.toml"); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadContext with a cancelled context: %v", err)
	}
	if _, err := ResolveContext(context.Background(), "sedgefield", nil); err != nil {
		t.Errorf("ResolveContext: %v", err)
	}
}

// FuzzLoadErrors feeds Parse any file and checks only that it never panics
// and that each problem is placed, with the caret inside the line shown.
// Unlike FuzzParse it does not build what parses, so it runs fast enough
// to explore the syntax error paths.
func FuzzLoadErrors(f *testing.F) {
	addScenarioSeeds(f)
	for _, src := range []string{"[partnership\n", "a = [1,\n", "x = {a = 1\n", "d = 01/12/2005\n", "p = 0,6\n", "r = 6 per week\n",
		"c = £700\n", "t = separate\n", "w =\n", "s = \"open\n", "q = \"\"\"never\n", "k = 1\nk = 2\n", "[a]\n[a]\n",
		"x = " + strings.Repeat("[", 40) + "\n"} {
		f.Add("seed.toml", []byte(src))
	}
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		if file == "" || strings.ContainsAny(file, "\x00\r\n") {
			t.Skip("not a file name")
		}
		s, err := Parse(file, data)
		if err == nil {
			return
		}
		if s != nil {
			t.Fatalf("a scenario returned with an error: %v", err)
		}
		checkPlaced(t, file, err, false)
		var se *SyntaxError
		if errors.As(err, &se) && se.Text != "" && (se.Column > len(se.Text)+1 || se.Len < 1) {
			t.Errorf("caret at column %d, length %d, beyond the line %q", se.Column, se.Len, se.Text)
		}
	})
}

// TestLibraryProblemsSayHowToFix checks that a problem placed in an
// embedded scenario the file extends says how to fix it from the file.
func TestLibraryProblemsSayHowToFix(t *testing.T) {
	_, err := Parse("later.toml", []byte("extends = \"sedgefield\"\nname = \"later\"\n\n[run]\nstart = 2010-04-01\n"))
	got := problems(err)
	if len(got) == 0 {
		t.Fatal("no problems")
	}
	for _, p := range got {
		if !strings.HasPrefix(p, "library/sedgefield.toml:") || !strings.Contains(p, "is embedded and cannot be edited: give [[") ||
			!strings.Contains(p, "copy the entries you keep") {
			t.Errorf("%s", p)
		}
	}
}

// TestSweepFilesGuarded checks that sweep files meet the same limits.
func TestSweepFilesGuarded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := LoadSweep("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("LoadSweep(/dev/zero): %v", err)
		}
	}
	deep := "x = " + strings.Repeat("[", 10000) + "\n"
	var se *SyntaxError
	if _, err := ParseSweep("s.toml", []byte(deep)); !errors.As(err, &se) || !strings.Contains(se.Msg, "nested more than") {
		t.Errorf("ParseSweep of deep nesting: %v", err)
	}
}

// BenchmarkExtendsManyKeys resolves a file that overrides n keys of the
// table its parent writes; the time should grow linearly with n (merging
// was once quadratic: 40,000 keys took 13 s).
func BenchmarkExtendsManyKeys(b *testing.B) {
	for _, n := range []int{10000, 40000} {
		b.Run(itoa(n), func(b *testing.B) {
			var parent, child strings.Builder
			parent.WriteString("[mechanisms]\n")
			child.WriteString("extends = \"base.toml\"\n[mechanisms]\n")
			for i := range n {
				parent.WriteString("m" + itoa(i) + " = true\n")
				child.WriteString("m" + itoa(i) + " = false\n")
			}
			dir := b.TempDir()
			b.Chdir(dir)
			if err := os.WriteFile("base.toml", []byte(parent.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile("child.toml", []byte(child.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := Load("child.toml"); err == nil {
					b.Fatal("unknown mechanisms accepted")
				}
			}
		})
	}
}

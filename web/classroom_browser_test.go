package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/joinedup/joinedup/scenarios"
)

// TestBrowserClassroom plays a class in headless Chromium: the teacher
// starts a class on Sedgefield, four students, each in a browser context
// of their own (their own storage, as on their own machines), join with
// the code and take the four roles; one reloads and keeps the role; the
// class plays three quarters with two rounds of decisions; the teacher's
// page ends with the class's run against the model's own, and the
// scenario file it offers validates with the class's decisions in it.
func TestBrowserClassroom(t *testing.T) {
	exe := chromium(t)
	if testing.Short() {
		t.Skip("the classroom browser test takes some seconds")
	}
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	dir := t.TempDir()
	actx, cancelA := headless(exe, dir, 5*time.Minute)
	defer cancelA()
	teacher, cancelT := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelT()

	do(t, teacher, "the teacher starts a class",
		chromedp.Navigate(srv.URL+"/class"),
		chromedp.WaitVisible(`#create`),
	)
	value(t, teacher, "the library in the list", chromedp.Poll[bool](`document.querySelector('#scenario option[value="sedgefield"]') !== null`))
	do(t, teacher, "the teacher sets up the class",
		chromedp.SetValue(`#scenario`, "sedgefield"),
		chromedp.SetValue(`#quarters`, "3"),
		chromedp.SetValue(`#seconds`, "600"),
		chromedp.SetValue(`#replicates`, "10"),
		chromedp.Click(`#create`),
		chromedp.WaitVisible(`#teacher`),
		chromedp.WaitVisible(`body[data-phase="lobby"]`),
	)
	code := value(t, teacher, "the class code", chromedp.Text(`#code-show`))
	if !validCode(code) {
		t.Fatalf("class code %q", code)
	}
	defer func() {
		if t.Failed() {
			if res, err := http.Get(srv.URL + "/api/class/" + code); err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				t.Logf("the class at the failure: %.2000s", b)
			}
		}
	}()
	t.Logf("class code %s", code)

	names := map[string]string{"chief-executive": "Ana", "director": "Ben", "team-manager": "Cy", "professional": "Dee"}
	students := map[string]context.Context{}
	for _, ro := range roles {
		sctx, cancelS := chromedp.NewContext(teacher, chromedp.WithNewBrowserContext())
		defer cancelS()
		students[ro.ID] = sctx
		do(t, sctx, names[ro.ID]+" joins as "+ro.ID,
			chromedp.Navigate(srv.URL+"/class"),
			chromedp.WaitVisible(`#join-code`),
			chromedp.SendKeys(`#join-code`, strings.ToLower(code)),
			chromedp.Click(`#find`),
			chromedp.WaitVisible(`#pick-roles button[data-role="`+ro.ID+`"]`),
			chromedp.SendKeys(`#name`, names[ro.ID]),
			chromedp.Click(`#pick-roles button[data-role="`+ro.ID+`"]`),
			chromedp.WaitVisible(`body[data-role="`+ro.ID+`"] #you`),
		)
	}
	value(t, teacher, "the teacher sees four roles taken",
		chromedp.Poll[bool](`[...document.querySelectorAll("#roles li .who")].every((e) => !e.textContent.startsWith("free"))`))
	if txt := value(t, teacher, "the roles", chromedp.Text(`#roles`)); !strings.Contains(txt, "Ben") || !strings.Contains(txt, "Dee") {
		t.Errorf("the teacher's roles: %q", txt)
	}
	do(t, students["director"], "the director's browser reloads and keeps the role",
		chromedp.Reload(),
		chromedp.WaitVisible(`body[data-role="director"] #you`),
	)
	if txt := value(t, students["director"], "the director's card", chromedp.Text(`#you-title`)); !strings.Contains(txt, "director of social services (Ben)") {
		t.Errorf("after a reload: %q", txt)
	}

	do(t, teacher, "start the run", chromedp.Click(`#go`))
	rounds := []map[string]string{
		{"chief-executive": "chase-targets", "director": "integrate-1", "team-manager": "training", "professional": "resign"},
		{"chief-executive": "restructure", "director": "delay-2", "team-manager": "new-leader", "professional": "no-confidence"},
	}
	for q, round := range rounds {
		quarter := []string{"1", "2"}[q]
		for _, ro := range roles {
			opt := round[ro.ID]
			do(t, students[ro.ID], ro.ID+" decides "+opt+" after quarter "+quarter,
				chromedp.WaitVisible(`body[data-phase="deciding"][data-quarter="`+quarter+`"] #options input[value="`+opt+`"]`),
				chromedp.Click(`#options input[value="`+opt+`"]`),
				chromedp.Click(`#send`),
			)
		}
		if q == 0 {
			value(t, students["professional"], "the decision is acknowledged",
				chromedp.Poll[bool](`document.getElementById("decided").textContent.includes("Resign") || document.body.dataset.quarter === "2"`))
		}
	}
	do(t, teacher, "the class finishes", chromedp.WaitVisible(`body[data-phase="finished"] .line-own`))

	count := func(sel string) int {
		return value(t, teacher, "count "+sel, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+sel+"`"+`).length`))
	}
	if n := count(".line-class"); n != len(Outcomes) {
		t.Errorf("%d curves of the class's run, want %d", n, len(Outcomes))
	}
	if n := count(".band-own"); n != len(Outcomes) {
		t.Errorf("%d bands of the model's own runs, want %d", n, len(Outcomes))
	}
	if n := count("#history li"); n != 8 {
		t.Errorf("%d decisions listed, want 8", n)
	}
	if n := count(".decision-mark"); n < len(Outcomes) {
		t.Errorf("%d decision marks", n)
	}
	history := value(t, teacher, "the decisions", chromedp.Text(`#history`))
	for _, s := range []string{"Answer the rating by chasing your own targets", "Integrate neighbourhood team 2 now", "Restructure Sedgefield PCT"} {
		if !strings.Contains(history, s) {
			t.Errorf("decisions %q lack %q", history, s)
		}
	}
	// Every student's page shows the end too.
	for _, ro := range roles {
		do(t, students[ro.ID], ro.ID+" sees the end", chromedp.WaitVisible(`body[data-phase="finished"] .line-own`))
	}

	href := value(t, teacher, "scenario file link", chromedp.AttributeValue(`#toml`, "href")).Value
	res, err := http.Get(srv.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	sc, err := scenarios.Parse("class.toml", body)
	if err != nil {
		t.Fatalf("the class's scenario file does not validate: %v", err)
	}
	dated := 0
	for _, s := range sc.Shocks {
		if strings.HasPrefix(s.Note, "class decision") {
			dated++
		}
	}
	if dated != 6 || sc.Run.Weeks != 39 || sc.Teams[1].Integrates.String() != "2003-07-08" {
		t.Errorf("scenario file: %d class shocks (want 6), %d weeks, team 2 integrates %s", dated, sc.Run.Weeks, sc.Teams[1].Integrates)
	}

	png := value(t, teacher, "screenshot", chromedp.FullScreenshot(100))
	t.Logf("screenshot: %d bytes", len(png))
	if out := os.Getenv("JOINEDUP_SCREENSHOT_CLASS"); out != "" {
		if err := writeSmallPNG(out, png); err != nil {
			t.Fatal(err)
		}
	}
}

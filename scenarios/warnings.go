package scenarios

import (
	"errors"
)

// Warnings returns what the scenario accepts but probably does not mean:
// a value left out that then counts as 0 or 1, or an event dated after the
// run ends, which never happens. Each is a *FieldError placed, like a
// problem, in the file (or --set) that wrote the value; `joinedup validate`
// prints them and still passes the scenario. Values written in an embedded
// scenario are not warned about: its authors meant them.
func (s *Scenario) Warnings() []error { return s.warnings }

// warn returns the warnings of s, resolved from d.
func (d *document) warn(s *Scenario) []error {
	var out []error
	add := func(path, msg string) {
		l := d.locate(path)
		if l.lib {
			return
		}
		err := d.problem(path, msg)
		var fe *FieldError
		if errors.As(err, &fe) && fe.Line == 0 {
			fe.Line = l.lines.line(path)
		}
		out = append(out, err)
	}
	raw := func(list string, i int) map[string]any {
		switch v := d.raw[list].(type) {
		case []map[string]any:
			if i < len(v) {
				return v[i]
			}
		case []any:
			if i < len(v) {
				m, _ := v[i].(map[string]any)
				return m
			}
		}
		return nil
	}
	has := func(m map[string]any, key string) bool {
		_, ok := m[key]
		return ok
	}
	end := s.Run.Start.AddDate(0, 0, 7*s.Weeks())
	after := func(path string, d Date, what string) {
		if !d.IsZero() && !d.Time.Before(end) {
			add(path, d.String()+" is on or after the run's end, "+Date{end}.String()+
				" (run.start plus run.weeks): "+what+"; bring it forward or lengthen run.weeks")
		}
	}

	for i := range s.Professions {
		p := raw("profession", i)
		path := indexPath("profession", i)
		if p != nil && !has(p, "status") {
			add(path+".status", "left out, so 0, the lowest status: give the profession's status from 0 to 1")
		}
		if p != nil && !has(p, "weekly_cost") {
			add(path+".weekly_cost", "left out, so 0: the profession's work costs nothing in cost_per_case; give pounds a full-time week")
		}
	}
	employs := map[string]bool{}
	for i, t := range s.Teams {
		path := indexPath("team", i)
		after(path+".integrates", t.Integrates, "the team never integrates")
		var members []any
		if tm := raw("team", i); tm != nil {
			switch v := tm["member"].(type) {
			case []map[string]any:
				for _, m := range v {
					members = append(members, m)
				}
			case []any:
				members = v
			}
		}
		for j, m := range t.Members {
			employs[m.Employer] = true
			mp := indexPath(path+".member", j)
			var rm map[string]any
			if j < len(members) {
				rm, _ = members[j].(map[string]any)
			}
			switch {
			case rm != nil && !has(rm, "count"):
				add(mp+".count", "left out, so 1 member: give the number of such members")
			case m.Count == 0:
				add(mp+".count", "0 means 1 member, not none: give the number, or remove the [[team.member]] entry")
			}
		}
	}
	for i, sh := range s.Shocks {
		path := indexPath("shock", i)
		after(path+".date", sh.Date, "the shock never happens")
		if sh.Kind == "budget-cut" && sh.Organisation != "" && !employs[sh.Organisation] {
			add(path+".organisation", "budget cut on "+quoted([]string{sh.Organisation})+
				", which employs no team member, so the cut reaches no one: name an employer of a team")
		}
	}
	return out
}

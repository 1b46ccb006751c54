package scenarios

import (
	"fmt"
	"time"
)

// dateLayout is the only written form of a Date.
const dateLayout = "2006-01-02"

// Date is a calendar date with no time of day, such as the start of a run.
// In a scenario file it is written as a TOML local date (2003-04-01) or as
// a string ("2003-04-01"). The zero Date means "not given".
type Date struct{ time.Time }

// NewDate returns the date year-month-day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("expected a date such as 2003-04-01, found %q", s)
	}
	return Date{t}, nil
}

// UnmarshalTOML implements toml.Unmarshaler. It accepts a TOML local date or
// a string holding one; a date-time with a time of day is refused.
func (d *Date) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case time.Time:
		if h, m, s := v.Clock(); h != 0 || m != 0 || s != 0 || v.Nanosecond() != 0 {
			return fmt.Errorf("expected a date such as 2003-04-01, found a date and time %s", v.Format(time.RFC3339))
		}
		*d = NewDate(v.Year(), v.Month(), v.Day())
		return nil
	case string:
		p, err := ParseDate(v)
		if err != nil {
			return err
		}
		*d = p
		return nil
	default:
		return fmt.Errorf("expected a date such as 2003-04-01, found %s", describeValue(v))
	}
}

// UnmarshalText implements encoding.TextUnmarshaler for the YYYY-MM-DD form;
// empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MarshalText implements encoding.TextMarshaler: YYYY-MM-DD, or empty for the zero Date.
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

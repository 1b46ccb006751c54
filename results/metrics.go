package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
)

// MetricsHeader lists the columns written by WriteMetricsCSV.
var MetricsHeader = []string{"name", "unit", "description"}

// MergeMetrics returns the metrics of all runs, each name once, in order
// of first appearance. Runs that describe the same metric with a
// different unit or description are an error: one name must mean one
// thing in an output folder.
func MergeMetrics(runs []Meta) ([]Metric, error) {
	var out []Metric
	first := map[string]string{} // metric name -> scenario that first described it
	for _, m := range runs {
		for _, mt := range m.Metrics {
			i := slices.IndexFunc(out, func(o Metric) bool { return o.Name == mt.Name })
			if i < 0 {
				out = append(out, mt)
				first[mt.Name] = m.Scenario
				continue
			}
			if o := out[i]; o != mt {
				return nil, fmt.Errorf("results: metric %q is %q (%s) in %s but %q (%s) in %s; one name must have one unit and description",
					mt.Name, o.Unit, o.Description, first[mt.Name], mt.Unit, mt.Description, m.Scenario)
			}
		}
	}
	return out, nil
}

// WriteMetricsCSV writes metrics.csv: the columns of MetricsHeader, one
// row per metric of MergeMetrics(runs), so an output folder keeps its
// units and descriptions after the scenario files have gone.
func WriteMetricsCSV(w io.Writer, runs []Meta) error {
	ms, err := MergeMetrics(runs)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(MetricsHeader)
	for _, m := range ms {
		cw.Write([]string{m.Name, m.Unit, m.Description})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("results: writing metrics CSV: %w", err)
	}
	return nil
}

// ReadMetricsCSV reads a metrics table written by WriteMetricsCSV. Set
// the result as Meta.Metrics of the runs given to ReadTidy to restore
// their units and descriptions.
func ReadMetricsCSV(r io.Reader) ([]Metric, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(MetricsHeader)
	head, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("results: metrics.csv is empty; expected the header " + joinComma(MetricsHeader))
	}
	if err != nil {
		return nil, fmt.Errorf("results: metrics.csv: %w", err)
	}
	if !slices.Equal(head, MetricsHeader) {
		return nil, fmt.Errorf("results: metrics.csv line 1: header %q, want %q", joinComma(head), joinComma(MetricsHeader))
	}
	var out []Metric
	lines := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("results: metrics.csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if rec[0] == "" {
			return nil, fmt.Errorf("results: metrics.csv line %d: empty metric name", line)
		}
		if l, ok := lines[rec[0]]; ok {
			return nil, fmt.Errorf("results: metrics.csv line %d: metric %q listed again (first on line %d)", line, rec[0], l)
		}
		lines[rec[0]] = line
		out = append(out, Metric{Name: rec[0], Unit: rec[1], Description: rec[2]})
	}
	return out, nil
}

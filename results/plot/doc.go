// Package plot draws the outcomes of simulation runs as figures: outcome
// curves over time with replicate bands (Curves) and paired differences
// between runs with their intervals (Differences), one panel per metric,
// saved as PNG, SVG or PDF. Time runs along the calendar, or in years
// since start when the runs start on different dates (see Axis).
//
// It is the only package of the module that imports gonum.org/v1/plot;
// its API speaks in results types and plain numbers so that callers need
// not import it either.
//
// The same input always gives byte-identical files in every format: runs
// keep fixed colours from a colour-blind-safe palette (Okabe–Ito), SVGs
// carry no date and PDFs a fixed creation date.
package plot

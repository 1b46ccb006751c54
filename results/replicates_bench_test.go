package results

import (
	stdgzip "compress/gzip"
	"context"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// The per-replicate table benchmarks write the same data, 1,000 Sedgefield
// replicates observed every week (the default run), with each writer. Each
// reports, besides time per op:
//
//	MB/s        input throughput: 8 bytes per value written (one float64)
//	cpu-ms/op   CPU time (user and system, all threads) per op, which a
//	            machine busy with other work blurs less than wall time
//	out-B/cell  bytes of output per value
//	out-MB      size of the whole table
//
// The simulation runs once, before the first timing, and its trajectories
// are kept in memory.

// tableDir, if set, is a folder where BenchmarkReplicateWriter leaves one
// table in each format, for readers to load (testdata/interop/load.mjs).
var tableDir = flag.String("tabledir", "", "folder to leave the benchmark's per-replicate tables in")

// benchReplicates is the number of replicates the benchmarks write.
const benchReplicates = 1000

type benchRun struct {
	schema ReplicateSchema
	meta   Meta
	weeks  []int
	dates  []string
	reps   [][]float64
}

var (
	benchOnce sync.Once
	benchData benchRun
	benchErr  error
)

func sedgefield1000(b *testing.B) *benchRun {
	b.Helper()
	benchOnce.Do(func() {
		sc, err := scenarios.Embedded("sedgefield")
		if err != nil {
			benchErr = err
			return
		}
		cfg, err := sc.Build()
		if err != nil {
			benchErr = err
			return
		}
		d := &benchData
		var ms []Metric
		for _, m := range cfg.Metrics() {
			d.schema.Metrics = append(d.schema.Metrics, m.Name)
			ms = append(ms, Metric{Name: m.Name, Unit: m.Unit})
		}
		d.meta = Meta{Scenario: cfg.Name, Replicates: benchReplicates, Weeks: cfg.Weeks, Every: 1, Start: cfg.Start, Metrics: ms}
		d.reps = make([][]float64, benchReplicates)
		obs := sim.ObserverFunc(func(tr *sim.Trajectory) error {
			if d.weeks == nil {
				for _, t := range tr.Ticks {
					d.weeks = append(d.weeks, int(t))
					d.dates = append(d.dates, cfg.Date(t).Format(time.DateOnly))
				}
			}
			d.reps[tr.Replicate] = append([]float64(nil), tr.Values...)
			return nil
		})
		factory := func(rep sim.Replicate) (sim.Model, error) { return model.New(cfg, rep) }
		benchErr = sim.Run(context.Background(), sim.Config{Ticks: cfg.Weeks, Replicates: benchReplicates, Seed: 1}, factory, obs)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return &benchData
}

// counter counts the bytes written to it and discards them.
type counter int64

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

func (d *benchRun) cells() int64 {
	return int64(len(d.reps)) * int64(len(d.weeks)) * int64(len(d.schema.Metrics))
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func report(b *testing.B, d *benchRun, size counter, cpu time.Duration) {
	b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(size)/float64(d.cells()), "out-B/cell")
	b.ReportMetric(float64(size)/1e6, "out-MB")
}

func benchWriter(b *testing.B, f ReplicateFormat) {
	d := sedgefield1000(b)
	if *tableDir != "" {
		file, err := os.Create(filepath.Join(*tableDir, f.FileName()))
		if err != nil {
			b.Fatal(err)
		}
		err = errors.Join(writeTable(f, file, d), file.Close())
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(8 * d.cells())
	b.ReportAllocs()
	var size counter
	cpu := cpuTime()
	for b.Loop() {
		size = 0
		if err := writeTable(f, &size, d); err != nil {
			b.Fatal(err)
		}
	}
	report(b, d, size, cpu)
}

// writeTable writes d's replicates in format f. It is a function of its
// own so that callgrind can count its instructions alone
// (--toggle-collect=*writeTable).
func writeTable(f ReplicateFormat, out io.Writer, d *benchRun) error {
	w, err := NewReplicateWriter(f, out, d.schema)
	if err != nil {
		return err
	}
	width := len(d.schema.Metrics)
	for i, vals := range d.reps {
		key := ReplicateKey{Arm: d.meta.Scenario, Replicate: i}
		if err := w.WriteReplicate(key, d.weeks, d.dates, width, vals); err != nil {
			return err
		}
	}
	return w.Close()
}

// BenchmarkReplicateWriter writes the table in each format.
func BenchmarkReplicateWriter(b *testing.B) {
	for _, f := range ReplicateFormats {
		b.Run(string(f), func(b *testing.B) { benchWriter(b, f) })
	}
}

// BenchmarkSimulateSedgefield1000 is the simulation that makes the data,
// observations discarded: the yardstick for the writers' CPU time.
func BenchmarkSimulateSedgefield1000(b *testing.B) {
	d := sedgefield1000(b)
	sc, err := scenarios.Embedded("sedgefield")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := sc.Build()
	if err != nil {
		b.Fatal(err)
	}
	factory := func(rep sim.Replicate) (sim.Model, error) { return model.New(cfg, rep) }
	discard := sim.ObserverFunc(func(*sim.Trajectory) error { return nil })
	b.SetBytes(8 * d.cells())
	cpu := cpuTime()
	for b.Loop() {
		if err := sim.Run(context.Background(), sim.Config{Ticks: cfg.Weeks, Replicates: benchReplicates, Seed: 1}, factory, discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
}

// BenchmarkRecorderTidyGzip is the baseline: the Recorder's tidy CSV
// through gzip at its fastest level, as `joinedup run` writes tidy.csv.gz.
func BenchmarkRecorderTidyGzip(b *testing.B) {
	d := sedgefield1000(b)
	b.SetBytes(8 * d.cells())
	b.ReportAllocs()
	var size counter
	cpu := cpuTime()
	for b.Loop() {
		size = 0
		if err := recordTidyGzip(&size, d); err != nil {
			b.Fatal(err)
		}
	}
	report(b, d, size, cpu)
}

// recordTidyGzip writes d's replicates as `joinedup run` writes tidy.csv.gz.
func recordTidyGzip(out io.Writer, d *benchRun) error {
	ticks := make([]sim.Tick, len(d.weeks))
	for i, w := range d.weeks {
		ticks[i] = sim.Tick(w)
	}
	gz, _ := stdgzip.NewWriterLevel(out, stdgzip.BestSpeed)
	if err := WriteTidyHeader(gz); err != nil {
		return err
	}
	rec := NewRecorder(d.meta, gz)
	for i, vals := range d.reps {
		tr := sim.Trajectory{Replicate: i, Width: len(d.schema.Metrics), Ticks: ticks, Values: vals}
		if err := rec.Observe(&tr); err != nil {
			return err
		}
	}
	return gz.Close()
}

// BenchmarkParquetChoices writes the table with the alternatives to the
// default Parquet settings: metrics as float32, without byte-stream-split,
// snappy instead of zstd, and zstd at its fastest and better levels.
func BenchmarkParquetChoices(b *testing.B) {
	zstdAt := func(l int) compress.Codec { return &zstd.Codec{Level: zstd.Level(l)} }
	for _, c := range []struct {
		name string
		opt  parquetOptions
	}{
		{"default", parquetDefaults},
		{"float32", parquetOptions{codec: parquetDefaults.codec, float32: true}},
		{"plain", parquetOptions{codec: parquetDefaults.codec, plain: true}},
		{"snappy", parquetOptions{codec: &snappy.Codec{}}},
		{"zstd-fastest", parquetOptions{codec: zstdAt(int(zstd.SpeedFastest))}},
		{"zstd-fastest-plain", parquetOptions{codec: zstdAt(int(zstd.SpeedFastest)), plain: true}},
		{"zstd-default", parquetOptions{codec: zstdAt(int(zstd.SpeedDefault))}},
		{"zstd-better", parquetOptions{codec: zstdAt(int(zstd.SpeedBetterCompression))}},
	} {
		b.Run(c.name, func(b *testing.B) {
			d := sedgefield1000(b)
			b.SetBytes(8 * d.cells())
			var size counter
			cpu := cpuTime()
			for b.Loop() {
				size = 0
				w, err := newParquetWriter(&size, d.schema, c.opt)
				if err != nil {
					b.Fatal(err)
				}
				for i, vals := range d.reps {
					if err := w.WriteReplicate(ReplicateKey{Arm: d.meta.Scenario, Replicate: i}, d.weeks, d.dates, len(d.schema.Metrics), vals); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			report(b, d, size, cpu)
			if c.opt.float32 {
				b.ReportMetric(float32Loss(d), "max-rel-err")
				b.ReportMetric(float32MeanShift(d), "max-shift/se")
			}
		})
	}
}

// float32Loss is the largest relative error that rounding a value to
// float32 makes, over every non-zero finite value.
func float32Loss(d *benchRun) float64 {
	worst := 0.0
	for _, vals := range d.reps {
		for _, v := range vals {
			if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			worst = max(worst, math.Abs((float64(float32(v))-v)/v))
		}
	}
	return worst
}

// float32MeanShift is the largest change that rounding every value to
// float32 makes to the mean across replicates of a metric in a week, as a
// fraction of that mean's standard error, over the metrics and weeks whose
// values vary across replicates.
func float32MeanShift(d *benchRun) float64 {
	nm, worst := len(d.schema.Metrics), 0.0
	for j := range nm {
		for i := range d.weeks {
			var sum, sum32, n float64
			for _, vals := range d.reps {
				if v := vals[i*nm+j]; !math.IsNaN(v) {
					sum += v
					sum32 += float64(float32(v))
					n++
				}
			}
			mean := sum / n
			var ss float64
			for _, vals := range d.reps {
				if v := vals[i*nm+j]; !math.IsNaN(v) {
					ss += (v - mean) * (v - mean)
				}
			}
			se := math.Sqrt(ss/(n-1)) / math.Sqrt(n)
			if se > 1e-9*math.Abs(mean) {
				worst = max(worst, math.Abs(sum32/n-mean)/se)
			}
		}
	}
	return worst
}

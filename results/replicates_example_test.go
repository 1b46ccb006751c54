package results_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/joinedup/joinedup/results"
)

// Two replicates of one design point, with a numeric and a categorical
// factor, written as Parquet and read back.
func ExampleParquetWriter() {
	schema := results.ReplicateSchema{
		Factors: []results.FactorColumn{{Name: "partnership.pace", Numeric: true}, {Name: "finance.regime"}},
		Metrics: []string{"cohesion", "cohesion[pathway team]"},
	}
	var file bytes.Buffer
	w, err := results.NewParquetWriter(&file, schema)
	if err != nil {
		panic(err)
	}
	weeks, dates := []int{0, 52}, []string{"2024-04-01", "2025-03-31"}
	for rep, values := range [][]float64{{0.5, 0.4, 0.61, 0.55}, {0.5, 0.4, 0.58, 0.47}} {
		key := results.ReplicateKey{
			Arm: "pooled budget", Point: 3, Replicate: rep,
			Factors: []results.FactorValue{results.Num(0.25), results.Text("pooled")},
		}
		if err := w.WriteReplicate(key, weeks, dates, len(schema.Metrics), values); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}

	data := bytes.NewReader(file.Bytes())
	err = results.ReadParquet(data, data.Size(), func(key results.ReplicateKey, weeks []int, dates []string, width int, values []float64) error {
		for i := range weeks {
			fmt.Println(key.Arm, key.Point, key.Factors[0].Num, key.Factors[1].Text, key.Replicate, weeks[i], dates[i], values[i*width:(i+1)*width])
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// pooled budget 3 0.25 pooled 0 0 2024-04-01 [0.5 0.4]
	// pooled budget 3 0.25 pooled 0 52 2025-03-31 [0.61 0.55]
	// pooled budget 3 0.25 pooled 1 0 2024-04-01 [0.5 0.4]
	// pooled budget 3 0.25 pooled 1 52 2025-03-31 [0.58 0.47]
}

// The same table as tidy long CSV: one row per value.
func ExampleTidyWriter() {
	schema := results.ReplicateSchema{
		Factors: []results.FactorColumn{{Name: "partnership.pace", Numeric: true}},
		Metrics: []string{"cohesion", "cohesion[pathway team]"},
	}
	w, err := results.NewTidyWriter(os.Stdout, schema, results.TidyOptions{})
	if err != nil {
		panic(err)
	}
	key := results.ReplicateKey{Arm: "base", Point: 0, Replicate: 7, Factors: []results.FactorValue{results.Num(0.25)}}
	if err := w.WriteReplicate(key, []int{52}, []string{"2025-03-31"}, 2, []float64{0.61, 0.55}); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	// Output:
	// arm,point,partnership.pace,replicate,week,date,metric,value
	// base,0,0.25,7,52,2025-03-31,cohesion,0.61
	// base,0,0.25,7,52,2025-03-31,cohesion[pathway team],0.55
}

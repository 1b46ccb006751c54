// Times DuckDB loading the per-replicate tables that
//   go test ./results -run '^$' -bench ReplicateWriter -benchtime 1x -args -tabledir DIR
// leaves in DIR: one query (the mean of a metric in the last week) and a
// full load into a table, from replicates.parquet and from tidy.csv.gz.
//
// Usage: node load.mjs DIR
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node load.mjs DIR');
  process.exit(2);
}
const quote = (s) => "'" + s.replaceAll("'", "''") + "'";
const parquet = quote(join(dir, 'replicates.parquet'));
const csv = `read_csv(${quote(join(dir, 'tidy.csv.gz'))})`;

const conn = await (await DuckDBInstance.create(':memory:')).connect();
async function time(label, sql) {
  const t0 = process.hrtime.bigint();
  const r = await conn.runAndReadAll(sql);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const row = r.getRowsJS()[0]?.map((v) => (typeof v === 'bigint' ? Number(v) : v));
  console.log(`${label}\t${ms.toFixed(0)} ms\t${JSON.stringify(row ?? [])}`);
}
const last = `(SELECT max(week) FROM ${parquet})`;
await time('parquet: mean of cohesion in the last week', `SELECT count(*), avg(cohesion) FROM ${parquet} WHERE week = ${last}`);
await time('csv.gz:  mean of cohesion in the last week', `SELECT count(*), avg(value) FROM ${csv} WHERE metric = 'cohesion' AND week = ${last}`);
await time('parquet: load the whole table', `CREATE TABLE p AS SELECT * FROM ${parquet}`);
await time('csv.gz:  load the whole table', `CREATE TABLE g AS SELECT * FROM ${csv}`);

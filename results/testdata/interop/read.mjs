// Reads a per-replicate Parquet table with DuckDB, a reader independent of
// the Go library that wrote it, and prints as JSON the column names and
// types DuckDB sees, the number of rows, and the SHA-256 of every value in
// a canonical text form, so the writer's test can compare them with what
// it wrote:
//
//   one line per row, in file order; fields separated by tabs; strings as
//   they are; integers in decimal; dates as YYYY-MM-DD; doubles as the 16
//   hexadecimal digits of their IEEE 754 bits, except NaN, written "NaN".
//
// Usage: node read.mjs FILE.parquet
import { createHash } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node read.mjs FILE.parquet');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const path = "'" + file.replaceAll("'", "''") + "'";
const result = await conn.runAndReadAll(
  `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${path}, file_row_number = true) ORDER BY file_row_number`,
);
const names = result.columnNames();
const types = result.columnTypes().map((t) => t.toString());

const bits = new DataView(new ArrayBuffer(8));
function field(v, type) {
  switch (type) {
    case 'DOUBLE':
      if (Number.isNaN(v)) return 'NaN';
      bits.setFloat64(0, v);
      return bits.getBigUint64(0).toString(16).padStart(16, '0');
    case 'INTEGER':
      return String(v);
    case 'DATE':
      return v.toString();
    case 'VARCHAR':
      return v;
    default:
      throw new Error(`column of unexpected type ${type}`);
  }
}

const hash = createHash('sha256');
const rows = result.getRows();
for (const row of rows) {
  hash.update(row.map((v, i) => field(v, types[i])).join('\t') + '\n');
}
console.log(JSON.stringify({
  columns: names.map((n, i) => [n, types[i]]),
  rows: rows.length,
  sha256: hash.digest('hex'),
}));

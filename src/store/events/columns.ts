// The event table's columns: typed columns for the fields that are searched, counted and
// shown most; every other field is kept in the `extra` JSON column and stays queryable.

import { ECS } from '../../event/fields.js';

/** How a field is stored and compared. `[]` types are lists of that type. */
export type ColumnType = 'keyword' | 'text' | 'long' | 'double' | 'ip' | 'date' | 'keyword[]' | 'ip[]';

export interface Column {
  /** ECS field name, which is also the column name. */
  field: string;
  type: ColumnType;
}

/** Envelope columns, not ECS fields. */
export const ID_COLUMN = 'id';
export const TENANT_COLUMN = 'tenant';
export const TIMESTAMP_COLUMN = ECS.timestamp;
/** JSON object of every field without a column of its own, keyed by dotted name. */
export const EXTRA_COLUMN = 'extra';

export const HOT_COLUMNS: readonly Column[] = [
  { field: ECS.event.kind, type: 'keyword' },
  { field: ECS.event.module, type: 'keyword' },
  { field: ECS.event.dataset, type: 'keyword' },
  { field: ECS.event.category, type: 'keyword[]' },
  { field: ECS.event.type, type: 'keyword[]' },
  { field: ECS.event.outcome, type: 'keyword' },
  { field: ECS.event.action, type: 'keyword' },
  { field: ECS.event.code, type: 'keyword' },
  { field: ECS.event.severity, type: 'long' },
  { field: ECS.event.ingested, type: 'date' },
  { field: ECS.log.level, type: 'keyword' },
  { field: ECS.host.name, type: 'keyword' },
  { field: ECS.host.ip, type: 'ip[]' },
  { field: ECS.observer.name, type: 'keyword' },
  { field: ECS.observer.type, type: 'keyword' },
  { field: ECS.source.ip, type: 'ip' },
  { field: ECS.source.port, type: 'long' },
  { field: ECS.destination.ip, type: 'ip' },
  { field: ECS.destination.port, type: 'long' },
  { field: ECS.network.transport, type: 'keyword' },
  { field: ECS.network.protocol, type: 'keyword' },
  { field: ECS.user.name, type: 'keyword' },
  { field: ECS.user.domain, type: 'keyword' },
  { field: ECS.process.name, type: 'keyword' },
  { field: ECS.process.pid, type: 'long' },
  { field: ECS.process.executable, type: 'keyword' },
  { field: ECS.process.commandLine, type: 'text' },
  { field: ECS.process.parentName, type: 'keyword' },
  { field: ECS.url.original, type: 'text' },
  { field: ECS.http.method, type: 'keyword' },
  { field: ECS.http.statusCode, type: 'long' },
  { field: ECS.dns.questionName, type: 'keyword' },
  { field: ECS.rule.name, type: 'keyword' },
  { field: ECS.file.path, type: 'keyword' },
  { field: ECS.winlog.channel, type: 'keyword' },
  { field: ECS.winlog.providerName, type: 'keyword' },
  { field: ECS.tags, type: 'keyword[]' },
  { field: ECS.message, type: 'text' },
  { field: ECS.event.original, type: 'text' },
];

const byField = new Map(HOT_COLUMNS.map((c) => [c.field, c]));

/** The column a field is stored in, or undefined when it lives in `extra`. */
export function hotColumn(field: string): Column | undefined {
  return byField.get(field);
}

/** Fields searched by free text (a bare word in a query). */
export const FREE_TEXT_COLUMNS: readonly string[] = [ECS.message, ECS.event.original];

/** DuckDB type of each column type. */
export const DUCKDB_TYPE: Record<ColumnType, string> = {
  keyword: 'VARCHAR',
  text: 'VARCHAR',
  long: 'BIGINT',
  double: 'DOUBLE',
  ip: 'VARCHAR',
  date: 'TIMESTAMP',
  'keyword[]': 'VARCHAR[]',
  'ip[]': 'VARCHAR[]',
};

/** Every stored column with its DuckDB type, in table order. */
export function tableColumns(): { name: string; sqlType: string }[] {
  return [
    { name: ID_COLUMN, sqlType: 'VARCHAR' },
    { name: TENANT_COLUMN, sqlType: 'VARCHAR' },
    { name: TIMESTAMP_COLUMN, sqlType: 'TIMESTAMP' },
    ...HOT_COLUMNS.map((c) => ({ name: c.field, sqlType: DUCKDB_TYPE[c.type] })),
    { name: EXTRA_COLUMN, sqlType: 'JSON' },
  ];
}

// The event store: what the rest of Vigil may use of it.
export { openEventStore, type EventStore, type EventStoreOptions } from './event-store.js';
export { HOT_COLUMNS, EXTRA_COLUMN, ID_COLUMN, TENANT_COLUMN, TIMESTAMP_COLUMN, FREE_TEXT_COLUMNS, hotColumn, tableColumns, type Column, type ColumnType } from './columns.js';
export { quoteIdent, quoteLiteral } from './duckdb.js';
export { indexedFilesInRange, type IndexedFile } from './files.js';
export { FILE_COLUMN, ROW_COLUMN, readEventsSql, rowGroupTimesSql, type FileRead } from './parquet.js';
export { dataPathOf, needleTerms, termCondition, writeTextIndex } from './text-index.js';

// The embedded DuckDB engine that writes and reads the event store's Parquet files.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface DuckDb {
  instance: DuckDBInstance;
  /** A new connection; each concurrent user (loader, each query) takes its own. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export async function openDuckDb(options: { threads?: number; memoryLimit?: string; setup?: readonly string[] } = {}): Promise<DuckDb> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 2),
    memory_limit: options.memoryLimit ?? '2GB',
    // Only the files the store names are read; nothing is fetched from the network.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  return {
    instance,
    async connect() {
      const connection = await instance.connect();
      for (const statement of options.setup ?? []) await connection.run(statement);
      return connection;
    },
    close() {
      instance.closeSync();
    },
  };
}

/** A SQL identifier, quoted. Only for names Vigil itself defines or has validated. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal. Only for paths Vigil itself builds, never for user input. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** One character as an RE2 escape (`\x{..}`): never a metacharacter, inside a class or out. */
export function re2Char(c: string): string {
  return `\\x{${c.codePointAt(0)!.toString(16)}}`;
}

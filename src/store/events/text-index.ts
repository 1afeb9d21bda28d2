// The free-text index: beside a Parquet file of events, `<name>.index.parquet` holds one Bloom
// filter per block of rows (a row group: first_row..last_row of the file) over the "terms" of the block's text (event.original
// and the stored message). A free-text search asks which blocks may hold its words and reads
// only those; the exact predicate still decides which rows match, so the index only skips work.
//
// Free text is a substring search (`fail` finds `failed`), so words cannot be looked up whole.
// Terms are instead the 4-character pieces ("grams") of each word of the lower-cased text, and
// words shorter than that whole ('=' + word). A word is a maximal run of characters that are
// not SEPARATORS. If a needle is in the text, every 4 characters of it that hold no separator
// are inside one word of the text, hence one of its grams; a shorter run with separators on
// both sides inside the needle is a whole word. The text is lower-cased by DuckDB's lower(), as
// the search predicate does, and terms are hashed by DuckDB's hash() on both sides.

import type { DuckDBConnection } from '@duckdb/node-api';
import { ECS } from '../../event/fields.js';
import { quoteIdent, quoteLiteral, re2Char } from './duckdb.js';
import { ROW_GROUP_ROWS } from './parquet.js';

/** Characters that end a word: ASCII whitespace and punctuation. Everything else is part of words. */
export const SEPARATORS = ' \t\n\r!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const GRAM = 4;
/** Bits of each block's filter (256 KiB) and the two bit positions taken from one 64-bit hash. */
const BLOOM_BITS_LOG2 = 21;
const MASK = 2 ** BLOOM_BITS_LOG2 - 1;

const INDEX_SUFFIX = '.index.parquet';

/** The index file of a Parquet data file. */
export function indexPathOf(dataPath: string): string {
  return dataPath.replace(/\.parquet$/, INDEX_SUFFIX);
}

export function isIndexFileName(name: string): boolean {
  return name.endsWith(INDEX_SUFFIX);
}

/** The data file an index file belongs to. */
export function dataPathOf(indexPath: string): string {
  return indexPath.slice(0, -INDEX_SUFFIX.length) + '.parquet';
}

/** A run of separators: the words of a text are what lies between such runs. */
const SEPARATOR_RUN = `[${Array.from(SEPARATORS, re2Char).join('')}]+`;
const TEXT = `lower(concat_ws(' ', ${quoteIdent(ECS.event.original)}, ${quoteIdent(ECS.message)}))`;

/** Writes the index of a stored data file (message as stored: a message cut from the original needs no terms of its own). */
export async function writeTextIndex(connection: DuckDBConnection, dataPath: string, indexPath: string, blockRows = ROW_GROUP_ROWS): Promise<void> {
  const rows = Math.max(1, Math.trunc(blockRows));
  // One regex split rather than mapping every separator to a space and splitting on spaces:
  // the same words (empty pieces are dropped below), and the index costs a tenth less.
  const words = `string_split_regex(${TEXT}, ${quoteLiteral(SEPARATOR_RUN)})`;
  await connection.run(`COPY (
    WITH words AS (
      SELECT DISTINCT file_row_number // ${rows} AS block, unnest(${words}) AS word
      FROM read_parquet(${quoteLiteral(dataPath)}, file_row_number = true)
    ), terms AS (
      SELECT DISTINCT block, hash(unnest(CASE WHEN length(word) < ${GRAM} THEN ['=' || word]
        ELSE list_transform(range(length(word) - ${GRAM - 1}), lambda i: substr(word, i + 1, ${GRAM})) END)) AS h
      FROM words WHERE word <> ''
    ), bits AS (
      SELECT block, CAST(h & ${MASK} AS BIGINT) AS bit FROM terms
      UNION ALL SELECT block, CAST((h >> ${BLOOM_BITS_LOG2}) & ${MASK} AS BIGINT) FROM terms
    )
    SELECT block * ${rows} AS first_row, block * ${rows} + ${rows - 1} AS last_row, CAST(bitstring_agg(bit, 0, ${MASK}) AS BLOB) AS bloom
    FROM bits GROUP BY block ORDER BY block
  ) TO ${quoteLiteral(indexPath)} (FORMAT parquet, COMPRESSION zstd)`);
}

/**
 * The terms every block holding a text that contains `needle` has in its filter (the needle as
 * the search compares it, already lower-cased). Empty when the needle gives no usable term.
 */
export function needleTerms(needle: string): string[] {
  const terms = new Set<string>();
  const chars = Array.from(needle); // code points, as DuckDB's length() and substr() count
  let start = 0;
  while (start < chars.length) {
    if (SEPARATORS.includes(chars[start]!)) {
      start++;
      continue;
    }
    let end = start;
    while (end < chars.length && !SEPARATORS.includes(chars[end]!)) end++;
    const run = chars.slice(start, end);
    if (run.length >= GRAM) {
      for (let i = 0; i + GRAM <= run.length; i++) terms.add(run.slice(i, i + GRAM).join(''));
    } else if (start > 0 && end < chars.length) {
      // Separators on both sides inside the needle: the run is a whole word of the text.
      terms.add(`=${run.join('')}`);
    }
    start = end;
  }
  return [...terms];
}

/** SQL condition over an index row's `bloom`: the filter may hold the term (bound as one parameter, used twice). */
export function termCondition(): { sql: string; arity: number } {
  const bit = (shift: number) => `get_bit(CAST(bloom AS BIT), CAST((hash(?) >> ${shift}) & ${MASK} AS INTEGER)) = 1`;
  return { sql: `(${bit(0)} AND ${bit(BLOOM_BITS_LOG2)})`, arity: 2 };
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDuckDb, quoteLiteral } from './duckdb.js';
import { needleTerms, SEPARATORS, termCondition, writeTextIndex } from './text-index.js';
import { tempDir } from '../../test-support/temp-dir.js';

test('a needle gives the 4-character pieces of its words, and short words bounded on both sides', () => {
  assert.deepEqual(needleTerms('needle event'), ['need', 'eedl', 'edle', 'even', 'vent']);
  // "ab" has separators on both sides, so it is a whole word of the text; "x" and "cd" may be
  // parts of longer words ("…x", "cd…") and give nothing.
  assert.deepEqual(needleTerms('x ab cd'), ['=ab']);
  assert.deepEqual(needleTerms('fail'), ['fail']);
  assert.deepEqual(needleTerms('ab'), []);
  assert.deepEqual(needleTerms('192.0.2.77'), ['=0', '=2']);
  // Characters outside ASCII punctuation belong to words, counted as code points.
  assert.deepEqual(needleTerms('é🙂ab'), ['é🙂ab']);
});

test('every separator ends a word in the index, and nothing else does', async (t) => {
  const dir = await tempDir(t);
  const db = await openDuckDb();
  const connection = await db.connect();
  t.after(() => {
    connection.closeSync();
    db.close();
  });
  // One row per separator, `ab<separator>cd`, then one with a letter outside ASCII between.
  const texts = [...Array.from(SEPARATORS, (c) => `ab${c}cd`), 'abécd'];
  const data = join(dir, 'data.parquet');
  const rows = texts.map((text) => `(${quoteLiteral(text)}, NULL::VARCHAR)`).join(', ');
  await connection.run(`COPY (SELECT * FROM (VALUES ${rows}) AS r("event.original", message)) TO ${quoteLiteral(data)} (FORMAT parquet)`);
  const index = join(dir, 'data.index.parquet');
  await writeTextIndex(connection, data, index, 1);
  const term = termCondition();
  const has = async (row: number, value: string) => {
    const result = await connection.runAndReadAll(`SELECT ${term.sql} FROM read_parquet(${quoteLiteral(index)}) WHERE first_row = ${row}`, Array<string>(term.arity).fill(value));
    return result.getRows()[0]?.[0] === true;
  };
  for (const [row, text] of texts.entries()) {
    const separated = row < SEPARATORS.length;
    assert.equal(await has(row, '=ab'), separated, `=ab in ${JSON.stringify(text)}`);
    assert.equal(await has(row, '=cd'), separated, `=cd in ${JSON.stringify(text)}`);
    assert.equal(await has(row, text.slice(0, 4)), !separated, `${JSON.stringify(text.slice(0, 4))} in ${JSON.stringify(text)}`);
  }
});

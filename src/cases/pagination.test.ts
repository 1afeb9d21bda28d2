import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateDb } from '../store/state/database.js';
import { pageOf, type PagedQuery } from './pagination.js';

function fixture() {
  const db = openStateDb(':memory:', []);
  db.exec('CREATE TABLE t (name TEXT, at INTEGER, grp TEXT)');
  const insert = db.prepare('INSERT INTO t (name, at, grp) VALUES (?, ?, ?)');
  // Equal times on purpose: the second key must break ties.
  for (let i = 0; i < 7; i++) insert.run(`n${i}`, Math.floor(i / 3), i % 2 ? 'odd' : 'even');
  return db;
}

function all(db: ReturnType<typeof fixture>, query: PagedQuery, limit: number): string[][] {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = pageOf<{ name: string }, string>(db, query, { limit, cursor }, (r) => r.name);
    pages.push(page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return pages;
}

test('keyset pages cover every row once, in order, both directions', () => {
  const db = fixture();
  const base = { select: 'SELECT t.name FROM t', where: [], params: [], keys: ['t.at', 't.rowid'] };
  assert.deepEqual(all(db, { ...base, direction: 'asc' }, 3), [['n0', 'n1', 'n2'], ['n3', 'n4', 'n5'], ['n6']]);
  assert.deepEqual(all(db, { ...base, direction: 'desc' }, 2), [['n6', 'n5'], ['n4', 'n3'], ['n2', 'n1'], ['n0']]);
  assert.deepEqual(all(db, { ...base, direction: 'asc', where: ['t.grp = ?'], params: ['odd'] }, 2), [['n1', 'n3'], ['n5']]);
});

test('an exact last page has no next cursor; a foreign cursor is a 400', () => {
  const db = fixture();
  const query: PagedQuery = { select: 'SELECT t.name FROM t', where: [], params: [], keys: ['t.rowid'], direction: 'asc' };
  assert.equal(pageOf(db, query, { limit: 7 }, (r) => r).next_cursor, undefined);
  assert.throws(() => pageOf(db, query, { cursor: 'garbage' }, (r) => r), (e: Error & { status?: number }) => e.status === 400);
  assert.throws(() => pageOf(db, query, { cursor: Buffer.from('[1,2]').toString('base64url') }, (r) => r), /cursor/);
});

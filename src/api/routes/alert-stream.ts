// GET /api/alerts/stream: alerts created or changed, as server-sent events, so the console's
// queue updates without reloading. One poller per app reads the alerts changed since its last
// look (an indexed range on updated_at) and hands each to the subscribers whose tenants it is in.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Alert, TenantScope } from '../../alerts/index.js';
import { toAlert, type AlertRow } from '../../alerts/rows.js';
import { tenantScope } from '../../auth/principal.js';
import type { StateDb } from '../../store/state/database.js';
import type { AppContext } from '../context.js';

/** How often the alerts table is read while someone listens. */
export const STREAM_POLL_MS = 1000;
/** A comment line this often keeps proxies from closing an idle stream. */
export const STREAM_HEARTBEAT_MS = 15_000;
/** Most changes sent per look; the rest follow on the next one. */
const BATCH = 500;
/** How far back a reconnecting client (Last-Event-ID) is caught up. */
const MAX_CATCH_UP_MS = 3_600_000;

export interface AlertChangeEvent {
  /** created: a new alert; updated: triage, or more hits grouped into it. */
  change: 'created' | 'updated';
  alert: Alert;
}

interface Subscriber {
  scope: TenantScope;
  send(event: AlertChangeEvent): void;
}

export interface AlertFeed {
  subscribe(subscriber: Subscriber): () => void;
  /** Changes from `since` (epoch ms) up to what subscribers were last sent, oldest first: a reconnecting client's catch-up. */
  since(since: number, scope: TenantScope): AlertChangeEvent[];
  /** One look at the table; the timer calls it, tests call it directly. */
  poll(): void;
  close(): void;
}

function changeOf(row: AlertRow): AlertChangeEvent {
  return { change: row.created_at === row.updated_at && row.version === 1 ? 'created' : 'updated', alert: toAlert(row) };
}

/** One state of an alert: triage bumps the version, grouped hits only the count. */
function keyOf(row: AlertRow): string {
  return `${row.id}:${row.version}:${row.event_count}`;
}

function inScope(scope: TenantScope, tenant: string): boolean {
  return scope === null || scope.includes(tenant);
}

export function createAlertFeed(db: StateDb, options: { pollMs?: number; now?: () => number } = {}): AlertFeed {
  const now = options.now ?? Date.now;
  const subscribers = new Set<Subscriber>();
  const changedSince = db.prepare('SELECT * FROM alerts WHERE updated_at >= ? ORDER BY updated_at, id LIMIT ?');
  // The cursor is the newest updated_at seen; rows written later in that same millisecond are
  // caught by reading from it again and skipping the versions already sent.
  let cursor = now();
  let sentAtCursor = new Set<string>();
  let timer: NodeJS.Timeout | null = null;

  function poll(): void {
    if (subscribers.size === 0) return;
    const rows = changedSince.all(cursor, BATCH) as AlertRow[];
    for (const row of rows) {
      const key = keyOf(row);
      if (row.updated_at === cursor && sentAtCursor.has(key)) continue;
      if (row.updated_at > cursor) {
        cursor = row.updated_at;
        sentAtCursor = new Set();
      }
      sentAtCursor.add(key);
      const event = changeOf(row);
      for (const subscriber of subscribers) if (inScope(subscriber.scope, row.tenant_id)) subscriber.send(event);
    }
  }

  return {
    subscribe(subscriber) {
      if (subscribers.size === 0) {
        // Nobody listened: what changed meanwhile was nobody's, start from now.
        cursor = now();
        sentAtCursor = new Set();
        timer = setInterval(poll, options.pollMs ?? STREAM_POLL_MS);
        timer.unref();
      }
      subscribers.add(subscriber);
      return () => {
        subscribers.delete(subscriber);
        if (subscribers.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    since(since, scope) {
      // Up to what the poller has handed out; it sends the rest. Rows of the same millisecond
      // as `since` are sent again: a client may not have had them all, and a repeat is harmless.
      const from = Math.max(since, now() - MAX_CATCH_UP_MS);
      return (changedSince.all(from, BATCH) as AlertRow[])
        .filter((row) => inScope(scope, row.tenant_id)
          && (row.updated_at < cursor || (row.updated_at === cursor && sentAtCursor.has(keyOf(row)))))
        .map(changeOf);
    },
    poll,
    close() {
      subscribers.clear();
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

function lastEventId(request: FastifyRequest): number | null {
  const header = request.headers['last-event-id'];
  const value = typeof header === 'string' ? Number(header) : NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export function alertStreamRoutes(feed: AlertFeed) {
  return async function register(app: FastifyInstance, _ctx: AppContext): Promise<void> {
    app.addHook('onClose', async () => feed.close());
    app.get('/api/alerts/stream', {
      config: { permission: 'alerts:read' },
      schema: {
        summary: 'Alerts created or changed, as server-sent events ("alert" events whose data is { change, alert }); reconnects resume from Last-Event-ID',
        tags: ['alerts'],
      },
    }, async (request, reply) => {
      const scope = tenantScope(request.principal);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const write = (event: AlertChangeEvent) => {
        out.write(`id: ${event.alert.updated_at}\nevent: alert\ndata: ${JSON.stringify(event)}\n\n`);
      };
      // Ask the browser to come back quickly after a restart of the server.
      out.write('retry: 2000\n: connected\n\n');
      // Subscribing first fixes what the poller has sent; the catch-up ends just there.
      const unsubscribe = feed.subscribe({ scope, send: write });
      const resumeFrom = lastEventId(request);
      if (resumeFrom !== null) for (const event of feed.since(resumeFrom, scope)) write(event);
      const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), STREAM_HEARTBEAT_MS);
      // A browser session ends at its expiry: so does its stream, and the reconnect asks again.
      const session = request.session?.info;
      const ends = session ? setTimeout(() => out.end(), Math.max(0, Math.min(session.expires_at, session.idle_expires_at) - Date.now())) : null;
      const stop = () => {
        clearInterval(heartbeat);
        if (ends) clearTimeout(ends);
        unsubscribe();
      };
      request.raw.once('close', stop);
      out.once('close', stop);
    });
  };
}

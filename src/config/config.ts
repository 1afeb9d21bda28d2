// Vigil's configuration: an optional YAML file, then environment variables, then command-line
// flags, validated once at start. Unknown keys are errors, and every error names its key.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { USER_ROLES } from '../auth/roles.js';
import { SIGMAHQ_RELEASE_URL } from '../detect/rules/library.js';
import { ConfigError } from '../errors.js';

const port = z.number().int().min(0).max(65535);

export const ConfigSchema = z.strictObject({
  /** Where events, state and keys live. */
  data_dir: z.string().min(1).default('./data'),
  http: z.strictObject({
    host: z.string().default('0.0.0.0'),
    port: port.default(8080),
    /** Largest request body accepted (a _bulk request of a busy shipper). */
    body_limit_mb: z.number().positive().max(1024).default(100),
  }).prefault({}),
  syslog: z.strictObject({
    enabled: z.boolean().default(true),
    host: z.string().default('0.0.0.0'),
    port: port.default(5514),
    udp: z.boolean().default(true),
    tcp: z.boolean().default(true),
    tenant: z.string().default('default'),
    /** Parser for every message; detected per message when absent. */
    format: z.string().optional(),
    tls: z.strictObject({
      port: port.default(6514),
      cert: z.string(),
      key: z.string(),
      ca: z.string().optional(),
    }).optional(),
  }).prefault({}),
  /** More sources (files to tail, other syslog listeners), each checked by its kind's schema. */
  sources: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })).default([]),
  /** Days of events to keep; 0 keeps everything. */
  retention_days: z.number().int().min(0).default(30),
  ingest: z.strictObject({
    /** Records accepted and not yet durable before senders are told to wait. */
    max_in_flight: z.number().int().positive().default(200_000),
    /** Stored-but-not-yet-indexed bytes before senders are told to wait. */
    max_backlog_mb: z.number().positive().default(512),
  }).prefault({}),
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Browser sign-in: session lifetime, the cookie, and login throttling. */
  session: z.strictObject({
    /** A session ends this long after sign-in, however busy. */
    ttl_hours: z.number().positive().max(24 * 30).default(12),
    /** A session unused this long ends. */
    idle_minutes: z.number().positive().max(24 * 60).default(30),
    /** Mark the cookie Secure: "auto" when the request came over HTTPS; true behind a TLS-terminating proxy. */
    secure_cookie: z.union([z.boolean(), z.literal('auto')]).default('auto'),
    /** Failed sign-ins per username, then per client address, within the window before 429. */
    login_max_failures_per_user: z.number().int().positive().default(5),
    login_max_failures_per_ip: z.number().int().positive().default(20),
    login_window_minutes: z.number().positive().default(15),
  }).prefault({}),
  /** Single sign-on with an OpenID Connect provider (authorization code flow with PKCE). */
  oidc: z.strictObject({
    enabled: z.boolean().default(false),
    /** The provider's issuer URL; its /.well-known/openid-configuration is read from there. */
    issuer: z.url().optional(),
    client_id: z.string().min(1).optional(),
    /** Absent for a public client (PKCE alone). */
    client_secret: z.string().min(1).optional(),
    /** This server's callback as registered at the provider: https://vigil.example/api/session/oidc/callback */
    redirect_uri: z.url().optional(),
    scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
    /** The claim that names the user; email is used when it is absent. */
    username_claim: z.string().min(1).default('preferred_username'),
    /** Create accounts on first sign-in; when false only existing accounts may sign in. */
    provision: z.boolean().default(true),
    default_role: z.enum(USER_ROLES).default('client_viewer'),
    /** Tenant of provisioned accounts; null makes them SOC staff across tenants. */
    default_tenant: z.string().nullable().default('default'),
    /** A claim (string or list, e.g. "groups") whose values map to roles through role_map. */
    role_claim: z.string().min(1).optional(),
    role_map: z.record(z.string(), z.enum(USER_ROLES)).default({}),
    clock_skew_seconds: z.number().int().min(0).max(600).default(60),
  }).superRefine((oidc, ctx) => {
    if (!oidc.enabled) return;
    for (const key of ['issuer', 'client_id', 'redirect_uri'] as const) {
      if (oidc[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required when oidc.enabled is true' });
    }
  }).prefault({}),
  /** Sigma detection on ingested events (docs/rules.md). */
  detection: z.strictObject({
    /** Run the enabled rules on every stored event; off, events are only stored. */
    enabled: z.boolean().default(true),
    /** Correlation groups kept per correlation rule and tenant; the least recently used is evicted beyond it. */
    correlation_max_groups: z.number().int().positive().default(10_000),
    /** How often correlation state is saved to the state database (also saved on stop). */
    snapshot_interval_seconds: z.number().positive().default(60),
    /** How often the server looks for rule changes made by the CLI (`vigil rules …`). */
    reload_check_seconds: z.number().positive().default(5),
    /** SigmaHQ and imported rules without an explicit enable/disable: enabled when both hold. Built-in rules are always enabled by default. */
    default_enable: z.strictObject({
      statuses: z.array(z.enum(['stable', 'test', 'experimental'])).default(['stable', 'test']),
      min_level: z.enum(['informational', 'low', 'medium', 'high', 'critical']).default('medium'),
    }).prefault({}),
    /** Where `vigil rules update` downloads SigmaHQ's rule release from. */
    sigmahq_url: z.url().default(SIGMAHQ_RELEASE_URL),
  }).prefault({}),
  alerts: z.strictObject({
    /** A detection hit joins an open alert of the same rule and entities when within this many minutes of it. */
    group_window_minutes: z.number().positive().default(60),
  }).prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;

type Overrides = Record<string, unknown>;

function setPath(target: Overrides, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Overrides;
  node[path[path.length - 1]!] = value;
}

function deepMerge(base: Overrides, extra: Overrides): Overrides {
  const out: Overrides = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
      ? deepMerge(current as Overrides, value as Overrides)
      : value;
  }
  return out;
}

/** Environment variables and the config keys they set. */
const ENV: Record<string, { path: string[]; number?: boolean }> = {
  VIGIL_DATA_DIR: { path: ['data_dir'] },
  VIGIL_HTTP_HOST: { path: ['http', 'host'] },
  VIGIL_HTTP_PORT: { path: ['http', 'port'], number: true },
  VIGIL_SYSLOG_PORT: { path: ['syslog', 'port'], number: true },
  VIGIL_RETENTION_DAYS: { path: ['retention_days'], number: true },
  VIGIL_LOG_LEVEL: { path: ['log_level'] },
};

export interface ConfigSources {
  /** Path of the YAML file, if any. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Flag values already mapped to config paths ("http.port" → 8081). */
  flags?: Record<string, unknown>;
}

function toNumber(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new ConfigError(`${name}: expected a number, got "${text}"`);
  return n;
}

export function loadConfig(sources: ConfigSources = {}): Config {
  let raw: Overrides = {};
  if (sources.file) {
    let text: string;
    try {
      text = readFileSync(sources.file, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read config file ${sources.file}: ${(error as Error).message}`);
    }
    try {
      raw = (parseYaml(text) ?? {}) as Overrides;
    } catch (error) {
      const e = error as Error & { linePos?: { line: number; col: number }[] };
      throw new ConfigError(`${sources.file}: ${e.message}`, { location: { file: sources.file, line: e.linePos?.[0]?.line } });
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${sources.file}: the configuration must be a mapping`);
  }
  const env = sources.env ?? {};
  const overrides: Overrides = {};
  for (const [name, { path, number }] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(overrides, path, number ? toNumber(name, value) : value);
  }
  for (const [key, value] of Object.entries(sources.flags ?? {})) {
    if (value !== undefined) setPath(overrides, key.split('.'), value);
  }
  const result = ConfigSchema.safeParse(deepMerge(raw, overrides));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      const unknown = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => (key === '(root)' ? k : `${key}.${k}`)).join(', ')}` : undefined;
      return unknown ?? `${key}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration${sources.file ? ` in ${sources.file}` : ''}: ${problems.join('; ')}`, { details: { problems } });
  }
  return result.data;
}

// The state database's schema, as an ordered list of migrations. Append only: a migration
// that has run is never edited; a change is a new entry.

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'tenants, users and api keys',
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT,
        role TEXT NOT NULL,
        tenant_id TEXT REFERENCES tenants(id),
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        tenant_id TEXT REFERENCES tenants(id),
        created_by TEXT,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'audit log',
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT,
        tenant_id TEXT,
        before_json TEXT,
        after_json TEXT,
        detail_json TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    id: 300,
    name: 'identity: versions, sessions, login throttling, OIDC links, personal keys',
    sql: `
      ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE users ADD COLUMN updated_at INTEGER;
      ALTER TABLE users ADD COLUMN email TEXT;
      ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
      ALTER TABLE users ADD COLUMN oidc_subject TEXT;
      CREATE UNIQUE INDEX users_oidc ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;
      ALTER TABLE tenants ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE tenants ADD COLUMN updated_at INTEGER;
      ALTER TABLE api_keys ADD COLUMN user_id TEXT REFERENCES users(id);
      CREATE INDEX api_keys_user ON api_keys (user_id);
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        method TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        idle_timeout_ms INTEGER NOT NULL,
        ip TEXT,
        user_agent TEXT
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expires ON sessions (expires_at);
      CREATE TABLE login_failures (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX login_failures_key ON login_failures (scope, key, at);
      CREATE TABLE oidc_pending (
        state_hash TEXT PRIMARY KEY,
        nonce TEXT NOT NULL,
        code_verifier TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);
      CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
      CREATE INDEX audit_log_action ON audit_log (action, id);
    `,
  },
  {
    id: 100,
    name: 'alerts, their events, samples and comments',
    sql: `
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        source TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        rule_title TEXT NOT NULL,
        rule_level TEXT NOT NULL,
        rule_json TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        assignee TEXT,
        disposition TEXT,
        host_name TEXT,
        user_name TEXT,
        source_ip TEXT,
        group_key TEXT,
        external_ref TEXT,
        details_json TEXT,
        event_count INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        acknowledged_at INTEGER,
        closed_at INTEGER,
        mttd_ms INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX alerts_open_group ON alerts (tenant_id, group_key, last_seen) WHERE status <> 'closed';
      CREATE INDEX alerts_created ON alerts (created_at);
      CREATE INDEX alerts_tenant_created ON alerts (tenant_id, created_at);
      CREATE INDEX alerts_last_seen ON alerts (last_seen);
      CREATE INDEX alerts_rule ON alerts (rule_id);
      CREATE INDEX alerts_host ON alerts (tenant_id, host_name);
      CREATE INDEX alerts_user ON alerts (tenant_id, user_name);
      CREATE UNIQUE INDEX alerts_external ON alerts (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL;
      CREATE TABLE alert_events (
        alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (alert_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE alert_samples (
        alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        event_time INTEGER NOT NULL,
        fields_json TEXT NOT NULL,
        matched_json TEXT NOT NULL,
        PRIMARY KEY (alert_id, seq)
      );
      CREATE TABLE alert_comments (
        id TEXT PRIMARY KEY,
        alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        tenant_id TEXT NOT NULL,
        author_kind TEXT NOT NULL,
        author_id TEXT,
        author_name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX alert_comments_alert ON alert_comments (alert_id, created_at);
    `,
  },
  {
    id: 101,
    name: 'alert exceptions (suppressions)',
    sql: `
      CREATE TABLE alert_exceptions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        rule_id TEXT,
        conditions_json TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_by_kind TEXT NOT NULL,
        created_by_id TEXT,
        created_by_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        source_alert_id TEXT,
        hit_count INTEGER NOT NULL DEFAULT 0,
        last_hit_at INTEGER
      );
      CREATE INDEX alert_exceptions_tenant ON alert_exceptions (tenant_id, expires_at);
    `,
  },
  {
    id: 102,
    name: 'alerts: indexes that serve the queue order, and host and user lookups ignoring case',
    sql: `
      DROP INDEX alerts_created;
      DROP INDEX alerts_tenant_created;
      DROP INDEX alerts_last_seen;
      DROP INDEX alerts_host;
      DROP INDEX alerts_user;
      CREATE INDEX alerts_created ON alerts (created_at, id);
      CREATE INDEX alerts_tenant_created ON alerts (tenant_id, created_at, id);
      CREATE INDEX alerts_last_seen ON alerts (last_seen, id);
      CREATE INDEX alerts_host ON alerts (host_name COLLATE NOCASE, last_seen);
      CREATE INDEX alerts_user ON alerts (user_name COLLATE NOCASE, last_seen);
      CREATE INDEX alerts_source_ip ON alerts (source_ip);
    `,
  },
  {
    id: 200,
    name: 'cases: tasks, logs, observables, comments, attachments, timeline, templates, custom fields',
    sql: `
      CREATE TABLE case_sequences (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        last_number INTEGER NOT NULL
      );
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        severity TEXT NOT NULL,
        tlp TEXT NOT NULL,
        pap TEXT NOT NULL,
        status TEXT NOT NULL,
        resolution_status TEXT,
        summary TEXT,
        assignee TEXT,
        tags TEXT NOT NULL,
        custom_fields TEXT NOT NULL,
        template_id TEXT,
        merged_into TEXT REFERENCES cases(id),
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        resolved_at INTEGER,
        version INTEGER NOT NULL,
        UNIQUE (tenant_id, number)
      );
      CREATE INDEX cases_created ON cases (created_at);
      CREATE INDEX cases_tenant_created ON cases (tenant_id, created_at);
      CREATE INDEX cases_resolved ON cases (resolved_at);
      CREATE INDEX cases_assignee ON cases (assignee);
      CREATE TABLE case_alerts (
        alert_id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        tenant_id TEXT NOT NULL,
        title TEXT NOT NULL,
        severity TEXT NOT NULL,
        rule TEXT,
        added_at INTEGER NOT NULL,
        added_by TEXT NOT NULL
      );
      CREATE INDEX case_alerts_case ON case_alerts (case_id);
      CREATE TABLE case_tasks (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        tenant_id TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        assignee TEXT,
        status TEXT NOT NULL,
        position INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        started_at INTEGER,
        completed_at INTEGER,
        version INTEGER NOT NULL
      );
      CREATE INDEX case_tasks_case ON case_tasks (case_id, position);
      CREATE TABLE case_attachments (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        tenant_id TEXT NOT NULL,
        filename TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX case_attachments_case ON case_attachments (case_id);
      CREATE INDEX case_attachments_hash ON case_attachments (sha256);
      CREATE TABLE case_task_logs (
        id TEXT PRIMARY KEY,
        task_id TEXT NOT NULL REFERENCES case_tasks(id),
        case_id TEXT NOT NULL REFERENCES cases(id),
        tenant_id TEXT NOT NULL,
        message TEXT NOT NULL,
        attachment_id TEXT REFERENCES case_attachments(id),
        author TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX case_task_logs_task ON case_task_logs (task_id);
      CREATE TABLE case_observables (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        tenant_id TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        hash_algorithm TEXT,
        tags TEXT NOT NULL,
        tlp TEXT NOT NULL,
        ioc INTEGER NOT NULL,
        sighted INTEGER NOT NULL,
        description TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL,
        UNIQUE (case_id, type, value)
      );
      CREATE INDEX case_observables_value ON case_observables (tenant_id, type, value);
      CREATE TABLE case_comments (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        tenant_id TEXT NOT NULL,
        body TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX case_comments_case ON case_comments (case_id);
      CREATE TABLE case_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES cases(id),
        tenant_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT,
        data TEXT NOT NULL,
        merged_from TEXT
      );
      CREATE INDEX case_events_case ON case_events (case_id, at, id);
      CREATE TABLE case_templates (
        id TEXT PRIMARY KEY,
        tenant_id TEXT REFERENCES tenants(id),
        name TEXT NOT NULL,
        title_prefix TEXT NOT NULL,
        description TEXT NOT NULL,
        severity TEXT NOT NULL,
        tlp TEXT NOT NULL,
        pap TEXT NOT NULL,
        tags TEXT NOT NULL,
        tasks TEXT NOT NULL,
        custom_fields TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX case_templates_name ON case_templates (COALESCE(tenant_id, ''), name);
      CREATE TABLE case_custom_fields (
        id TEXT PRIMARY KEY,
        tenant_id TEXT REFERENCES tenants(id),
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        type TEXT NOT NULL,
        description TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX case_custom_fields_name ON case_custom_fields (COALESCE(tenant_id, ''), name);
    `,
  },
  {
    id: 600,
    name: 'console: saved searches',
    sql: `
      CREATE TABLE saved_searches (
        id TEXT PRIMARY KEY,
        owner_kind TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        tenant_id TEXT REFERENCES tenants(id),
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        time_from TEXT,
        time_to TEXT,
        columns TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX saved_searches_owner_name ON saved_searches (owner_kind, owner_id, name);
    `,
  },
  {
    id: 601,
    name: 'console: alerts by change time, for the live alert stream',
    sql: `
      CREATE INDEX alerts_updated ON alerts (updated_at, id);
    `,
  },
  {
    id: 400,
    name: 'detection: rule enable/disable overrides, correlation state per tenant',
    sql: `
      CREATE TABLE rule_settings (
        rule_id TEXT PRIMARY KEY,
        enabled INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );
      CREATE TABLE correlation_state (
        tenant_id TEXT PRIMARY KEY,
        snapshot_json TEXT NOT NULL,
        saved_at INTEGER NOT NULL
      );
    `,
  },
];

// Migration ids are allotted in ranges per domain so that work on different domains does
// not collide: 1–99 core (tenants, users, keys, audit), 100–199 alerts and exceptions,
// 200–299 cases, 300–399 sessions and identity, 400–499 detection rules, 500–599 intel, 600–699 console.

// DuckDB macros the compiled queries call: IP text → number / sortable key (CIDR ranges), the values
// of an `extra` field as a list (arrays and scalars alike), text → TIMESTAMP in UTC.
// The store runs SEARCH_SQL_MACROS once on each connection that runs searches.

/** One IPv4 octet, 0-255 without leading zeros (as parseIp in src/event/ip.ts reads them). */
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
const H = '[0-9a-f]{1,4}';
/** Every valid IPv6 text without an IPv4 tail: eight groups, or fewer with one `::`. */
const IPV6 = [
  `(${H}:){7}${H}`,
  `(${H}:){1,7}:`,
  `(${H}:){1,6}:${H}`,
  `(${H}:){1,5}(:${H}){1,2}`,
  `(${H}:){1,4}(:${H}){1,3}`,
  `(${H}:){1,3}(:${H}){1,4}`,
  `(${H}:){1,2}(:${H}){1,5}`,
  `${H}:(:${H}){1,6}`,
  `:((:${H}){1,7}|:)`,
].join('|');

/*
 * Macros are expanded where they are called, so an argument used twice is computed twice;
 * `list_transform([x], lambda v: f(v))[1]` computes x once and names it (a `let`). Without it
 * the IPv6 key costs several times more per row.
 */
export const SEARCH_SQL_MACROS: readonly string[] = [
  // IPv4 text → its 32-bit number, NULL when not a dotted quad.
  `CREATE OR REPLACE TEMP MACRO vigil_ipv4_int(vigil_s) AS (
    CASE WHEN regexp_full_match(vigil_s, '${IPV4}')
    THEN list_transform([string_split(vigil_s, '.')], lambda vigil_o:
      (CAST(vigil_o[1] AS UBIGINT) << 24) | (CAST(vigil_o[2] AS UBIGINT) << 16)
        | (CAST(vigil_o[3] AS UBIGINT) << 8) | CAST(vigil_o[4] AS UBIGINT))[1]
    END)`,
  // A trailing IPv4 part of IPv6 text (::ffff:10.1.2.3) → two hex groups.
  `CREATE OR REPLACE TEMP MACRO vigil_ipv6_undot(vigil_a) AS (
    CASE WHEN contains(vigil_a, '.')
    THEN regexp_extract(vigil_a, '^(.*:)[^:]*$', 1)
      || list_transform([vigil_ipv4_int(regexp_extract(vigil_a, '[^:]*$'))], lambda vigil_n:
        printf('%04x:%04x', vigil_n >> 16, vigil_n & 65535))[1]
    ELSE vigil_a END)`,
  // Valid IPv6 text with `::` → all eight groups: `::` stands for the groups not written.
  `CREATE OR REPLACE TEMP MACRO vigil_ipv6_full(vigil_a) AS (
    CASE WHEN contains(vigil_a, '::')
    THEN trim(replace(vigil_a, '::', ':' || repeat('0:',
      8 - (length(vigil_a) - length(replace(vigil_a, ':', '')))
        + CAST(starts_with(vigil_a, '::') AS INTEGER) + CAST(ends_with(vigil_a, '::') AS INTEGER))), ':')
    ELSE vigil_a END)`,
  `CREATE OR REPLACE TEMP MACRO vigil_ipv6_pad(vigil_g) AS (
    concat(lpad(vigil_g[1], 4, '0'), lpad(vigil_g[2], 4, '0'), lpad(vigil_g[3], 4, '0'), lpad(vigil_g[4], 4, '0'),
      lpad(vigil_g[5], 4, '0'), lpad(vigil_g[6], 4, '0'), lpad(vigil_g[7], 4, '0'), lpad(vigil_g[8], 4, '0')))`,
  // Lowercase IPv6 text without zone or IPv4 tail → 32 hex digits, NULL when not valid.
  `CREATE OR REPLACE TEMP MACRO vigil_ipv6_hex(vigil_a) AS (
    CASE WHEN regexp_full_match(vigil_a, '${IPV6}')
    THEN list_transform([string_split(vigil_ipv6_full(vigil_a), ':')], lambda vigil_g: vigil_ipv6_pad(vigil_g))[1]
    END)`,
  // Any IP text → 32 hex digits that sort like the address (IPv4 as ::ffff:a.b.c.d); NULL when
  // the text is not an IP address. The same key as ipKey() in src/event/ip.ts.
  `CREATE OR REPLACE TEMP MACRO vigil_ip_key(vigil_ip) AS (
    CASE WHEN NOT contains(vigil_ip, ':') THEN '00000000000000000000ffff' || printf('%08x', vigil_ipv4_int(vigil_ip))
    ELSE list_transform([vigil_ipv6_undot(lower(split_part(vigil_ip, '%', 1)))], lambda vigil_a: vigil_ipv6_hex(vigil_a))[1]
    END)`,
  // The values of an extra field as VARCHAR[]: an array's elements, or the one value ([NULL]
  // when absent). Objects come as their JSON text.
  `CREATE OR REPLACE TEMP MACRO vigil_extra_values(vigil_j, vigil_p) AS (
    CASE WHEN json_type(vigil_j, vigil_p) = 'ARRAY'
    THEN json_extract_string(json_extract(vigil_j, vigil_p), '$[*]')
    ELSE [json_extract_string(vigil_j, vigil_p)] END)`,
  // Date text → TIMESTAMP in UTC: an offset after the time is applied; without one it is UTC
  // (a TIMESTAMPTZ cast would read it in the session's time zone instead).
  `CREATE OR REPLACE TEMP MACRO vigil_timestamp(vigil_s) AS (
    CASE WHEN regexp_matches(vigil_s, '[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]*)?)? ?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$')
    THEN TRY_CAST(vigil_s AS TIMESTAMPTZ) AT TIME ZONE 'UTC'
    ELSE TRY_CAST(vigil_s AS TIMESTAMP) END)`,
];

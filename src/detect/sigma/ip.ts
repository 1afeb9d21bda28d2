// IPv4/IPv6 parsing and CIDR membership for the `cidr` modifier, without allocating per check
// beyond the parsed address.

export interface ParsedIp {
  version: 4 | 6;
  /** v4: 4 bytes; v6: 8 sixteen-bit groups. */
  words: number[];
}

/** Dotted quad to its 4 bytes; null unless exactly four decimal parts of 1–3 digits, each ≤ 255. */
export function parseIpv4(text: string): number[] | null {
  const out: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // the end closes the last part like a dot
    if (c === 46) {
      if (digits === 0 || value > 255 || out.length === 4) return null;
      out.push(value);
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      value = value * 10 + (c - 48);
      digits++;
    } else {
      return null;
    }
  }
  return out.length === 4 ? out : null;
}

export function parseIpv6(text: string): number[] | null {
  let s = text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  // Embedded IPv4 in the last 32 bits (::ffff:10.0.0.1) becomes two hex groups.
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (!v4) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return null;
  const total = head.length + rest.length;
  if (halves.length === 1) return total === 8 ? head : null;
  if (total > 7) return null;
  return [...head, ...new Array<number>(8 - total).fill(0), ...rest];
}

export function parseIp(text: string): ParsedIp | null {
  const t = text.trim();
  if (t.includes(':')) {
    const words = parseIpv6(t);
    if (!words) return null;
    // IPv4-mapped addresses compare as IPv4.
    if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff) {
      return { version: 4, words: [words[6]! >> 8, words[6]! & 0xff, words[7]! >> 8, words[7]! & 0xff] };
    }
    return { version: 6, words };
  }
  const v4 = parseIpv4(t);
  return v4 ? { version: 4, words: v4 } : null;
}

/** Parses `10.0.0.0/8` or `fe80::/10`; a bare address is a /32 or /128. */
export function parseCidr(text: string): { version: 4 | 6; words: number[]; prefix: number } | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash >= 0 ? text.slice(0, slash) : text);
  if (!ip) return null;
  const max = ip.version === 4 ? 32 : 128;
  const prefix = slash >= 0 ? Number(text.slice(slash + 1)) : max;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { version: ip.version, words: ip.words, prefix };
}

export function inCidr(ip: ParsedIp, version: 4 | 6, net: readonly number[], prefix: number): boolean {
  if (ip.version !== version) return false;
  const width = version === 4 ? 8 : 16;
  let remaining = prefix;
  for (let i = 0; i < net.length && remaining > 0; i++) {
    const take = Math.min(width, remaining);
    const mask = ((1 << take) - 1) << (width - take);
    if ((ip.words[i]! & mask) !== (net[i]! & mask)) return false;
    remaining -= take;
  }
  return true;
}

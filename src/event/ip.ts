// IP addresses and CIDR networks as 128-bit numbers, for exact range tests on any prefix
// length. IPv4 is mapped into IPv6 (::ffff:a.b.c.d) so both families share one key space.

/** The IPv4-mapped IPv6 addresses (::ffff:0:0/96): IPv4 addresses in the shared key space. */
export const V4_MAPPED_LOW = 0xffffn << 32n;
export const V4_MAPPED_HIGH = V4_MAPPED_LOW | 0xffffffffn;
const ALL_ONES = (1n << 128n) - 1n;
const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const GROUP = /^[0-9a-f]{1,4}$/;

export interface ParsedIp {
  /** The address as a 128-bit number; IPv4 as its IPv4-mapped IPv6 form. */
  value: bigint;
  version: 4 | 6;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

/**
 * Groups of one side of `::` (or of a whole address without it), as 16-bit numbers. Only the
 * end of an address may be an IPv4 address (::ffff:10.1.2.3); it counts as two groups.
 */
function groups(text: string, endsAddress: boolean): bigint[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const out: bigint[] = [];
  for (const [i, part] of parts.entries()) {
    if (endsAddress && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (GROUP.test(part)) {
      out.push(BigInt(`0x${part}`));
    } else {
      return undefined;
    }
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  // A zone (fe80::1%eth0) names an interface, not part of the address.
  const address = text.split('%', 1)[0]!.toLowerCase();
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1]!, true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  // `::` stands for at least one group of zeros; without it all eight must be written.
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<bigint>(missing).fill(0n), ...tail].reduce((acc, g) => (acc << 16n) | g, 0n);
}

export function parseIp(text: string): ParsedIp | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { value, version: 6 };
  }
  const v4 = parseIpv4(text);
  return v4 === undefined ? undefined : { value: V4_MAPPED_LOW | v4, version: 4 };
}

/**
 * IPv4-mapped IPv6 text (::ffff:10.1.2.3, ::FFFF:a01:203) as its dotted quad (10.1.2.3); any
 * other text as it is. The store writes its IP columns so, which lets a search for an IPv4
 * address or network compare dotted quads alone (see networkPredicate in the compiler).
 */
export function unmapIpv4(text: string): string {
  // Cheap tests first: mapped text always has a colon and its ffff group.
  if (!text.includes(':') || !/ffff/i.test(text)) return text;
  const ip = parseIp(text);
  if (!ip || ip.value < V4_MAPPED_LOW || ip.value > V4_MAPPED_HIGH) return text;
  return ipv4Text(ip.value);
}

/** The dotted quad of an address in ::ffff:0:0/96 (its low 32 bits), as parseIp reads it back. */
export function ipv4Text(value: bigint): string {
  const v4 = Number(value & 0xffffffffn);
  return `${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.${v4 & 255}`;
}

export interface ParsedCidr {
  /** First and last address of the network, as 128-bit numbers. */
  low: bigint;
  high: bigint;
  version: 4 | 6;
}

/** `address/prefix`; bits of the address past the prefix are ignored. Error text on failure. */
export function parseCidr(address: string, prefix: string): ParsedCidr | string {
  const ip = parseIp(address);
  if (!ip) return `'${address}' is not an IP address`;
  const max = ip.version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `the prefix length must be a number from 0 to ${max}`;
  return cidrRange(ip, Number(prefix));
}

/** The range of the network of `ip` with `prefix` bits (counted in the address's own family). */
export function cidrRange(ip: ParsedIp, prefix: number): ParsedCidr {
  const bits = ip.version === 4 ? prefix + 96 : prefix;
  const hostMask = ALL_ONES >> BigInt(bits);
  const low = ip.value & (ALL_ONES ^ hostMask);
  return { low, high: low | hostMask, version: ip.version };
}

/** The key the SQL macro vigil_ip_key gives an address: 32 lowercase hex digits. */
export function ipKey(value: bigint): string {
  return value.toString(16).padStart(32, '0');
}

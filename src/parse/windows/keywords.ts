// Windows event keywords in the notation the XML rendering uses, whatever the shipper wrote.

/** "0x8020000000000000" from that string, or from the 64-bit mask written as a (signed) number. */
export function keywordsText(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v !== 'number' || !Number.isInteger(v)) return undefined;
  return '0x' + BigInt.asUintN(64, BigInt(v)).toString(16);
}

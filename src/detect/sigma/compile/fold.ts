// Case folding for case-insensitive matching. String.toLowerCase is a lowercase mapping, not a
// fold: it keeps final sigma, ß and a few Greek symbol forms apart from their plain letters,
// so those are folded here too (Unicode full case folding for the characters that differ).

const SPECIAL: Readonly<Record<string, string>> = {
  '\u03c2': '\u03c3', // ς final sigma → σ
  '\u03d0': '\u03b2', // ϐ → β
  '\u03d1': '\u03b8', // ϑ → θ
  '\u03d5': '\u03c6', // ϕ → φ
  '\u03d6': '\u03c0', // ϖ → π
  '\u03f0': '\u03ba', // ϰ → κ
  '\u03f1': '\u03c1', // ϱ → ρ
  '\u03f5': '\u03b5', // ϵ → ε
  '\u017f': 's', // ſ long s
  '\u1e9b': '\u1e61', // ẛ → ṡ
  '\u1fbe': '\u03b9', // ι prosgegrammeni → ι
  '\u00df': 'ss', // ß
};
const SPECIAL_RE = /[\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u017f\u1e9b\u1fbe\u00df]/g;
const NON_ASCII = /[^\x00-\x7f]/;

export function fold(text: string): string {
  const lower = text.toLowerCase();
  return NON_ASCII.test(lower) ? lower.replace(SPECIAL_RE, (c) => SPECIAL[c]!) : lower;
}

/**
 * Folded UTF-16 unit per unit, for scanning text without building its folded copy; -1 where
 * folding is not one unit to one unit (ß, İ, surrogates), where callers fold the whole text.
 */
export const FOLD_UNIT: Int32Array = (() => {
  const table = new Int32Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      table[c] = -1;
      continue;
    }
    const f = fold(String.fromCharCode(c));
    table[c] = f.length === 1 ? f.charCodeAt(0) : -1;
  }
  return table;
})();

/** Whether folding keeps the text's length: no unit of it (ß, İ, a surrogate) folds to several. */
export function foldsToSameLength(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (FOLD_UNIT[text.charCodeAt(i)]! < 0) return false;
  return true;
}

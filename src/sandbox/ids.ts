/**
 * Slack-looking identifiers and a small seeded PRNG.
 *
 * Ids are deterministic: a prefix letter, a 3-character namespace (one per workspace or per kind)
 * and a 7-character scrambled counter, all in Slack's `[A-Z0-9]` alphabet. The scramble is a
 * bijection (multiplication by a number coprime to 36^7), so ids never collide and still look random.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SPACE = 36 ** 7; // 78,364,164,096
const MULTIPLIER = 100_003; // coprime to 36; SPACE * MULTIPLIER < 2^53

function base36(n: number, width: number): string {
  let out = '';
  let v = n;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[v % 36] + out;
    v = Math.floor(v / 36);
  }
  return out;
}

/** `prefix` + namespace (3 chars) + scrambled counter (7 chars): e.g. `U01K3Z9QW7A`. */
export function slackId(prefix: string, namespace: number, counter: number): string {
  const scrambled = (counter * MULTIPLIER + 7_919) % SPACE;
  return `${prefix}${base36(namespace % 36 ** 3, 3)}${base36(scrambled, 7)}`;
}

/** mulberry32: tiny, fast, good enough for generating fake people. Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit hash of a string (FNV-1a), to derive seeds and hashes. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function hex(n: number, width: number): string {
  return (n >>> 0)
    .toString(16)
    .padStart(8, '0')
    .repeat(Math.ceil(width / 8))
    .slice(0, width);
}

/**
 * The two string metrics actor matching needs (they replaced the `talisman` package, of which only these
 * were used): Jaro-Winkler similarity and the optimal-string-alignment form of Damerau-Levenshtein distance.
 * Both work on UTF-16 code units, as talisman did; callers fold names first.
 */

/**
 * Jaro similarity in [0, 1]: characters of the shorter string matched in the longer one within half the
 * longer length, less half their transpositions (rounded down, as in Winkler's strcmp95).
 */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length > b.length ? [b, a] : [a, b];
  if (short.length === 0) return 0;
  const window = Math.max(0, (long.length >> 1) - 1);
  const matchedShort = new Array<boolean>(short.length).fill(false);
  const matchedLong = new Array<boolean>(long.length).fill(false);
  let matches = 0;
  for (let i = 0; i < short.length; i++) {
    const to = Math.min(long.length - 1, i + window);
    for (let j = Math.max(0, i - window); j <= to; j++) {
      if (matchedLong[j] || short[i] !== long[j]) continue;
      matchedShort[i] = true;
      matchedLong[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let outOfOrder = 0;
  let j = 0;
  for (let i = 0; i < short.length; i++) {
    if (!matchedShort[i]) continue;
    while (!matchedLong[j]) j++;
    if (short[i] !== long[j]) outOfOrder++;
    j++;
  }
  const m = matches;
  const transpositions = Math.floor(outOfOrder / 2);
  return (m / short.length + m / long.length + (m - transpositions) / m) / 3;
}

/**
 * Jaro-Winkler similarity in [0, 1]: Jaro, boosted for a common prefix of up to 4 characters (scale 0.1)
 * when Jaro is at least 0.7 — Winkler's standard parameters.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j < 0.7) return j;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * Edit distance where insertions, deletions, substitutions and the transposition of two adjacent characters
 * each cost one (optimal string alignment: no substring is edited twice). For the "≤ 1 edit" test actor
 * matching makes, this equals the unrestricted Damerau-Levenshtein distance.
 */
export function damerauLevenshtein(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

// talisman ships no type declarations; only the two metrics the intake uses are declared.
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro-Winkler similarity in [0, 1]. */
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}

declare module 'talisman/metrics/damerau-levenshtein.js' {
  /** Damerau-Levenshtein edit distance (transpositions count as one edit). */
  const damerauLevenshtein: (a: string, b: string) => number;
  export default damerauLevenshtein;
}

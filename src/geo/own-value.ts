/**
 * Reading a table keyed by text. A plain object literal inherits Object.prototype, so `table['constructor']`
 * is a function, not "no entry": every lookup of a word, name or code that came from outside goes through
 * `ownValue`, which sees only the table's own entries.
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

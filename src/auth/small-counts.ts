/**
 * Small-cell suppression for roles that may not see personal data (viewers): a count of one person in a
 * 1 m circle, or of one member of an organisation on the board, is that person's data. Counts from 1 to
 * SMALL_COUNT - 1 are shown as "<5"; and when a table's total is itself small, every cell is hidden, zeros
 * included, because "1 person, 0 safe, 0 departed…" tells that person's status as well as the cell would.
 * Editors and above, who may see the people themselves, get exact figures.
 */
import { z } from 'zod';

export const SMALL_COUNT = 5;
export const SUPPRESSED = `<${SMALL_COUNT}` as const;
export type ShownCount = number | typeof SUPPRESSED;
/** A count as the API shows it: exact, or "<5" for viewers. */
export const shownCount = z.union([z.number().int(), z.literal(SUPPRESSED)]);

/** One count as a viewer sees it. */
export function suppressSmall(n: number): ShownCount {
  return n > 0 && n < SMALL_COUNT ? SUPPRESSED : n;
}

/** The cells of one table whose cells add up to (or, when people count in several cells, relate to) `total`. */
export function suppressCells<K extends string>(cells: Record<K, number>, total: number): Record<K, ShownCount> {
  const hideAll = total > 0 && total < SMALL_COUNT;
  return Object.fromEntries(Object.entries<number>(cells).map(([key, n]) => [key, hideAll ? SUPPRESSED : suppressSmall(n)])) as Record<K, ShownCount>;
}

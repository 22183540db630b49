// @ts-check
/* Where a line goes in the log: lines are shown by their number (seq), whatever order
 * they arrive in, and ahead of the visitor's lines still waiting for their ack. */

/**
 * The first shown line numbered after `seq` (null: none, the line goes last).
 * @template {{dataset: DOMStringMap}} T
 * @param {Iterable<T>} shown @param {number} seq
 * @returns {T | null}
 */
export function firstAfter(shown, seq) {
  return [...shown].find((node) => node.dataset.seq && Number(node.dataset.seq) > seq) || null;
}

/** The highest line number shown, null when none is. @param {Iterable<number>} seqs */
export function lastSeq(seqs) {
  const numbers = [...seqs];
  return numbers.length ? Math.max(...numbers) : null;
}

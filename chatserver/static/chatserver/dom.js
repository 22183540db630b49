// @ts-check
/* The one way the widget and the console find their page's elements. */

/**
 * The element with `id`, of the kind given (an HTMLElement when none is): a page
 * without it, or with another kind, is a bug, reported at once.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {{new (): T, prototype: T}} [kind]
 * @returns {T}
 */
export function byId(id, kind) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`no element #${id}`);
  if (kind && !(node instanceof kind)) throw new Error(`#${id} is another kind of element`);
  return /** @type {T} */ (node);
}

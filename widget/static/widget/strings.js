// @ts-check
/* The widget's words: every line comes from the page's "strings" (translated on the
 * server: widget/strings.py), in the page's language. */

/**
 * `template` with each {name} filled from `values`; a name without a value stays.
 * @param {string} template @param {Record<string, unknown>} [values]
 */
export function fill(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/**
 * @typedef {object} Words
 * @property {(key: string, values?: Record<string, unknown>) => string} t a line, filled
 * @property {string[]} months January first
 * @property {string[]} weekdays Monday first
 */

/** @param {Record<string, string | string[]>} strings the page's catalogue @returns {Words} */
export function wordsFrom(strings) {
  return {
    t: (key, values = {}) => fill(/** @type {string} */ (strings[key]), values),
    months: /** @type {string[]} */ (strings.months),
    weekdays: /** @type {string[]} */ (strings.weekdays),
  };
}

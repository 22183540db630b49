// @ts-check
/* UK phone numbers in a line of emergency advice, made into tap-to-call (tel:) links: the
 * short emergency and helpline codes, and national numbers (0 or +44 and 9 or 10 digits,
 * of the ranges people call), shown exactly as written. No other scheme is made. */

/** @typedef {import("./links.js").Part} Part */

// Not straight after a letter, digit or "+", nor after a digit and one space or hyphen
// (a number's tail is not a number of its own); not straight before a letter or digit.
const NUMBER = /(?<![\w+]|\d[ -])(?:(?:\+44 ?|0)\d(?:[ -]?\d){8,9}|116 ?\d{3}|999|112|111|101|105)(?![\w]|[ -]\d)/g;
// 01, 02, 03, 05, 07, 08 and 09 numbers: not 04 or 06, which are not in use.
const NATIONAL = /^[1235789]\d{8,9}$/;
const SHORT = /^(?:999|112|111|101|105|116\d{3})$/;

/**
 * The tel: address of a number as written; null when it is not a UK number people call.
 * @param {string} written
 */
export function telAddress(written) {
  const digits = written.replace(/[ -]/g, "");
  if (SHORT.test(digits)) return `tel:${digits}`;
  const national = digits.startsWith("+44") ? digits.slice(3) : digits.startsWith("0") ? digits.slice(1) : "";
  return NATIONAL.test(national) ? `tel:+44${national}` : null;
}

/**
 * The line as plain parts and tel: link parts, in order; their texts joined are the line.
 * @param {string} text
 * @returns {Part[]}
 */
export function phoneParts(text) {
  /** @type {Part[]} */
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(NUMBER)) {
    const href = telAddress(match[0]);
    if (!href) continue;
    const start = match.index || 0;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: match[0], href });
    at = start + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

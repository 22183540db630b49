// @ts-check
/* Web addresses in an adviser's line, made into links: http and https only, the address
 * shown exactly as typed, and punctuation that ends a sentence left out of the link. */

/** @typedef {{text: string, href?: string}} Part */

const ADDRESS = /\bhttps?:\/\/[^\s<>"]+/gi;
// Closing punctuation after an address belongs to the sentence, not the address.
const TRAILING = /[.,;:!?'")\]}]+$/;

/**
 * The line as plain parts and link parts, in order; their texts joined are the line.
 * @param {string} text
 * @returns {Part[]}
 */
export function linkParts(text) {
  /** @type {Part[]} */
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const start = match.index || 0;
    const address = match[0].replace(TRAILING, "");
    if (!isWebAddress(address)) continue;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: address, href: address });
    at = start + address.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/** Whether the browser reads it as an http or https address with a host. @param {string} address */
function isWebAddress(address) {
  if (!/^https?:\/\/[^/\\]/i.test(address)) return false; // a host right after the "//"
  try {
    const url = new URL(address);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

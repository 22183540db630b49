// @ts-check
/* Spotting card and bank details in a line before it is sent, to warn the visitor. */

/** Whether a string of digits passes the Luhn check of card numbers. @param {string} digits */
export function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let value = Number(digits[digits.length - 1 - i]);
    if (i % 2) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return sum % 10 === 0;
}

/** A card number (13 to 19 digits, spaces or dashes allowed, passing Luhn), or the words
 * "sort code" with an eight-digit account number. @param {string} text */
export function looksLikeBankDetails(text) {
  const cards = text.match(/(?:\d[ -]?){12,18}\d/g) || [];
  if (cards.some((candidate) => luhn(candidate.replace(/\D/g, "")))) return true;
  return /\bsort\s*code\b/i.test(text) && /\b\d{8}\b/.test(text);
}

/**
 * An amount of đồng as a Vietnamese shopper types it: whole đồng, digits either plain ("25000") or grouped by
 * thousands with dots ("25.000", "1.250.000"), optionally followed by ₫ or đ. Anything else, decimals above all
 * ("25.000,50", "25,5", "2.50"), is refused with null rather than guessed at: stripping every non-digit once turned
 * "25.000,50" into 2,500,050 đồng.
 * @param {string} text
 * @returns {number | null} the amount, or null when the text is not one
 */
export function parseVndAmount(text) {
  const trimmed = String(text)
    .trim()
    .replace(/\s*[₫đ]$/i, '');
  if (!/^(?:\d{1,3}(?:\.\d{3})+|\d+)$/.test(trimmed)) return null;
  const amount = Number(trimmed.replaceAll('.', ''));
  return Number.isSafeInteger(amount) && amount > 0 ? amount : null;
}

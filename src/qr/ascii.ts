/**
 * VietQR text must be ASCII: implementations disagree on how to count the length of non-ASCII
 * values (chars vs UTF-8 bytes), so a Vietnamese name would give different, broken payloads in
 * different banking apps. We fold diacritics away before building a payload.
 */

const NON_PRINTABLE_ASCII = /[^\x20-\x7E]/g;

/** "Nguyễn Thị Đào" → "Nguyen Thi Dao"; collapses whitespace, drops anything else outside printable ASCII, trims. */
export function foldToAscii(text: string): string {
  return (
    text
      // đ/Đ is a separate letter, not d + a combining mark, so NFD leaves it alone.
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/\s+/g, ' ')
      .replace(NON_PRINTABLE_ASCII, '')
      // Dropping characters above can leave doubled or edge spaces behind.
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** Folds `text` and cuts it to `maxLength` characters, never leaving a trailing space from the cut. */
export function qrField(text: string, maxLength: number): string {
  return foldToAscii(text).trim().slice(0, maxLength).trim();
}

/** Merchant name for field 59 (≤ 25 characters). Case is kept; banks display it as given. */
export function qrName(displayName: string): string {
  return qrField(displayName, 25);
}

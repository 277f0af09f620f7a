/**
 * CRC-16/CCITT-FALSE, the checksum EMVCo (and so NAPAS VietQR) puts in field 63.
 * poly 0x1021, init 0xFFFF, no input/output reflection, no final xor.
 * Check value: crc16ccitt("123456789") === "29B1".
 */

/** Checksum of the UTF-8 bytes of `input` as 4 uppercase hex digits (VietQR payloads are ASCII, so bytes = chars). */
export function crc16ccitt(input: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(input, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

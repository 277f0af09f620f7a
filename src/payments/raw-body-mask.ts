/**
 * Raw notifications are kept as received, for audit; but a notification also names the payer's own account, which
 * is a resident's personal data we have no use for. Those fields are masked before the body is stored, keeping the
 * last four digits (enough to match a payer's complaint against a bank statement).
 *
 * Where each provider puts the payer's account (the receiving account is the stall's and stays as it is):
 * - payOS: `data.counterAccountNumber` (payOS webhook reference, "Webhook data" fields);
 * - Casso: `data[].counterAccountNumber` (API v2) and `data[].corresponsiveAccount` (API v1);
 * - SePay: none in its notification (only the receiving `accountNumber`);
 * - the sandbox bank: none (payer bank and name only).
 * The field is masked wherever it appears in the body, for every provider: a provider that starts sending one of
 * these names elsewhere is covered without a change here.
 */
const PAYER_ACCOUNT_FIELDS = ['counterAccountNumber', 'corresponsiveAccount'] as const;

const FIELD = new RegExp(`("(?:${PAYER_ACCOUNT_FIELDS.join('|')})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|-?\\d+)`, 'g');

/** `0123456789` → `******6789`; four characters or fewer are hidden entirely. */
export function maskAccountNumber(value: string): string {
  const keep = value.length > 4 ? 4 : 0;
  return '*'.repeat(value.length - keep) + value.slice(value.length - keep);
}

/**
 * The raw body with every payer-account field masked, the rest left byte for byte as received (the JSON stays
 * valid; a numeric account becomes a masked string).
 */
export function maskPayerAccounts(rawBody: string): string {
  return rawBody.replace(FIELD, (_match, key: string, literal: string) => {
    const value = literal.startsWith('"') ? (JSON.parse(literal) as string) : literal;
    return `${key}${JSON.stringify(maskAccountNumber(value))}`;
  });
}

/** The aggregators and bank feeds we accept "money arrived" notices from. */
export type ProviderName = 'sandbox' | 'sepay' | 'payos' | 'casso';

export const PROVIDER_NAMES: readonly ProviderName[] = ['sandbox', 'sepay', 'payos', 'casso'];

export type HttpHeaders = Record<string, string | string[] | undefined>;

/** A normalised "money arrived" notice, whatever provider sent it. */
export interface BankCredit {
  /** The provider's transaction id: with the provider name, the dedupe key. */
  providerTxId: string;
  /** Receiving bank BIN when the provider tells it (only our sandbox does), else null. */
  bin: string | null;
  /** The receiving account as the provider reports it. */
  accountNumber: string;
  /** The sub / virtual account the money was sent to, when the provider reports one. */
  subAccount?: string | null;
  /** Receiving bank as the provider names it (SePay `gateway`, Casso `bankName`), when given. */
  bankName?: string | null;
  /** Integer VND, > 0. */
  amount: number;
  /** The transfer memo as the bank delivered it (prefixes, suffixes, case and spacing untouched). */
  description: string;
  payerBank?: string | null;
  payerName?: string | null;
  /** ISO 8601 with an offset; providers' naive times are Vietnam time and get +07:00. */
  occurredAt: string;
}

export type VerifyFailure = 'missing_signature' | 'bad_signature' | 'stale_signature' | 'malformed_signature';

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface VerifyInput {
  headers: HttpHeaders;
  /** The body exactly as received (signatures over raw bytes use it). */
  rawBody: string;
  /** The parsed JSON body (signatures over canonicalised JSON use it). */
  body: unknown;
  secret: string;
  nowMs: number;
}

export interface ProviderAdapter {
  name: ProviderName;
  verify(input: VerifyInput): VerifyResult;
  /** Parses a verified body into credits. Non-credit notices (money out, test pings) → []. Throws ProviderPayloadError on a malformed body. */
  parse(body: unknown): BankCredit[];
  /**
   * For providers that batch several transactions in one body: each line is read on its own, so one malformed line
   * does not refuse the good ones. Throws ProviderPayloadError only when the body as a whole is unreadable.
   */
  parseLines?(body: unknown): { credits: BankCredit[]; rejected: RejectedLine[] };
  /** The JSON body this provider expects as the success acknowledgement. */
  ack(): unknown;
}

/** A verified body that does not have the shape the provider documents. */
export class ProviderPayloadError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ProviderPayloadError';
  }
}

/** A line of a batch that could not be read: where it was, why, and the line itself (kept for review). */
export interface RejectedLine {
  index: number;
  field?: string;
  message: string;
  line: unknown;
}

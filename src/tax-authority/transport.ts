/**
 * Where a T-VAN provider plugs in (docs/tax-authority.md): the sender hands it whole messages (`TDiep` XML) and reads
 * back the authority's own messages, so a provider's adapter only carries them over its HTTP API and never decides
 * anything. `tvan-sandbox.ts` is the in-process one used on the embedded trial.
 */
export interface TaxAuthorityTransport {
  /** Shown in logs and on the admin page ("tvan-sandbox", a provider's name). */
  readonly name: string;
  /**
   * Sends one message and answers the technical receipt (MLTDiep 999) the authority returned for it. Throws (any
   * error) when the authority could not be reached or its answer was lost: the message may or may not have arrived,
   * so the sender asks `lookup` before sending it again.
   */
  send(message: string): Promise<string>;
  /**
   * What the authority holds under a message id: null when it never received it; otherwise its technical receipt and,
   * once the data was checked, the result message (MLTDiep 204). A provider answers this from its message lookup
   * (tra cứu thông điệp) by MTDiep.
   */
  lookup(messageId: string): Promise<{ receipt: string; result: string | null } | null>;
}

/** The authority could not be reached (the sandbox switched off, a provider's HTTP error or timeout). */
export class TransportUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportUnavailable';
  }
}

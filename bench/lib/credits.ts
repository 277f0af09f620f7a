import { randomBytes } from 'node:crypto';
import { signSandbox } from '../../src/payments/providers/index.js';
import { mapConcurrent, request, requestJson, type HttpAgent, type Target } from './http.js';
import { randomAmount, type Stall } from './stalls.js';

/** A dynamic payment request created through the API, waiting to be paid. */
export interface PooledRequest {
  stall: Stall;
  reference: string;
  amount: number;
}

/** Creates `size` dynamic requests spread over the stalls, shuffled so consecutive payments hit different stalls. */
export async function createRequestPool(
  agent: HttpAgent,
  target: Target,
  stalls: Stall[],
  size: number,
): Promise<PooledRequest[]> {
  const pool = await mapConcurrent(Array.from({ length: size }), 32, async (_, i) => {
    const stall = stalls[i % stalls.length];
    const amount = randomAmount();
    const body = await requestJson<{ reference: string }>(
      agent,
      target,
      'POST',
      '/api/v1/payment-requests',
      { authorization: `Bearer ${stall.apiKey}` },
      { amount },
      201,
    );
    return { stall, reference: body.reference, amount };
  });
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool;
}

/**
 * Sandbox bank credit notices (the JSON body, unsigned): each pays the next pooled request in full, with its
 * reference inside a bank-style memo, or, for `staticShare` of them and once the pool runs out, is a static-QR
 * transfer to a random stall's account (no reference). Transaction ids are unique per run.
 */
export class SandboxCredits {
  readonly sent = { dynamic: 0, static: 0 };
  private next = 0;
  private seq = 0;
  private readonly runTag = randomBytes(3).toString('hex').toUpperCase();

  constructor(
    private readonly pool: PooledRequest[],
    private readonly stalls: Stall[],
    private readonly options: { staticShare: number; idPrefix: string; payerBank: () => string },
  ) {}

  notice(): string {
    const useStatic = this.next >= this.pool.length || Math.random() < this.options.staticShare;
    const seq = ++this.seq;
    let credit: { stall: Stall; amount: number; description: string };
    if (useStatic) {
      this.sent.static++;
      const stall = this.stalls[Math.floor(Math.random() * this.stalls.length)];
      credit = { stall, amount: randomAmount(), description: `NGUYEN VAN A chuyen tien ${seq}` };
    } else {
      this.sent.dynamic++;
      const r = this.pool[this.next++];
      // Banks wrap the memo: prefixes, trace numbers, a suffix. The reference survives inside.
      credit = {
        stall: r.stall,
        amount: r.amount,
        description: `MBVCB.${9_000_000 + seq}.${r.reference}.CT tu 0451000999 NGUYEN VAN A`,
      };
    }
    return JSON.stringify({
      id: `${this.options.idPrefix}${this.runTag}${seq}`,
      bin: credit.stall.bin,
      accountNumber: credit.stall.accountNumber,
      amount: credit.amount,
      description: credit.description,
      payerBank: this.options.payerBank(),
      payerName: 'NGUYEN VAN A',
      occurredAt: new Date().toISOString(),
    });
  }
}

/** Sends the next credit notice, signed as the sandbox bank signs it, to `POST /webhooks/sandbox`; reads the answer. */
export function sendNotice(agent: HttpAgent, target: Target, secret: string, credits: SandboxCredits) {
  const body = credits.notice();
  const headers = { 'x-signature': signSandbox(secret, body, Date.now()) };
  return request(agent, target, 'POST', '/webhooks/sandbox', headers, body, true);
}

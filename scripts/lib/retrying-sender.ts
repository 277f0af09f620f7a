import http from 'node:http';

/**
 * Delivers webhook bodies the way payment providers do: POST, and on a connection error, a timeout or any answer
 * other than 200, wait (exponential backoff with jitter, capped) and send the same body again, until it is
 * acknowledged or the deadline passes. Headers are made per attempt, so a signature can carry a fresh timestamp.
 */
export interface SenderOptions {
  baseUrl: string;
  maxSockets: number;
  /** Headers for one attempt (content type and signature). */
  headers(body: string): Record<string, string>;
  /** The status that acknowledges a delivery (default 200). */
  acceptStatus?: number;
  /** Give up on a delivery after this instant (ms since epoch). */
  deadline: number;
  attemptTimeoutMs?: number;
  firstBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface Acknowledged {
  text: string;
  attempts: number;
  /** When the 200 arrived (ms since epoch). */
  at: number;
}

export class RetryingSender {
  readonly agent: http.Agent;
  private readonly url: URL;
  /** Attempts that were not acknowledged, by reason: an error code (ECONNREFUSED…) or `HTTP <status>`. */
  readonly failures: Record<string, number> = {};
  attempts = 0;
  acknowledged = 0;
  private stopped = false;

  constructor(private readonly o: SenderOptions) {
    this.url = new URL(o.baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets, maxFreeSockets: o.maxSockets });
  }

  get retries(): number {
    return this.attempts - this.acknowledged;
  }

  /** Sends until acknowledged; resolves with the answer's body, or null when the deadline passed first. */
  async deliver(path: string, body: string, headers: Record<string, string> = {}): Promise<Acknowledged | null> {
    for (let attempt = 1; ; attempt++) {
      this.attempts++;
      const answer = await this.post(path, body, headers).catch((error: NodeJS.ErrnoException) => ({
        status: 0,
        text: error.code ?? error.message,
      }));
      if (answer.status === (this.o.acceptStatus ?? 200)) {
        this.acknowledged++;
        return { text: answer.text, attempts: attempt, at: Date.now() };
      }
      const reason = answer.status === 0 ? answer.text : `HTTP ${answer.status}`;
      this.failures[reason] = (this.failures[reason] ?? 0) + 1;
      const cap = Math.min(this.o.maxBackoffMs ?? 1_000, (this.o.firstBackoffMs ?? 25) * 2 ** (attempt - 1));
      const wait = cap / 2 + Math.random() * (cap / 2);
      if (this.stopped || Date.now() + wait > this.o.deadline) return null;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private post(path: string, body: string, extra: Record<string, string>): Promise<{ status: number; text: string }> {
    const headers = { ...this.o.headers(body), ...extra, 'content-length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.url.hostname, port: this.url.port, path, method: 'POST', headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(this.o.attemptTimeoutMs ?? 15_000, () =>
        req.destroy(Object.assign(new Error('attempt timed out'), { code: 'ETIMEDOUT' })),
      );
      req.end(body);
    });
  }

  /** Deliveries give up at their next retry (the run is being abandoned). */
  stop(): void {
    this.stopped = true;
  }

  close(): void {
    this.agent.destroy();
  }
}

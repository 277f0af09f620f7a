import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * A lean JSON-over-HTTP client for load generation: one keep-alive agent (sockets reused, at most `maxSockets`
 * open), no fetch/undici overhead per request, bodies read as strings and parsed only by callers that need them.
 */
export class KeepAliveClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly host: string;
  private readonly port: number;
  private readonly prefix: string;

  constructor(
    baseUrl: string,
    maxSockets: number,
    private readonly timeoutMs = 30_000,
  ) {
    const url = new URL(baseUrl);
    const secure = url.protocol === 'https:';
    this.transport = secure ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    this.host = url.hostname;
    this.port = Number(url.port || (secure ? 443 : 80));
    this.prefix = url.pathname.replace(/\/$/, '');
  }

  request(method: string, path: string, token?: string, body?: unknown): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = this.transport.request(
        { host: this.host, port: this.port, path: this.prefix + path, method, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      // A stuck request must not hold the run forever; it counts as an error.
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
      );
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `error.code` of one of our error bodies, or undefined. */
export function errorCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

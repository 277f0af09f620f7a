import http from 'node:http';

/** Where requests go: one server instance. */
export interface Target {
  host: string;
  port: number;
}

export interface HttpResult {
  status: number;
  /** The body, only when asked for (`readBody`); otherwise the bytes are drained and dropped. */
  body: string | null;
  bytes: number;
}

/** A keep-alive agent: each benchmark worker reuses its socket, so nothing is spent on connecting. */
export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
}

/**
 * One request with node:http (far cheaper per call than fetch/undici's web streams): the body is a pre-serialised
 * JSON string, the answer's body is decoded only when `readBody` is true.
 */
export function request(
  agent: http.Agent,
  target: Target,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  readBody = false,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      {
        agent,
        host: target.host,
        port: target.port,
        method,
        path,
        headers: payload ? { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (readBody) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: readBody ? Buffer.concat(chunks).toString('utf8') : null, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
    req.end(payload);
  });
}

/** A request that must succeed with `expected`; returns the parsed JSON body. */
export async function requestJson<T = any>(
  agent: http.Agent,
  target: Target,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: unknown,
  expected: number,
): Promise<T> {
  const res = await request(agent, target, method, path, headers, body === undefined ? undefined : JSON.stringify(body), true);
  if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}: ${res.body?.slice(0, 500)}`);
  return JSON.parse(res.body!) as T;
}

/** Runs `fn` over `items` with at most `concurrency` in flight (setup phases: onboarding, pre-creating requests). */
export async function mapConcurrent<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

import { Agent } from 'undici';

/** Where requests go: one server instance. */
export interface Target {
  host: string;
  port: number;
}

export interface HttpResult {
  status: number;
  /** The body, only when asked for (`readBody`); otherwise it is read and dropped. */
  body: string | null;
}

/** Keep-alive connections (up to `connections` per server): each benchmark worker reuses one, nothing is spent on connecting. */
export type HttpAgent = Agent;

/**
 * undici's dispatcher, used through its plain `request` (not fetch): the load generator shares the two cores with the
 * server and Postgres, so its own cost per request counts against what is measured. On the confirmation benchmark it
 * spent 0.096 ms of CPU per webhook against node:http's 0.159 ms (runs taking turns, 2026-11-23).
 */
export function keepAliveAgent(connections: number): HttpAgent {
  return new Agent({ connections, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
}

/** One request; the body is a pre-serialised JSON string, the answer's body is decoded only when `readBody` is true. */
export async function request(
  agent: HttpAgent,
  target: Target,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  headers: Record<string, string>,
  body?: string,
  readBody = false,
): Promise<HttpResult> {
  const res = await agent.request({
    origin: `http://${target.host}:${target.port}`,
    method,
    path,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body,
  });
  if (readBody) return { status: res.statusCode, body: await res.body.text() };
  for await (const _chunk of res.body); // read to the end (dump() would drop the connection past 128 KiB)
  return { status: res.statusCode, body: null };
}

/** A request that must succeed with `expected`; returns the parsed JSON body. */
export async function requestJson<T = any>(
  agent: HttpAgent,
  target: Target,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  headers: Record<string, string>,
  body: unknown,
  expected: number,
): Promise<T> {
  const res = await request(
    agent,
    target,
    method,
    path,
    headers,
    body === undefined ? undefined : JSON.stringify(body),
    true,
  );
  if (res.status !== expected)
    throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}: ${res.body?.slice(0, 500)}`);
  return JSON.parse(res.body!) as T;
}

/** Runs `fn` over `items` with at most `concurrency` in flight (setup phases: onboarding, pre-creating requests). */
export async function mapConcurrent<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
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

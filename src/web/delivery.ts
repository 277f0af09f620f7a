import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

// How pages and assets travel to a phone on slow 3G (docs/benchmarks.md, "Mobile (slow 3G)"): compressed (brotli
// where the browser takes it, i.e. over HTTPS, else gzip), assets with an ETag so an expired copy is revalidated with
// a 304 instead of downloaded again, each page announcing every module it will import (modulepreload), so the
// browser fetches them all at once instead of one level of imports per round trip, and a page's own stylesheets
// written into it (a browser opens at most 6 connections to a server over HTTP/1.1: every request saved is a round
// trip saved when there are more than 6).

export type Encoding = 'br' | 'gzip';

/** An asset ready to send in each encoding, with its ETag (one per content, whatever the encoding: weak). */
export interface PreparedAsset {
  type: string;
  raw: Buffer;
  encoded: Partial<Record<Encoding, Buffer>>;
  etag: string;
}

const MIN_COMPRESS_BYTES = 512; // below this a compressed copy saves less than its headers cost

const brotliOptions = (quality: number, size: number) => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: size },
});

/** Compresses a page's HTML on the way out (small, so quick enough on the event loop). */
export function compressSync(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'gzip' ? gzipSync(body, { level: 6 }) : brotliCompressSync(body, brotliOptions(5, body.length));
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** The key of an asset's content: its ETag's value, and the name of the build's compressed copies of it. */
export function contentKey(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('base64url').slice(0, 22);
}

/** An asset's compressed copies, each kept only when smaller than the asset (the build makes them this way). */
export async function encodeAsset(raw: Buffer): Promise<Partial<Record<Encoding, Buffer>>> {
  if (raw.length < MIN_COMPRESS_BYTES) return {};
  const [gz, br] = await Promise.all([gzipAsync(raw, { level: 9 }), brotliAsync(raw, brotliOptions(9, raw.length))]);
  return { ...(gz.length < raw.length && { gzip: gz }), ...(br.length < raw.length && { br }) };
}

/** Compressed copies made ahead of time (encoded-assets.ts), by content key; undefined for a content it lacks. */
export type StoredEncodings = (key: string) => Partial<Record<Encoding, Buffer>> | undefined;

/**
 * Prepares an asset: its ETag now, and its compressed copies: the build's when it made them for this content, else
 * made in the background (zlib's thread pool, never the event loop: brotli at quality 9 takes some 50 ms on the chart
 * library). Until a copy is ready the asset is sent as it is.
 */
export function prepareAsset(raw: Buffer, type: string, stored?: StoredEncodings): PreparedAsset {
  const key = contentKey(raw);
  const asset: PreparedAsset = { type, raw, encoded: {}, etag: `W/"${key}"` };
  const ready = stored?.(key);
  if (ready) asset.encoded = ready;
  else if (raw.length >= MIN_COMPRESS_BYTES) {
    const keep = (encoding: Encoding) => (body: Buffer) => {
      if (body.length < raw.length) asset.encoded[encoding] = body;
    };
    gzipAsync(raw, { level: 9 }).then(keep('gzip'), () => {});
    brotliAsync(raw, brotliOptions(9, raw.length)).then(keep('br'), () => {});
  }
  return asset;
}

/** The encoding to answer in, from the request's Accept-Encoding (q=0 refuses one), preferring brotli. */
export function pickEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  const accepted = new Map<string, number>();
  for (const part of String(acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    if (name) accepted.set(name, q ? Number(q[1]) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/** Sends an asset: 304 when the browser's copy is current, else its best encoding the browser takes. */
export function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: PreparedAsset, cacheControl: string) {
  reply.header('cache-control', cacheControl).header('etag', asset.etag).header('vary', 'accept-encoding');
  const match = String(request.headers['if-none-match'] ?? '');
  if (match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag.replace(/^W\//, '')))
    return reply.code(304).send();
  reply.type(asset.type);
  const encoding = pickEncoding(request.headers['accept-encoding']);
  const body = encoding && asset.encoded[encoding];
  if (encoding && body) return reply.header('content-encoding', encoding).send(body);
  return reply.send(asset.raw);
}

/**
 * An onSend hook for pages: each response's HTML (which carries its own nonce, so it cannot be compressed once ahead)
 * compressed on the way out. A 12 KB page takes well under a millisecond.
 */
export async function compressPage(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
    return payload;
  reply.header('vary', 'accept-encoding');
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (!encoding || payload.length < MIN_COMPRESS_BYTES) return payload;
  reply.header('content-encoding', encoding);
  return compressSync(Buffer.from(payload), encoding);
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?['"](\/assets\/[\w./-]+\.js)['"]/g;

/**
 * Every module a page's entry module imports, directly or not (static imports and re-exports of /assets/… only),
 * read from the files the server serves.
 */
export async function moduleGraph(entry: string, fileOf: (url: string) => string | undefined): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (url: string) => {
    if (seen.has(url)) return;
    const file = fileOf(url);
    if (!file) return;
    seen.add(url);
    const source = await readFile(file, 'utf8').catch(() => '');
    for (const [, dep] of source.matchAll(IMPORT)) await visit(dep);
  };
  await visit(entry);
  return [...seen];
}

/** The page with a modulepreload link for each module its entry module will import, at the end of its head. */
export async function withModulePreloads(html: string, fileOf: (url: string) => string | undefined): Promise<string> {
  const entries = [...html.matchAll(/<script\b[^>]*type="module"[^>]*src="(\/assets\/[\w./-]+\.js)"/g)].map(
    (m) => m[1],
  );
  const modules = new Set<string>();
  for (const entry of entries) for (const url of await moduleGraph(entry, fileOf)) modules.add(url);
  if (modules.size === 0) return html;
  const links = [...modules].map((url) => `<link rel="modulepreload" href="${url}">`).join('\n');
  return html.replace('</head>', `${links}\n</head>`);
}

/** The page with each of its /assets stylesheets written into it as a <style> block (one request less each). */
export async function withInlineStyles(html: string, fileOf: (url: string) => string | undefined): Promise<string> {
  let out = html;
  for (const [tag, url] of html.matchAll(/<link rel="stylesheet" href="(\/assets\/[\w./-]+\.css)">/g)) {
    const file = fileOf(url);
    const css = file ? await readFile(file, 'utf8').catch(() => null) : null;
    if (css !== null && !css.includes('</')) out = out.replace(tag, `<style>/* ${url} */\n${css}</style>`);
  }
  return out;
}

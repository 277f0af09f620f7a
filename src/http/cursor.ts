import { badRequest } from './errors.js';

/** Cursors are opaque to clients: base64url of "<ISO time>|<id>". */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}
export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  const year = at.getUTCFullYear();
  if (!id || Number.isNaN(at.getTime()) || year < 2000 || year > 2200 || !/^[0-9a-f-]{36}$/.test(id)) {
    throw badRequest('invalid_cursor', 'The cursor is not valid');
  }
  return { at, id };
}

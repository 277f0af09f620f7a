import type { Executor } from '../db/database.js';
import { listActivations, type ActivationFilter } from './activations.repository.js';
import { providerName } from './providers.js';
import { vietnamIso } from './vietnam-time.js';

const PAGE = 1_000;
const HEADER = ['id', 'provider', 'provider_name', 'phone_masked', 'ward', 'team_id', 'team', 'activated_at', 'recorded_at', 'source'];

/** One CSV cell: quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
export function csvCell(value: string | null | undefined): string {
  let s = value ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Every matching activation, newest first, a page at a time: memory stays flat however many there are.
 * Phones only masked; times in Vietnam time for the people who open it. Starts with a BOM so Excel reads UTF-8.
 */
export async function* activationsCsv(db: Executor, filter: ActivationFilter): AsyncGenerator<string> {
  yield `\uFEFF${HEADER.join(',')}\r\n`;
  let beforeSeq: number | undefined;
  for (;;) {
    const rows = await listActivations(db, { ...filter, beforeSeq, limit: PAGE });
    if (rows.length === 0) return;
    yield rows
      .map((a) =>
        [a.id, a.provider, providerName(a.provider), a.phone_masked, a.ward, a.team_id, a.team_name, vietnamIso(a.activated_at), vietnamIso(a.created_at), a.source]
          .map(csvCell)
          .join(','),
      )
      .join('\r\n')
      .concat('\r\n');
    if (rows.length < PAGE) return;
    beforeSeq = Number(rows[rows.length - 1].seq);
  }
}

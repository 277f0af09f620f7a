import { wardFields } from '../admin-units/index.js';
import type { Executor } from '../db/index.js';
import { CSV_BOM, csvRow } from '../http/index.js';
import { listActivations, type ActivationFilter } from './activations.repository.js';
import { providerName } from './providers.js';
import { vietnamIso } from './vietnam-time.js';

const PAGE = 1_000;
const HEADER = [
  'id',
  'provider',
  'provider_name',
  'phone_masked',
  'ward_code',
  'ward',
  'team_id',
  'team',
  'activated_at',
  'recorded_at',
  'source',
];

/**
 * Every matching activation, newest first, a page at a time: memory stays flat however many there are.
 * Phones only masked; times in Vietnam time for the people who open it. Starts with a BOM so Excel reads UTF-8.
 */
export async function* activationsCsv(db: Executor, filter: ActivationFilter): AsyncGenerator<string> {
  yield `${CSV_BOM}${csvRow(HEADER)}\r\n`;
  let beforeSeq: number | undefined;
  for (;;) {
    const rows = await listActivations(db, { ...filter, beforeSeq, limit: PAGE });
    if (rows.length === 0) return;
    yield rows
      .map((a) =>
        csvRow([
          a.id,
          a.provider,
          providerName(a.provider),
          a.phone_masked,
          a.ward_code,
          wardFields(a).ward,
          a.team_id,
          a.team_name,
          vietnamIso(a.activated_at),
          vietnamIso(a.created_at),
          a.source,
        ]),
      )
      .join('\r\n')
      .concat('\r\n');
    if (rows.length < PAGE) return;
    beforeSeq = Number(rows[rows.length - 1].seq);
  }
}

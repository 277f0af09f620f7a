import { sql } from 'kysely';
import { vietnamDay, vietnamDaySql } from '../time/index.js';
import { countOf, limited, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// The same-day rule (Decree 123/2020 as amended): a cash-register invoice's data reaches the tax authority on the
// day it is issued. An invoice of a past Vietnam day the authority has not accepted (still queued or sent, rejected,
// or never queued) breaks it. Test invoices are never sent and are not counted.

export const invoicesTransmittedSameDay: Check = {
  name: 'invoices_transmitted_same_day',
  rule: 'every invoice of a past Vietnam day (test invoices aside) was accepted by the tax authority',
  unit: 'invoices',
  async run(db) {
    const today = vietnamDay(new Date());
    const day = vietnamDaySql('i.issued_at');
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from invoices i where not i.test`);
    const found = await rows(
      db,
      sql<{
        id: string;
        stall_code: string;
        series: string;
        number: unknown;
        day: string;
        status: string | null;
        error_code: string | null;
        error_text: string | null;
        last_error: string | null;
      }>`
        select i.id, m.stall_code, i.series, i.number, ${day} as day,
               t.status, t.error_code, t.error_text, t.last_error
        from invoices i
        join merchants m on m.id = i.merchant_id
        left join invoice_transmissions t on t.invoice_id = i.id
        where not i.test and ${day} < ${today} and t.status is distinct from 'accepted'
        order by i.issued_at, i.id
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((r) => {
      const why =
        r.status === null
          ? 'never queued'
          : r.status === 'rejected'
            ? `rejected (${r.error_code ?? ''}: ${r.error_text ?? ''})`
            : `${r.status}${r.last_error ? `, last attempt: ${r.last_error}` : ''}`;
      return {
        check: this.name,
        message: `invoice ${r.series} no. ${String(r.number)} of ${r.stall_code}, issued ${r.day}, not accepted by the tax authority: ${why}`,
        details: { invoiceId: r.id, status: r.status ?? 'not queued' },
      };
    });
    return { checked, violations: [...violations, ...limited(this.name, found, 'invoices')] };
  },
};

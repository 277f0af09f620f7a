import t from 'tap';
import { BatchWrite } from '../../src/db/batch-write.js';

// BatchWrite's names, rows and JSON paths are checked by the compiler against the app's schema: each line below a
// ts-expect-error directive must fail to type-check, or `npm run typecheck` fails ("Unused '@ts-expect-error' directive").
// Nothing is executed against a database; each write is only built (a fresh one per line: one shape per table).

const invoice = { id: 'i', merchant_id: 'm', template: '2', series: 'C26MKD', year: 2026 };

t.test('table, column and value mistakes do not compile', async (t) => {
  // @ts-expect-error: no such table
  new BatchWrite().insert('invoice', ['id'], [{ id: 'x' }]);
  // @ts-expect-error: no such column
  new BatchWrite().insert('events', ['type', 'kind'], [{ type: 'sale.recorded', kind: 'x' }]);
  // @ts-expect-error: a listed column missing from a row
  new BatchWrite().insert('events', ['type', 'merchant_id'], [{ type: 'sale.recorded' }]);
  // @ts-expect-error: not an event type
  new BatchWrite().insert('events', ['type'], [{ type: 'sale.deleted' }]);
  // @ts-expect-error: a jsonb column takes the document, not its JSON text
  new BatchWrite().insert('events', ['type', 'data'], [{ type: 'sale.recorded', data: '{"a":1}' }]);
  // @ts-expect-error: a counter must be a column of the rollup
  new BatchWrite().upsertAdding('merchant_daily', ['day', 'merchant_id'], ['sales_total'], []);
  // @ts-expect-error: a request's status is one of its states
  new BatchWrite().update('payment_requests', 'id', ['status'], [{ id: 'r', status: 'settled' }]);
  new BatchWrite().numbered({
    table: 'invoice_counters',
    keys: ['merchant_id', 'year'],
    last: 'last_number',
    // @ts-expect-error: the counter's key values must be given
    items: [{ id: 'i', key: { merchant_id: 'm' } }],
  });
  t.pass('built');
});

t.test('JSON paths are checked against the column type', async (t) => {
  new BatchWrite().numbered({
    table: 'invoice_counters',
    keys: ['merchant_id', 'template', 'series', 'year'],
    last: 'last_number',
    items: [{ id: 'i', key: invoice }],
  });
  // @ts-expect-error: an invoice document has no field `numero`
  new BatchWrite().insert('invoices', [], [], { id: 'id', set: ['document.numero'], every: true });
  new BatchWrite().insert('invoices', [], [], {
    id: 'id',
    set: ['number', 'document.number', 'document.totals.total'],
    every: true,
  });
  // Event data is an open record: any field path is accepted there.
  new BatchWrite().insert('events', [], [], {
    id: 'data.invoice.invoiceId',
    set: ['data.invoice.number'],
    every: false,
  });
  t.pass('built');
});

import t from 'tap';
import { vietnamDateTime } from '../../src/time/index.js';

// The date and time Vietnamese documents print (the receipt's): day first, 24-hour clock, to the minute, Vietnam time.

t.test('dd/mm/yyyy hh:mm in Vietnam time, whatever the input form', async (t) => {
  t.equal(vietnamDateTime(new Date('2026-12-07T03:29:59.999Z')), '07/12/2026 10:29', 'seconds are cut, not rounded');
  t.equal(vietnamDateTime('2026-12-07T10:29:00+07:00'), '07/12/2026 10:29', 'an ISO string with its offset');
  t.equal(vietnamDateTime('2026-12-31T17:00:00Z'), '01/01/2027 00:00', 'midnight in Hà Nội is 17:00 UTC');
  t.equal(vietnamDateTime('2026-12-31T16:59:00Z'), '31/12/2026 23:59');
  t.equal(vietnamDateTime('2026-03-05T01:02:00Z'), '05/03/2026 08:02', 'zero-padded day, month, hour and minute');
});

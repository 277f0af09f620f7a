import { z } from 'zod';

/** A secret an answer shows once: null when the answer is an idempotent replay (see storableAnswer). */
export const oneTimeSecret = (what: string) =>
  z.string().nullable().describe(`${what}, shown once: null in an idempotent replay (the secret is never stored)`);

/** Present (true) only in an idempotent replay whose secret was left out. */
export const shownOnceFlag = z
  .literal(true)
  .optional()
  .describe('true in an idempotent replay: the secret was shown in the first answer only');

/**
 * When a credit happened, for every rule and row that uses it: the bank's time, but never later than `nowMs`. A bank
 * clock ahead of ours must not make a timely payment late (a transfer cannot happen after we hear of it), nor date a
 * sale in the future. The one place this rule is worked out.
 */
export const creditTime = (occurredAt: string, nowMs: number): Date =>
  new Date(Math.min(Date.parse(occurredAt), nowMs));

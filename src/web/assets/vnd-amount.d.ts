/** Types for vnd-amount.js (the browser module), so the tests can import it. */
export function parseVndAmount(text: string): number | null;

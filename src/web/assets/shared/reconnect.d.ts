/** Types for reconnect.js (a browser module), so the tests can import it. */
export const RETRY_CAP_MS: number;
export const STEP_TIMEOUT_MS: number;
export function retryDelay(attempt: number): number;
export function serverAnswers(): Promise<boolean>;
export function onWake(wake: () => void): void;

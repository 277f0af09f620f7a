/** Types for cash-queue.js (a browser module), so the server's tests can import it. */
export const QUEUE_KEY: string;
export interface QueuedSale {
  key: string;
  merchantId: string;
  body: Record<string, unknown>;
  amount: number;
  madeAt: string;
  status: 'waiting' | 'refused';
  refusal?: { code: string; message: string };
}
export interface QueueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
export interface SendResult {
  entry: QueuedSale;
  answer?: unknown;
  error?: unknown;
  outcome: 'sent' | 'network' | 'retry' | 'refused';
}
export function readQueue(store: QueueStore): QueuedSale[];
export function enqueue(store: QueueStore, sale: Omit<QueuedSale, 'status'>): QueuedSale;
export function removeEntry(store: QueueStore, key: string): void;
export function entriesOf(store: QueueStore, merchantId: string): QueuedSale[];
export function failureKind(error: { status?: number; code?: string }): 'network' | 'retry' | 'refused';
export function flushQueue(
  store: QueueStore,
  merchantId: string,
  send: (entry: QueuedSale) => Promise<unknown>,
): Promise<SendResult[]>;

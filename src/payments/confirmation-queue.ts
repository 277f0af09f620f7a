import type { Db } from '../db/database.js';
import { confirmCredits, type Confirmation, type Delivery } from './confirm-credits.js';
import { storeFailedNotification } from './payments.repository.js';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

/**
 * Group commit for confirmations: deliveries that arrive while earlier ones are being written are confirmed
 * together, several per transaction, and each is acknowledged only after its own batch commits. Durability is the
 * same as one transaction per payment; the commit (and the statements) are shared.
 */
export class ConfirmationQueue {
  private readonly waiting: Array<{ delivery: Delivery; resolve: (c: Confirmation) => void; reject: (e: unknown) => void }> = [];
  private active = 0;

  constructor(
    private readonly db: Db,
    private readonly options: { concurrency: number; maxBatch: number; onCommitted?: () => void },
  ) {}

  submit(delivery: Delivery): Promise<Confirmation> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.active < this.options.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.active++;
      void this.run(batch).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async run(batch: ConfirmationQueue['waiting']) {
    try {
      const results = await this.withRetry(() => confirmCredits(this.db, batch.map((b) => b.delivery)));
      this.options.onCommitted?.();
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) {
        // Keep the raw notification even when processing fails; the provider's retry processes it again.
        const { provider, credit, rawBody } = batch[0].delivery;
        await storeFailedNotification(this.db, provider, credit.providerTxId, rawBody, String(error)).catch(() => {});
        batch[0].reject(error);
        return;
      }
      // One bad delivery must not fail the others: confirm each on its own.
      await Promise.all(batch.map((b) => this.run([b])));
    }
  }

  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= 4 || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }
}

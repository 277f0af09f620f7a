import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { transmissionSender, type InvoiceMessageSource, type TransmissionSender } from './sender.js';
import type { TaxAuthorityTransport } from './transport.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The sender of invoices to the tax authority; null when transmission is off (TVAN=off). */
    taxAuthority: TransmissionSender | null;
  }
}

export interface TransmissionPluginOptions {
  transport: TaxAuthorityTransport | null;
  source: InvoiceMessageSource;
  senderCode: string;
  /** How often the loop looks for due rows; a commit that queues an invoice on this instance wakes it at once. */
  pollMs: number;
}

/**
 * The sender loop, started with the app and stopped with it: one pass at a time (never two overlapping on one
 * instance; instances share the work through the claim's SKIP LOCKED). A pass that fails (the database away) is
 * logged and the loop goes on.
 */
export default fp(
  async function transmissionPlugin(app: FastifyInstance, options: TransmissionPluginOptions) {
    const sender = options.transport
      ? transmissionSender({
          db: app.db,
          transport: options.transport,
          source: options.source,
          senderCode: options.senderCode,
        })
      : null;
    app.decorate('taxAuthority', sender);
    if (!sender) return;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let stopped = false;
    let again = false;

    const pass = () => {
      if (stopped) return;
      if (running) {
        again = true; // woken during a pass: run once more after it
        return;
      }
      clearTimeout(timer);
      running = sender
        .runOnce()
        .then((r) => {
          if (r.taken > 0) app.log.info({ transmission: r, transport: sender.transport.name }, 'invoices transmitted');
          if (r.taken > 0 && r.unreachable < r.taken) again = true; // more may be due: go on without waiting
        })
        .catch((err: unknown) => app.log.warn({ err }, 'invoice transmission pass failed'))
        .finally(() => {
          running = undefined;
          if (stopped) return;
          if (again) {
            again = false;
            setImmediate(pass);
          } else timer = setTimeout(pass, options.pollMs);
        });
    };

    let unwatch: (() => void) | undefined;
    app.addHook('onReady', async () => {
      unwatch = app.database.commits.afterCommitWriting('invoice_transmissions', pass);
      timer = setTimeout(pass, 0);
    });
    app.addHook('onClose', async () => {
      stopped = true;
      unwatch?.();
      clearTimeout(timer);
      await running;
    });
  },
  { name: 'tax-authority', dependencies: ['database'] },
);

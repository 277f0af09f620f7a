import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EventFeed } from './event-feed.js';
import type { StoredEvent } from './events.repository.js';

/**
 * The in-process event hub. Changes reach it through the events table (the outbox), so every instance on one
 * database delivers the same events; a local commit only wakes the feed up so its own changes show at once.
 */
export class EventHub extends EventEmitter {
  constructor(private readonly feed?: { wake(): void }) {
    super();
    this.setMaxListeners(0); // one listener per websocket client
  }
  /** Called after a commit that wrote events (or with `true` when the caller knows it did). */
  publish(events: StoredEvent[] | true): void {
    if (events === true || events.length > 0) this.feed?.wake();
  }
  subscribe(listener: (events: StoredEvent[]) => void): () => void {
    this.on('events', listener);
    return () => this.off('events', listener);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    hub: EventHub;
  }
}

export default fp(
  async function hubPlugin(app: FastifyInstance) {
    let hub: EventHub;
    const feed = new EventFeed(app.db, (events) => hub.emit('events', events));
    hub = new EventHub(feed);
    app.decorate('hub', hub);
    app.addHook('onReady', () => feed.start());
    app.addHook('onClose', () => feed.stop());
  },
  { name: 'hub', dependencies: ['database'] },
);

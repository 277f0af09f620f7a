import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EventFeed } from './event-feed.js';
import type { StoredEvent } from './events.repository.js';

/**
 * The in-process event hub. Changes reach it through the events table (the outbox), so every instance on one
 * database delivers the same events. A local commit that wrote events wakes the feed by itself (the database's commit
 * watch sees it), so its own changes show at once and no route has to announce them.
 */
export class EventHub extends EventEmitter {
  constructor() {
    super();
    this.setMaxListeners(0); // one listener per websocket client
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
  async function hubPlugin(app: FastifyInstance, options: { pollIntervalMs?: number }) {
    const hub = new EventHub();
    const feed = new EventFeed(app.db, (events) => hub.emit('events', events), options.pollIntervalMs);
    app.decorate('hub', hub);
    let unwatch: (() => void) | undefined;
    app.addHook('onReady', async () => {
      await feed.start();
      // Watched once started: a commit before this is read by the first poll, which starts from the same snapshot.
      unwatch = app.database.commits.afterCommitWriting('events', () => feed.wake());
    });
    app.addHook('onClose', async () => {
      unwatch?.();
      await feed.stop();
    });
  },
  { name: 'hub', dependencies: ['database'] },
);

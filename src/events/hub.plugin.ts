import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { StoredEvent } from './events.repository.js';

/**
 * The in-process event hub: services hand it the events of a change after that change commits,
 * and live feeds (board, merchant websocket) subscribe to it.
 */
export class EventHub extends EventEmitter {
  publish(events: StoredEvent[]): void {
    if (events.length > 0) this.emit('events', events);
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
    const hub = new EventHub();
    hub.setMaxListeners(0); // one listener per websocket client
    app.decorate('hub', hub);
  },
  { name: 'hub' },
);

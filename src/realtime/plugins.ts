/**
 * Realtime's second face, for the app's composition only: the hub and the websocket channels. They sit above the
 * modules whose figures they show (stats, and through it sales and activations), while those modules write their
 * events through `index.ts`; one face for both would make every writer import the channels that read it.
 */
export { default as hubPlugin, type EventHub } from './hub.plugin.js';
export { default as socketCapPlugin } from './socket-cap.js';
export { boardRoutes } from './board.routes.js';
export { merchantFeedRoutes } from './merchant-feed.routes.js';

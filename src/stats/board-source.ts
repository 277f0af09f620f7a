import type { Executor } from '../db/index.js';
import { ScopeResolver, StallScopes } from './scope-resolver.js';
import { scopedSnapshot } from './scoped-snapshot.js';
import { tickerItem } from './stats.service.js';

type Event = { id: number; type: string; data: Record<string, unknown>; createdAt: Date };

/**
 * The boards' source for the realtime module: each scope's snapshot (everything, a site, a province), the public
 * ticker line of an event, and the scopes each stall's events belong to.
 */
export function boardSource(db: Executor, activationTarget?: number) {
  const scopes = new ScopeResolver(db);
  const stalls = new StallScopes(db);
  const line = (e: Event) => tickerItem({ id: e.id, type: e.type, data: e.data, created_at: e.createdAt });
  return {
    async scope(query: { site?: string; province?: string }) {
      const scope = await scopes.resolve(query);
      return {
        key: scope.key,
        snapshot: () => scopedSnapshot(db, scope, new Date(), activationTarget),
        tickerItem: line,
      };
    },
    scopesOf: (merchantIds: readonly string[]) => stalls.of(merchantIds),
  };
}

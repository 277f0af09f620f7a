import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { forbidden, unauthorized } from '../http/index.js';
import { credentialsRevokedSince, findCredential, type CredentialRow } from './credentials.repository.js';
import type { StaffScope } from './scope.js';
import { credentialIdOf, hashesEqual, hashToken } from './tokens.js';

export type Principal =
  | { kind: 'staff'; staffId: string; role: 'admin' | 'staff'; credentialId: string; scope: StaffScope }
  | { kind: 'merchant'; merchantId: string; credentialId: string };

/** Who may call a route. `staff` includes admins. */
export type Access = 'public' | 'admin' | 'staff' | 'merchant' | 'staff-or-merchant';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Required on every route: who may call it. */
    auth?: Access;
  }
}

// Credentials are looked up on every request; a short cache keeps the hot path (dynamic QR, feeds) off the database.
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;
/**
 * A revocation made on any instance must end the token everywhere within a second, cache or not: each instance asks
 * the database this often which credentials were revoked lately, and drops them. The question covers a wide window
 * (not "since my last poll"), so a revoking transaction that commits late, a lookup that was already under way and
 * cached the row just before, or a clock a little off, are all caught by the next poll. Nothing cached, no poll.
 */
const REVOCATION_POLL_MS = 250;
const REVOKED_WINDOW_MS = 120_000;

function principalOf(row: CredentialRow): Principal | null {
  if (row.staff_id && row.role)
    return { kind: 'staff', staffId: row.staff_id, role: row.role, credentialId: row.id, scope: row.scope };
  if (row.merchant_id) return { kind: 'merchant', merchantId: row.merchant_id, credentialId: row.id };
  return null;
}

function allows(access: Access, p: Principal): boolean {
  switch (access) {
    case 'public':
      return true;
    case 'admin':
      return p.kind === 'staff' && p.role === 'admin';
    case 'staff':
      return p.kind === 'staff';
    case 'merchant':
      return p.kind === 'merchant';
    case 'staff-or-merchant':
      return true;
  }
}

export default fp(
  async function authPlugin(app: FastifyInstance) {
    const cache = new Map<string, { row: CredentialRow | undefined; until: number }>();

    async function lookup(id: string): Promise<CredentialRow | undefined> {
      const hit = cache.get(id);
      if (hit && hit.until > Date.now()) return hit.row;
      const row = await findCredential(app.db, id);
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(id, { row, until: Date.now() + CACHE_MS });
      return row;
    }

    let polling = false;
    async function dropRevoked() {
      if (polling || cache.size === 0) return;
      polling = true;
      try {
        for (const id of await credentialsRevokedSince(app.db, new Date(Date.now() - REVOKED_WINDOW_MS)))
          cache.delete(id);
      } catch {
        // The database is away for a moment: nothing can be looked up either; the next poll tries again.
      } finally {
        polling = false;
      }
    }
    const revocations = setInterval(() => void dropRevoked(), REVOCATION_POLL_MS);
    revocations.unref();
    app.addHook('onClose', async () => clearInterval(revocations));

    async function authenticate(request: FastifyRequest): Promise<Principal | null> {
      const header = request.headers.authorization;
      if (!header) return null;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw unauthorized('malformed_authorization', 'Use "Authorization: Bearer <token>"');
      const hash = hashToken(match[1]);
      const row = await lookup(credentialIdOf(hash));
      if (!row || !hashesEqual(row.secret_hash, hash)) throw unauthorized('invalid_token', 'The token is not valid');
      return principalOf(row);
    }

    /** Forget cached credentials (after a revocation) so they stop working at once on this instance. */
    app.decorate('forgetCredentials', () => cache.clear());
    app.decorateRequest('principal', null);

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config?.auth;
      // Routes without an auth setting (404s, static assets) are public; public routes ignore tokens entirely.
      if (!access || access === 'public') return;
      const principal = await authenticate(request);
      if (!principal) throw unauthorized();
      if (!allows(access, principal)) throw forbidden();
      request.principal = principal;
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    forgetCredentials(): void;
  }
}

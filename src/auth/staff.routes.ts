import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { oneTimeSecret, shownOnceFlag, notFound } from '../http/index.js';
import { teamResponse, teamOf, teamToResponse } from '../teams/index.js';
import { callerStaffId } from './access.js';
import type { StaffScope } from './scope.js';
import { staffScopeSchema } from './scope.schemas.js';
import { changeStaffScope, createStaff, revokeStaff, staffList, staffMember } from './staff.service.js';

const staffBody = z.object({
  name: z.string().trim().min(1).max(120),
  role: z.enum(['admin', 'staff']),
  scope: staffScopeSchema.optional(),
});

const staffCreated = z.object({
  staff: z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'staff']),
    scope: staffScopeSchema,
    createdAt: z.string(),
  }),
  token: oneTimeSecret('The staff token; only its hash is stored'),
  secretShownOnce: shownOnceFlag,
});

const staffEntry = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'staff']),
  scope: staffScopeSchema,
  createdAt: z.string(),
  active: z.boolean().describe('false once every token of theirs is revoked'),
});
type StaffEntry = z.infer<typeof staffEntry>;
const toEntry = (s: {
  id: string;
  name: string;
  role: 'admin' | 'staff';
  scope: StaffScope;
  created_at: Date;
  active: boolean | number;
}): StaffEntry => ({
  id: s.id,
  name: s.name,
  role: s.role,
  scope: s.scope,
  createdAt: s.created_at.toISOString(),
  active: Boolean(s.active),
});

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/staff',
    {
      config: { auth: 'admin', oneTimeSecrets: ['token'] },
      schema: {
        tags: ['staff'],
        summary: 'Create a staff member (admin only)',
        body: staffBody,
        response: { 201: staffCreated },
      },
    },
    async (request, reply) => {
      const { staff, token } = await createStaff(app.db, request.body);
      return reply.code(201).send({
        staff: {
          id: staff.id,
          name: staff.name,
          role: staff.role,
          scope: staff.scope,
          createdAt: staff.created_at.toISOString(),
        },
        token,
      });
    },
  );

  app.get(
    '/api/v1/staff/me',
    {
      config: { auth: 'staff' },
      schema: {
        tags: ['staff'],
        summary: 'Who this staff token is: name, role and team (the default team of their activations)',
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            role: z.enum(['admin', 'staff']),
            scope: staffScopeSchema,
            team: teamResponse.nullable(),
          }),
        },
      },
    },
    async (request) => {
      const staff = await staffMember(app.db, callerStaffId(request.principal));
      if (!staff) throw notFound('staff member'); // removed while its token was cached
      const team = await teamOf(app.db, staff.id);
      return {
        id: staff.id,
        name: staff.name,
        role: staff.role,
        scope: staff.scope,
        team: team && teamToResponse(team),
      };
    },
  );

  app.get(
    '/api/v1/staff',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['staff'],
        summary: 'Every staff member and whether their token still works (admin only)',
        response: { 200: z.object({ items: z.array(staffEntry) }) },
      },
    },
    async () => ({ items: (await staffList(app.db)).map(toEntry) }),
  );

  app.put(
    '/api/v1/staff/:staffId/scope',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['staff'],
        summary:
          'Limit a staff member to some sites or one province, or give them every site again (admin only); at once on this instance, within seconds on the others',
        params: z.object({ staffId: z.uuid() }),
        body: z.object({ scope: staffScopeSchema }),
        response: { 200: staffEntry },
      },
    },
    async (request) => {
      const changed = await changeStaffScope(app.db, request.params.staffId, request.body.scope);
      if (!changed) throw notFound('staff member');
      app.forgetCredentials(); // the scope rides on the cached credential: drop it here now, elsewhere within 5 s
      return toEntry(changed);
    },
  );

  app.post(
    '/api/v1/staff/:staffId/revoke',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['staff'],
        summary:
          "Revoke a staff member's token (admin only): it answers 401 everywhere within a second, on every instance. Idempotent.",
        params: z.object({ staffId: z.uuid() }),
        response: { 200: staffEntry },
      },
    },
    async (request) => {
      const revoked = await revokeStaff(app.db, request.params.staffId);
      if (!revoked) throw notFound('staff member');
      app.forgetCredentials(); // at once here; other instances drop it from their caches within a second (auth.plugin.ts)
      return toEntry(revoked);
    },
  );
};

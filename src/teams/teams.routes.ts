import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { matchWard } from '../admin-units/index.js';
import { listTeams } from './teams.repository.js';
import { newTeamBody, staffTeamBody, teamResponse } from './teams.schemas.js';
import { assignStaffTeam, createTeam, teamToResponse } from './teams.service.js';

/** Community digital teams: the admin creates them and puts staff in them; staff list them (forms, CSV). */
export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['teams'];

  app.post(
    '/api/v1/teams',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create a community digital team (admin)',
        body: newTeamBody,
        response: { 201: teamResponse },
      },
    },
    async (request, reply) => reply.code(201).send(teamToResponse(await createTeam(app.db, request.body))),
  );

  app.get(
    '/api/v1/teams',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: 'List teams by name, with their member counts',
        querystring: z.object({
          ward: z.string().trim().min(1).max(80).optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(2000),
        }),
        response: { 200: z.object({ items: z.array(teamResponse) }) },
      },
    },
    async (request) => {
      const { ward, limit } = request.query;
      // A ward that is no official ward has no team: an empty list, as for a ward without teams.
      const wardCode = ward === undefined ? undefined : (matchWard(ward)?.code ?? 'none');
      return { items: (await listTeams(app.db, { wardCode, limit })).map(teamToResponse) };
    },
  );

  app.put(
    '/api/v1/staff/:staffId/team',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: "Set a staff member's team (their activations default to it)",
        params: z.object({ staffId: z.uuid() }),
        body: staffTeamBody,
        response: { 200: z.object({ staffId: z.string(), team: teamResponse.nullable() }) },
      },
    },
    async (request) => {
      const team = await assignStaffTeam(app.db, request.params.staffId, request.body.teamId);
      return { staffId: request.params.staffId, team: team ? teamToResponse(team) : null };
    },
  );
};

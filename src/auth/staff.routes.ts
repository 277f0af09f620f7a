import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createStaff } from './staff.service.js';

const staffBody = z.object({
  name: z.string().trim().min(1).max(120),
  role: z.enum(['admin', 'staff']),
});

const staffCreated = z.object({
  staff: z.object({ id: z.string(), name: z.string(), role: z.enum(['admin', 'staff']), createdAt: z.string() }),
  token: z.string().describe('Shown once; only its hash is stored'),
});

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/staff',
    {
      config: { auth: 'admin' },
      schema: { tags: ['staff'], summary: 'Create a staff member (admin only)', body: staffBody, response: { 201: staffCreated } },
    },
    async (request, reply) => {
      const { staff, token } = await createStaff(app.db, request.body);
      return reply.code(201).send({
        staff: { id: staff.id, name: staff.name, role: staff.role, createdAt: staff.created_at.toISOString() },
        token,
      });
    },
  );
};

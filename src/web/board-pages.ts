import type { FastifyInstance, FastifyReply } from 'fastify';
import { findProvince } from '../admin-units/index.js';
import { findSiteBySlug, listSites } from '../sites/index.js';

/** The board pages' HTML, read once at start (with the test-money banner when the sandbox runs). */
export interface BoardHtml {
  site: string;
  area: string;
  chooser: string;
  missing: string;
}

// What a slug or a province code can look like: anything else is answered 404 without asking the database.
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const PROVINCE = /^\d{2}$/;

/** The page with data attributes on its <body>: the scope its module reads (values are checked before, and escaped). */
function withScope(html: string, attributes: Record<string, string>): string {
  const escape = (v: string) => v.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` data-${k}="${escape(v)}"`)
    .join('');
  return html.replace(/<body([^>]*)>/i, `<body$1${attrs}>`);
}

const send = (reply: FastifyReply, html: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);

/**
 * The public boards: `/board` (the only site's board, or a chooser), `/board/<site-slug>`, `/board/province/<code>`
 * and `/board/national`. The page names its scope; its module loads the scoped stats and websocket.
 */
export function registerBoardPages(app: FastifyInstance, html: BoardHtml): void {
  const page = { config: { auth: 'public' as const }, schema: { hide: true } };

  app.get('/board', page, async (_request, reply) => {
    const sites = await listSites(app.db);
    if (sites.length === 1) return send(reply, withScope(html.site, { site: sites[0].slug }));
    return send(reply, html.chooser);
  });

  // A static segment wins over the slug in the router, so no site can hide the national board.
  app.get('/board/national', page, async (_request, reply) => send(reply, withScope(html.area, { national: '' })));

  app.get<{ Params: { code: string } }>('/board/province/:code', page, async (request, reply) => {
    const code = request.params.code;
    if (!PROVINCE.test(code) || !findProvince(code)) return send(reply, html.missing, 404);
    return send(reply, withScope(html.area, { province: code }));
  });

  app.get<{ Params: { slug: string } }>('/board/:slug', page, async (request, reply) => {
    const slug = request.params.slug;
    const site = SLUG.test(slug) ? await findSiteBySlug(app.db, slug) : undefined;
    if (!site) return send(reply, html.missing, 404);
    return send(reply, withScope(html.site, { site: site.slug }));
  });
}

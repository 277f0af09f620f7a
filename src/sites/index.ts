/**
 * Sites: the cashless streets and markets a deployment serves, each in an official province and ward. Every stall
 * belongs to one. Owns `sites`.
 */
export { countSites, findSite, findSiteBySlug, listSites, type Site, sitesOfProvince } from './sites.repository.js';
export { siteRoutes } from './sites.routes.js';
export { cachedSite, createSite, type NewSite, siteQrCity, siteToResponse } from './sites.service.js';

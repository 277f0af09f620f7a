/**
 * Docs: the OpenAPI description served at /docs.
 */
export { default as docsPlugin } from './docs.plugin.js';

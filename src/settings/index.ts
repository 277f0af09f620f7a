/**
 * Settings: the secrets the embedded trial generates and keeps in its data folder. Owns `settings`.
 */
export { resolveSecrets, type Secrets } from './secrets.js';

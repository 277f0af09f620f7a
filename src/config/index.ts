/**
 * Config: the environment read once and checked (zod), and the sandbox rule (on by default only on the embedded
 * trial).
 */
export {
  assertDeploymentSecrets,
  type Config,
  ConfigError,
  DEFAULT_EINVOICE_PROVIDER_CODE,
  DEFAULT_EINVOICE_PROVIDER_TAX_CODE,
  loadConfig,
  sandboxEnabled,
  tvanSandboxEnabled,
} from './config.js';

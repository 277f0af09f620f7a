/**
 * Config: the environment read once and checked (zod), and the sandbox rule (on by default only on the embedded
 * trial).
 */
export {
  assertDeploymentSecrets,
  type Config,
  ConfigError,
  loadConfig,
  sandboxEnabled,
  tvanSandboxEnabled,
} from './config.js';

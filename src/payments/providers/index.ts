import { cassoAdapter } from './casso.js';
import { payosAdapter } from './payos.js';
import { sandboxAdapter } from './sandbox.js';
import { sepayAdapter } from './sepay.js';
import { PROVIDER_NAMES, type ProviderAdapter, type ProviderName } from './types.js';

export const providerAdapters: Record<ProviderName, ProviderAdapter> = {
  sandbox: sandboxAdapter,
  sepay: sepayAdapter,
  payos: payosAdapter,
  casso: cassoAdapter,
};

export const isProviderName = (name: string): name is ProviderName =>
  (PROVIDER_NAMES as readonly string[]).includes(name);

export { signSandbox, SANDBOX_SIGNATURE_HEADER } from './sandbox.js';
export { signPayos } from './payos.js';
export { sepayHmacAdapter, signSepay, SEPAY_SIGNATURE_HEADER, SEPAY_TIMESTAMP_HEADER } from './sepay.js';
export { signCasso, CASSO_SIGNATURE_HEADER } from './casso.js';
export {
  PROVIDER_NAMES,
  ProviderPayloadError,
  type BankCredit,
  type HttpHeaders,
  type ProviderAdapter,
  type ProviderName,
  type RejectedLine,
  type VerifyFailure,
  type VerifyInput,
  type VerifyResult,
} from './types.js';

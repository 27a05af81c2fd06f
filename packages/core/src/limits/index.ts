export {
  type ComputeLimits,
  checkLimit,
  DEFAULT_COMPUTE_LIMITS,
  resolveLimits,
} from './computeLimits.js';

import type { RegistryContext } from './context.js';

/** A repository function without its leading context: `(ctx, ...args) => R` → `(...args) => R`. */
export type Method<F> = F extends (ctx: RegistryContext, ...args: infer A) => infer R
  ? (...args: A) => R
  : never;

/**
 * The methods of one registry namespace: every function of `F` that takes the context first,
 * under its own name, with the context bound. A homomorphic mapped type: each method keeps the
 * declaration of the function it binds, so its TSDoc shows on `registry.<entity>.<method>`.
 */
export type Bound<F> = {
  [K in keyof F as F[K] extends (ctx: RegistryContext, ...args: never[]) => unknown
    ? K
    : never]: Method<F[K]>;
};

/**
 * Binds a namespace's functions to `ctx`. `functions` is the module of an entity's function files
 * (`import * as modelFunctions from './models/model.functions.js'`, which re-exports
 * `register-model.ts`, `get-model.ts`…): each function is exported under its method's name, and
 * through the module its declaration, hence its TSDoc, reaches the `Registry` type (a renaming
 * object such as `{ register: registerModel }`, or a spread of modules, would lose it). Constants
 * those files export are skipped.
 */
export function bindContext<F extends object>(ctx: RegistryContext, functions: F): Bound<F> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(functions)) {
    if (typeof fn === 'function') bound[name] = (...args: unknown[]) => fn(ctx, ...args);
  }
  return bound as Bound<F>;
}

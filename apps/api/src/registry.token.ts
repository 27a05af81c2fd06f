/** Nest injection token for the `@assay/registry` facade opened at start-up. */
export const REGISTRY = Symbol('AssayRegistry');

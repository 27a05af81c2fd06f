/**
 * Test support for the packages that open many fresh registries (`@assay/registry/testing`).
 * Never imported by the registry itself or by a running service.
 */
export { embeddedTemplate, seedEmbeddedDataDir } from './embedded-template.js';

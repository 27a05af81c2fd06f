import type { OnnxModelOptions } from '@assay/core';
import type { ModelVersion, Project, Registry } from '@assay/registry';
import { notFound } from '../http/problem.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import type { ModelCache } from './model-cache.js';

/** Which version of a model a request means: a number, an alias, or (neither) the newest. */
export interface VersionSelector {
  version?: number | undefined;
  alias?: string | undefined;
}

/** The version a request names, or a 404 that says which part was not found. */
export async function resolveVersion(
  registry: Registry,
  project: Project,
  modelName: string,
  selector: VersionSelector,
): Promise<ModelVersion> {
  if (selector.alias !== undefined) {
    const held = await registry.aliases.resolveAt(
      project.id,
      modelName,
      selector.alias,
      new Date(),
    );
    if (!held) throw notFound(`Alias '${selector.alias}' of model '${modelName}'`);
    return held;
  }
  if (selector.version !== undefined) {
    const version = await registry.versions.get(project.id, modelName, selector.version);
    if (!version) throw notFound(`Version ${selector.version} of model '${modelName}'`);
    return version;
  }
  const newest = await registry.versions.list(project.id, modelName, { limit: 1 });
  const latest = newest.items[0];
  if (!latest) throw notFound(`A version of model '${modelName}'`);
  return latest;
}

/**
 * How to read a version's artifact beyond its bytes. An ONNX file does not say what its output
 * means: the version's signatures do (a classifier's classes, the feature names). The other
 * formats carry their settings inside the artifact.
 */
export function versionLoadOptions(
  version: Pick<ModelVersion, 'format' | 'inputSignature' | 'outputSignature'>,
): OnnxModelOptions | undefined {
  if (version.format !== 'onnx') return undefined;
  const options: OnnxModelOptions = {
    ...(version.outputSignature ? { output: version.outputSignature } : {}),
    ...(version.inputSignature
      ? { featureNames: version.inputSignature.features.map((f) => f.name) }
      : {}),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}

/** What a compute thread caches a version's loaded model under. */
export function versionKey(version: ModelVersion): string {
  return `${version.id}:${version.sha256}`;
}

/**
 * The version's serialized model as a compute thread takes it: its verified bytes, read once and
 * cached here (each thread loads and caches its own model from them).
 */
export function versionModelBytes(
  registry: Registry,
  cache: ModelCache<ModelBytes>,
  version: ModelVersion,
): Promise<ModelBytes> {
  return cache.get(versionKey(version), async () => ({
    key: versionKey(version),
    format: version.format,
    bytes: await registry.versions.readArtifact(version),
    options: versionLoadOptions(version),
  }));
}

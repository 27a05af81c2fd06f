import {
  loadModelArtifact,
  type Model,
  type ModelLoadContext,
  type OnnxModelOptions,
} from '@assay/core';
import type { ModelVersion, Project, Registry } from '@assay/registry';
import { notFound } from '../http/problem.js';
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

/**
 * The names rows are matched against: the version's input signature when it has one that fits
 * the model (uploads are checked for that), else the names the artifact carries (`x0 … x{n−1}`
 * when it has none).
 */
export function versionFeatureNames(version: ModelVersion, model: Model): string[] {
  const own = model.inputSchema.features.map((f) => f.name);
  const signed = version.inputSignature?.features.map((f) => f.name);
  return signed !== undefined && signed.length === own.length ? signed : own;
}

/**
 * The version's serialized model, loaded once (verified bytes → core adapter) and cached.
 * `context` carries the outbound fetch remote models call their server with
 * (`outbound/outbound.ts`'s `modelLoadContext`).
 */
export function loadVersionModel(
  registry: Registry,
  cache: ModelCache<Model>,
  version: ModelVersion,
  context: ModelLoadContext,
): Promise<Model> {
  return cache.get(`${version.id}:${version.sha256}`, async () =>
    loadModelArtifact(
      version.format,
      await registry.versions.readArtifact(version),
      versionLoadOptions(version),
      context,
    ),
  );
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object: what `kubectl kustomize` prints, one per document. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

type Json = Record<string, unknown>;

/**
 * The kustomization fields this renderer understands. A kustomization using any other field is
 * refused rather than rendered differently from `kubectl kustomize`: the manifests stay within
 * what CI can check here, where no kustomize binary installs.
 */
const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'images',
  'replicas',
  'patches',
]);

/**
 * Renders `dir/kustomization.yaml` the way kustomize does for the subset in {@link SUPPORTED}:
 * resources (files, or directories holding a kustomization) in order; strategic-merge patches
 * (maps merged; lists of objects merged by `name`, as Kubernetes' patch strategy does for
 * containers, env, ports and volumes; other lists replaced); `replicas` and `images` (name →
 * newName/newTag on containers and init containers); `namespace` on every namespaced object.
 *
 * Reference: kustomize's documentation of these fields (kubectl.docs.kubernetes.io/references/kustomize).
 */
export function renderKustomization(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = loadYaml(file)[0] as Json;
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0) {
    throw new Error(`${file}: fields this renderer does not support: ${unknown.join(', ')}`);
  }
  let objects: K8sObject[] = [];
  for (const entry of (k.resources as string[] | undefined) ?? []) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new Error(`${file}: resource ${entry} does not exist`);
    objects.push(
      ...(statSync(path).isDirectory()
        ? renderKustomization(path)
        : (loadYaml(path) as K8sObject[])),
    );
  }
  const names = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.name}`;
    if (names.has(id)) throw new Error(`${file}: ${id} is declared twice`);
    names.add(id);
  }
  for (const patch of (k.patches as { path: string }[] | undefined) ?? []) {
    for (const p of loadYaml(resolve(dir, patch.path)) as K8sObject[]) {
      const target = objects.find((o) => o.kind === p.kind && o.metadata.name === p.metadata.name);
      if (!target)
        throw new Error(`${file}: patch ${patch.path} targets no ${p.kind}/${p.metadata.name}`);
      objects = objects.map((o) => (o === target ? (mergePatch(o, p) as K8sObject) : o));
    }
  }
  for (const r of (k.replicas as { name: string; count: number }[] | undefined) ?? []) {
    const target = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === r.name);
    if (!target) throw new Error(`${file}: replicas for ${r.name}, which is not a Deployment here`);
    (target.spec as Json).replicas = r.count;
  }
  const images = (k.images as { name: string; newName?: string; newTag?: string }[]) ?? [];
  for (const o of objects) {
    for (const container of podContainers(o)) {
      const [name, tag] = splitImage(container.image as string);
      const rule = images.find((i) => i.name === name);
      if (rule) container.image = `${rule.newName ?? name}:${rule.newTag ?? tag ?? 'latest'}`;
    }
  }
  if (typeof k.namespace === 'string') {
    for (const o of objects) {
      if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
    }
  }
  return objects;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

/** The containers (and init containers) of a workload's pod template, or of a bare pod spec. */
export function podContainers(o: K8sObject): Json[] {
  const spec = o.spec as Json | undefined;
  const template = (spec?.template as Json | undefined)?.spec as Json | undefined;
  const pod = template ?? (o.kind === 'Pod' ? spec : undefined);
  if (!pod) return [];
  return [...((pod.initContainers as Json[]) ?? []), ...((pod.containers as Json[]) ?? [])];
}

function splitImage(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/')
    ? [image.slice(0, at), image.slice(at + 1)]
    : [image, undefined];
}

function loadYaml(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  return docs.map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]?.message}`);
    return d.toJS();
  });
}

function mergePatch(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const byName = patch.every((p) => isObject(p) && typeof p.name === 'string');
    if (!byName || !base.every((b) => isObject(b) && typeof b.name === 'string')) return patch;
    const merged = base.map((b) => {
      const p = patch.find((x) => (x as Json).name === (b as Json).name);
      return p ? mergePatch(b, p) : b;
    });
    for (const p of patch) {
      if (!base.some((b) => (b as Json).name === (p as Json).name)) merged.push(p);
    }
    return merged;
  }
  if (isObject(base) && isObject(patch)) {
    const out: Json = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      out[key] = key in base ? mergePatch(base[key], value) : value;
    }
    return out;
  }
  return patch;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../../..');

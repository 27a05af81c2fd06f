import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiEnvNames, webEnvNames } from '../src/env-names.js';
import {
  type K8sObject,
  podContainers,
  renderKustomization,
  repoRoot,
} from '../src/render-kustomize.js';

type Json = Record<string, unknown>;
const OVERLAYS = ['dev', 'production'] as const;
const render = (overlay: string) =>
  renderKustomization(join(repoRoot, 'infra/k8s/overlays', overlay));

/** The kubernetes-models class of an object (its generated JSON-Schema validator). */
async function modelOf(o: K8sObject) {
  const group = o.apiVersion.includes('/') ? o.apiVersion : `v1`;
  const module = (await import(`kubernetes-models/${group}/${o.kind}`)) as Record<
    string,
    new (
      data: unknown,
    ) => { validate(): void }
  >;
  const Model = module[o.kind];
  if (!Model) throw new Error(`kubernetes-models has no ${o.apiVersion} ${o.kind}`);
  return Model;
}

const find = (objects: K8sObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name}`);
  return o;
};
const podSpec = (o: K8sObject) => ((o.spec as Json).template as Json).spec as Json;

describe.each(OVERLAYS)('infra/k8s/overlays/%s', (overlay) => {
  const objects = render(overlay);

  it('renders every object the platform needs', () => {
    const ids = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ConfigMap/assay-config',
        'Job/assay-migrate',
        'Deployment/assay-api',
        'Service/assay-api',
        'Deployment/assay-worker',
        'Deployment/assay-web',
        'Service/assay-web',
        'PodDisruptionBudget/assay-api',
        'PodDisruptionBudget/assay-worker',
        'HorizontalPodAutoscaler/assay-worker',
        `Namespace/${overlay === 'dev' ? 'assay-dev' : 'assay'}`,
      ]),
    );
  });

  it('validates each object against the Kubernetes schema (kubernetes-models)', async () => {
    for (const o of objects) {
      const Model = await modelOf(o);
      expect(() => new Model(o).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
    }
  });

  it('puts every namespaced object in the overlay namespace and pins every image tag', () => {
    const namespace = overlay === 'dev' ? 'assay-dev' : 'assay';
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(namespace);
    }
    for (const o of objects) {
      for (const c of podContainers(o)) {
        expect(c.image as string).toMatch(overlay === 'dev' ? /:local$/ : /:\d+\.\d+\.\d+$/);
      }
    }
  });

  it('probes the API on /healthz and /readyz, and every long-running container is probed', () => {
    const api = podContainers(find(objects, 'Deployment', 'assay-api'))[0] as Json;
    expect((api.livenessProbe as Json).httpGet).toMatchObject({ path: '/healthz' });
    expect((api.readinessProbe as Json).httpGet).toMatchObject({ path: '/readyz' });
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      for (const c of podContainers(d)) {
        expect(c.livenessProbe, `${d.metadata.name} liveness`).toBeDefined();
        expect(c.readinessProbe, `${d.metadata.name} readiness`).toBeDefined();
      }
    }
  });

  it('gives every container resource requests and limits, and runs it unprivileged (restricted Pod Security)', () => {
    for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
      const pod = podSpec(o);
      expect(pod.securityContext, o.metadata.name).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const c of podContainers(o)) {
        const r = c.resources as { requests?: Json; limits?: Json };
        expect(r.requests?.cpu && r.requests?.memory, `${o.metadata.name} requests`).toBeTruthy();
        expect(r.limits?.cpu && r.limits?.memory, `${o.metadata.name} limits`).toBeTruthy();
        expect(c.securityContext, o.metadata.name).toMatchObject({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('sets only environment variables the apps read, and every Secret key the pods use exists', () => {
    const api = apiEnvNames();
    const web = webEnvNames();
    const config = find(objects, 'ConfigMap', 'assay-config').data as Json;
    for (const key of Object.keys(config)) {
      expect(api.has(key) || web.has(key), `ConfigMap key ${key}`).toBe(true);
    }
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'assay-secrets');
    for (const o of objects) {
      for (const c of podContainers(o)) {
        const allowed = o.metadata.name === 'assay-web' ? web : api;
        for (const e of (c.env as { name: string; valueFrom?: Json }[]) ?? []) {
          expect(allowed.has(e.name), `${o.metadata.name}: ${e.name}`).toBe(true);
          const ref = e.valueFrom?.secretKeyRef as { name: string; key: string } | undefined;
          if (ref && secret) {
            expect(ref.name).toBe('assay-secrets');
            expect(
              Object.keys(secret.stringData as Json),
              `${o.metadata.name}: ${ref.key}`,
            ).toContain(ref.key);
          }
        }
      }
    }
  });

  it('scales workers on the queue depth the API exports (assay_jobs{status="queued"})', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'assay-worker');
    const spec = hpa.spec as Json;
    expect(spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'assay-worker' });
    expect(spec.metrics).toEqual([
      expect.objectContaining({
        type: 'External',
        external: expect.objectContaining({
          metric: { name: 'assay_jobs', selector: { matchLabels: { status: 'queued' } } },
        }),
      }),
    ]);
  });
});

describe('renderKustomization', () => {
  it('applies strategic-merge patches by container name and the replicas rule', () => {
    const dev = render('dev');
    const worker = podContainers(find(dev, 'Deployment', 'assay-worker'))[0] as Json;
    // the patch changed the requests and left the limits, probes and env of the base
    expect(worker.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '2', memory: '4Gi' },
    });
    expect(worker.livenessProbe).toBeDefined();
    expect((find(dev, 'Deployment', 'assay-api').spec as Json).replicas as number).toBe(1);
    const prod = render('production');
    expect((find(prod, 'HorizontalPodAutoscaler', 'assay-worker').spec as Json).maxReplicas).toBe(
      20,
    );
    expect(
      (find(prod, 'HorizontalPodAutoscaler', 'assay-worker').spec as Json).metrics,
    ).toBeDefined();
  });
});

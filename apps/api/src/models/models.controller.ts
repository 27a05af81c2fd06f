import type { Registry } from '@assay/registry';
import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { assertJsonDepth } from '../http/body-parsers.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { assertCleanText } from '../http/text-guard.js';
import { validatePart } from '../http/validate-part.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { OUTBOUND, type Outbound } from '../outbound/outbound.js';
import { REGISTRY } from '../registry.token.js';
import { checkArtifact } from './check-artifact.js';
import {
  createVersionRoute,
  downloadArtifactRoute,
  getModelRoute,
  getVersionRoute,
  listModelsRoute,
  listVersionsRoute,
  registerModelRoute,
  ZVersionMetadataSchema,
} from './models.contract.js';
import { ARTIFACT_CONTENT_TYPE, readAll, readUpload } from './upload.js';

/** Registered models and their versions; every call delegates to the registry. */
@Controller()
export class ModelsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(OUTBOUND) private readonly outbound: Outbound,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
  ) {}

  @Route(listModelsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query: page }: RouteInput<typeof listModelsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.models.list(project.id, page);
  }

  @Route(registerModelRoute)
  async register(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof registerModelRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.models.register({ ...body, projectId: project.id }, actorOf(who));
  }

  @Route(getModelRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getModelRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const model = await this.registry.models.get(project.id, path.model);
    if (!model) throw notFound(`Model '${path.model}'`);
    return model;
  }

  @Route(createVersionRoute)
  async createVersion(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof createVersionRoute>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const upload = await readUpload(req, this.env.ASSAY_MAX_ARTIFACT_BYTES, 'artifact');
    const metadata = parseMetadata(upload.fields.metadata);
    // Loaded once now, so that an artifact that does not load as its format is never stored.
    const artifact = await readAll(upload.file);
    await checkArtifact(
      {
        format: query.format,
        inputSignature: metadata.inputSignature ?? null,
        outputSignature: metadata.outputSignature ?? null,
      },
      artifact,
      { outbound: this.outbound, compute: this.compute },
      abandonSignal(res),
    );
    return this.registry.versions.create({
      ...query,
      ...metadata,
      projectId: project.id,
      modelName: path.model,
      artifact,
      createdBy: actorOf(who),
    });
  }

  @Route(listVersionsRoute)
  async listVersions(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query: page }: RouteInput<typeof listVersionsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.versions.list(project.id, path.model, page);
  }

  @Route(getVersionRoute)
  async getVersion(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: Pick<RouteInput<typeof getVersionRoute>, 'path'>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const version = await this.registry.versions.get(project.id, path.model, path.version);
    if (!version) throw notFound(`Version ${path.version} of model '${path.model}'`);
    return version;
  }

  @Route(downloadArtifactRoute)
  async download(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof downloadArtifactRoute>,
    @Res() res: FastifyReply,
  ) {
    const version = await this.getVersion(who, { path });
    const bytes = await this.registry.versions.readArtifact(version);
    return res
      .status(200)
      .type(ARTIFACT_CONTENT_TYPE)
      .header('X-Assay-Sha256', version.sha256)
      .send(Buffer.from(bytes));
  }
}

/** A multipart upload's `metadata` field: JSON, checked with the contract's schema. */
function parseMetadata(text: string | undefined): z.infer<typeof ZVersionMetadataSchema> {
  if (text === undefined) return {};
  assertJsonDepth(text, 0, 'The metadata field');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProblemError(
      problem(400, 'invalid-request', `metadata: not valid JSON (${(error as Error).message})`, {
        errors: [{ path: 'metadata', message: 'not valid JSON' }],
      }),
    );
  }
  assertCleanText(value, 'metadata');
  return validatePart(ZVersionMetadataSchema, value, 'metadata');
}

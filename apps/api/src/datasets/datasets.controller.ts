import type { Registry } from '@assay/registry';
import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import type { ApiEnv } from '../env.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { badTextProblem, badTextReason } from '../http/text-guard.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { API_ENV, ARTIFACT_CONTENT_TYPE, readUpload } from '../models/upload.js';
import { ZPageQuerySchema } from '../openapi/schemas.js';
import { REGISTRY } from '../registry.token.js';
import {
  ZDatasetPathSchema,
  ZDatasetsPathSchema,
  ZUploadDatasetQuerySchema,
} from './datasets.contract.js';

type DatasetPath = z.infer<typeof ZDatasetPathSchema>;

/**
 * Media types of a raw dataset upload, per format: `application/octet-stream` always, and the
 * format's own (`text/csv`; Parquet's registered `application/vnd.apache.parquet` and the older
 * `application/x-parquet`). A JSON dataset goes as octet-stream (or multipart): an
 * `application/json` body is parsed as a request.
 */
export const DATASET_CONTENT_TYPES = {
  csv: [ARTIFACT_CONTENT_TYPE, 'text/csv'],
  json: [ARTIFACT_CONTENT_TYPE],
  parquet: [ARTIFACT_CONTENT_TYPE, 'application/vnd.apache.parquet', 'application/x-parquet'],
} as const;
const datasetPath = new ZodPipe(ZDatasetPathSchema, 'path');

/** Uploaded datasets: evaluations (and their jobs) read them by id. */
@Controller('v1/projects/:project/datasets')
export class DatasetsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
  ) {}

  @Post()
  @RequireRole('editor')
  async upload(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZDatasetsPathSchema, 'path')) path: z.infer<typeof ZDatasetsPathSchema>,
    @Query(new ZodPipe(ZUploadDatasetQuerySchema, 'query'))
    query: z.infer<typeof ZUploadDatasetQuerySchema>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const chunks: Uint8Array[] = [];
    const upload = await readUpload(
      req,
      this.env.ASSAY_MAX_DATASET_BYTES,
      'file',
      DATASET_CONTENT_TYPES[query.format],
    );
    for await (const chunk of upload.file) {
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.byteLength === 0) {
      throw new ProblemError(problem(400, 'invalid-request', 'The dataset file is empty'));
    }
    // Parsed (its bounds checked first) in a compute thread before it is stored: a file no
    // evaluation could read is refused now, with what to fix.
    const table = await this.compute.run(
      { kind: 'dataset', format: query.format, bytes },
      { signal: abandonSignal(res) },
    );
    // Column names are stored as text (the dataset's row, and every evaluation's fingerprint).
    table.columns.forEach((name, j) => {
      const reason = badTextReason(name);
      if (reason)
        throw badTextProblem({ path: `file.columns.${j}`, message: `column name ${reason}` });
    });
    return this.registry.datasets.create({
      projectId: project.id,
      format: query.format,
      artifact: bytes,
      rows: table.rows,
      columns: [...table.columns],
      ...(query.name ? { name: query.name } : {}),
      ...(query.expectedSha256 ? { expectedSha256: query.expectedSha256 } : {}),
      createdBy: actorOf(who),
    });
  }

  @Get()
  async list(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZDatasetsPathSchema, 'path')) path: z.infer<typeof ZDatasetsPathSchema>,
    @Query(new ZodPipe(ZPageQuerySchema, 'query')) page: z.infer<typeof ZPageQuerySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.datasets.list(project.id, page);
  }

  @Get(':dataset')
  async get(@CurrentPrincipal() who: Principal, @Param(datasetPath) path: DatasetPath) {
    const project = await resolveProject(this.registry, who, path.project);
    const dataset = await this.registry.datasets.get(project.id, path.dataset);
    if (!dataset) throw notFound(`Dataset '${path.dataset}'`);
    return dataset;
  }

  @Get(':dataset/content')
  async download(
    @CurrentPrincipal() who: Principal,
    @Param(datasetPath) path: DatasetPath,
    @Res() res: FastifyReply,
  ) {
    const dataset = await this.get(who, path);
    const bytes = await this.registry.datasets.read(dataset);
    return res
      .status(200)
      .type(ARTIFACT_CONTENT_TYPE)
      .header('X-Assay-Sha256', dataset.sha256)
      .send(Buffer.from(bytes));
  }
}

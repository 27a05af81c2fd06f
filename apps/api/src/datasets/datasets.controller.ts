import type { Registry } from '@assay/registry';
import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { badTextProblem, badTextReason } from '../http/text-guard.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { ARTIFACT_CONTENT_TYPE, readAll, readUpload } from '../models/upload.js';
import { REGISTRY } from '../registry.token.js';
import {
  downloadDatasetRoute,
  getDatasetRoute,
  listDatasetsRoute,
  uploadDatasetRoute,
} from './datasets.contract.js';

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

/** Uploaded datasets: evaluations (and their jobs) read them by id. */
@Controller()
export class DatasetsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
  ) {}

  @Route(uploadDatasetRoute)
  async upload(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof uploadDatasetRoute>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const upload = await readUpload(
      req,
      this.env.ASSAY_MAX_DATASET_BYTES,
      'file',
      DATASET_CONTENT_TYPES[query.format],
    );
    const bytes = await readAll(upload.file);
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

  @Route(listDatasetsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query: page }: RouteInput<typeof listDatasetsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.datasets.list(project.id, page);
  }

  @Route(getDatasetRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: Pick<RouteInput<typeof getDatasetRoute>, 'path'>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const dataset = await this.registry.datasets.get(project.id, path.dataset);
    if (!dataset) throw notFound(`Dataset '${path.dataset}'`);
    return dataset;
  }

  @Route(downloadDatasetRoute)
  async download(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof downloadDatasetRoute>,
    @Res() res: FastifyReply,
  ) {
    const dataset = await this.get(who, { path });
    const bytes = await this.registry.datasets.read(dataset);
    return res
      .status(200)
      .type(ARTIFACT_CONTENT_TYPE)
      .header('X-Assay-Sha256', dataset.sha256)
      .send(Buffer.from(bytes));
  }
}

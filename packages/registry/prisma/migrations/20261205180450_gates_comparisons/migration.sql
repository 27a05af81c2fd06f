-- AlterTable
ALTER TABLE "model_alias_events" ADD COLUMN     "gate_report_id" UUID,
ADD COLUMN     "override_reason" TEXT;

-- CreateTable
CREATE TABLE "comparisons" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "candidate_version_id" UUID NOT NULL,
    "baseline_version_id" UUID NOT NULL,
    "baseline_alias" TEXT,
    "dataset_id" UUID NOT NULL,
    "dataset_sha256" CHAR(64) NOT NULL,
    "dataset_rows" BIGINT NOT NULL,
    "spec" JSONB NOT NULL,
    "report" JSONB NOT NULL,
    "job_id" UUID,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comparisons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gate_policies" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "dataset_id" UUID NOT NULL,
    "target" TEXT NOT NULL,
    "features" JSONB,
    "confidence" JSONB,
    "alpha" DOUBLE PRECISION NOT NULL,
    "checks" JSONB NOT NULL,
    "description" TEXT,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gate_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gate_reports" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "policy_id" UUID NOT NULL,
    "candidate_version_id" UUID NOT NULL,
    "holder_version" INTEGER,
    "passed" BOOLEAN NOT NULL,
    "checks" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "evaluation_id" UUID,
    "comparison_id" UUID,
    "job_id" UUID,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gate_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "comparisons_job_id_key" ON "comparisons"("job_id");

-- CreateIndex
CREATE INDEX "comparisons_project_id_id_idx" ON "comparisons"("project_id", "id");

-- CreateIndex
CREATE INDEX "comparisons_model_id_id_idx" ON "comparisons"("model_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "gate_policies_model_id_alias_version_key" ON "gate_policies"("model_id", "alias", "version");

-- CreateIndex
CREATE UNIQUE INDEX "gate_reports_job_id_key" ON "gate_reports"("job_id");

-- CreateIndex
CREATE INDEX "gate_reports_policy_id_candidate_version_id_id_idx" ON "gate_reports"("policy_id", "candidate_version_id", "id");

-- CreateIndex
CREATE INDEX "gate_reports_model_id_id_idx" ON "gate_reports"("model_id", "id");

-- AddForeignKey
ALTER TABLE "model_alias_events" ADD CONSTRAINT "model_alias_events_gate_report_id_fkey" FOREIGN KEY ("gate_report_id") REFERENCES "gate_reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comparisons" ADD CONSTRAINT "comparisons_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comparisons" ADD CONSTRAINT "comparisons_candidate_version_id_fkey" FOREIGN KEY ("candidate_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comparisons" ADD CONSTRAINT "comparisons_baseline_version_id_fkey" FOREIGN KEY ("baseline_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comparisons" ADD CONSTRAINT "comparisons_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_policies" ADD CONSTRAINT "gate_policies_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_policies" ADD CONSTRAINT "gate_policies_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_reports" ADD CONSTRAINT "gate_reports_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_reports" ADD CONSTRAINT "gate_reports_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "gate_policies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_reports" ADD CONSTRAINT "gate_reports_candidate_version_id_fkey" FOREIGN KEY ("candidate_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_reports" ADD CONSTRAINT "gate_reports_evaluation_id_fkey" FOREIGN KEY ("evaluation_id") REFERENCES "evaluations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_reports" ADD CONSTRAINT "gate_reports_comparison_id_fkey" FOREIGN KEY ("comparison_id") REFERENCES "comparisons"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

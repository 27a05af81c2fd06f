-- CreateEnum
CREATE TYPE "EvaluationStatus" AS ENUM ('pending', 'running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "evaluations" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "status" "EvaluationStatus" NOT NULL,
    "dataset_sha256" CHAR(64) NOT NULL,
    "dataset_rows" BIGINT NOT NULL,
    "dataset_columns" JSONB NOT NULL,
    "metrics" JSONB NOT NULL DEFAULT '[]',
    "explanations" JSONB NOT NULL DEFAULT '[]',
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evaluations_project_id_id_idx" ON "evaluations"("project_id", "id");

-- CreateIndex
CREATE INDEX "evaluations_model_id_id_idx" ON "evaluations"("model_id", "id");

-- CreateIndex
CREATE INDEX "evaluations_version_id_id_idx" ON "evaluations"("version_id", "id");

-- CreateIndex
CREATE INDEX "evaluations_dataset_sha256_idx" ON "evaluations"("dataset_sha256");

-- CreateIndex
CREATE INDEX "model_alias_events_evaluation_id_idx" ON "model_alias_events"("evaluation_id");

-- AddForeignKey
-- Hand-edited: NOT VALID. Before this migration the ledger accepted any UUID as evaluation id, and
-- the ledger is append-only (its rows cannot be corrected), so existing rows are not checked; every
-- new row is.
ALTER TABLE "model_alias_events" ADD CONSTRAINT "model_alias_events_evaluation_id_fkey" FOREIGN KEY ("evaluation_id") REFERENCES "evaluations"("id") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

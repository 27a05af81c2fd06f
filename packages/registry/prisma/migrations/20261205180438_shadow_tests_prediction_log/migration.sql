-- CreateEnum
CREATE TYPE "ShadowTestStatus" AS ENUM ('running', 'completed', 'stopped');

-- CreateEnum
CREATE TYPE "PredictionRole" AS ENUM ('served', 'shadow');

-- CreateEnum
CREATE TYPE "PredictionOutcome" AS ENUM ('ok', 'error', 'timeout');

-- AlterTable
ALTER TABLE "registered_models" ADD COLUMN     "log_inputs" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "shadow_tests" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "candidate_version_id" UUID,
    "candidate_remote" JSONB,
    "sample_fraction" DOUBLE PRECISION NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "max_requests" INTEGER,
    "mirrored" INTEGER NOT NULL DEFAULT 0,
    "status" "ShadowTestStatus" NOT NULL DEFAULT 'running',
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "shadow_tests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prediction_logs" (
    "id" BIGSERIAL NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "request_id" TEXT NOT NULL,
    "role" "PredictionRole" NOT NULL,
    "version_id" UUID,
    "version" INTEGER,
    "shadow_test_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "input_sha256" CHAR(64) NOT NULL,
    "inputs" JSONB,
    "output" JSONB,
    "outcome" "PredictionOutcome" NOT NULL,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "error" TEXT,

    CONSTRAINT "prediction_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prediction_labels" (
    "model_id" UUID NOT NULL,
    "request_id" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "label" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prediction_labels_pkey" PRIMARY KEY ("model_id","request_id")
);

-- CreateIndex
CREATE INDEX "shadow_tests_project_id_id_idx" ON "shadow_tests"("project_id", "id");

-- CreateIndex
CREATE INDEX "shadow_tests_model_id_alias_status_idx" ON "shadow_tests"("model_id", "alias", "status");

-- CreateIndex
CREATE INDEX "shadow_tests_candidate_version_id_idx" ON "shadow_tests"("candidate_version_id");

-- CreateIndex
CREATE INDEX "prediction_logs_model_id_request_id_idx" ON "prediction_logs"("model_id", "request_id");

-- CreateIndex
CREATE INDEX "prediction_logs_shadow_test_id_request_id_idx" ON "prediction_logs"("shadow_test_id", "request_id");

-- AddForeignKey
ALTER TABLE "shadow_tests" ADD CONSTRAINT "shadow_tests_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_tests" ADD CONSTRAINT "shadow_tests_candidate_version_id_fkey" FOREIGN KEY ("candidate_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

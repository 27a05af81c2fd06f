-- CreateEnum
CREATE TYPE "AbTestStatus" AS ENUM ('draft', 'running', 'stopped');

-- CreateTable
CREATE TABLE "ab_tests" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "unit_type" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "variants" JSONB NOT NULL,
    "coverage" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "weight_history" JSONB NOT NULL DEFAULT '[]',
    "metrics" JSONB NOT NULL,
    "plan" JSONB,
    "method" TEXT NOT NULL,
    "alpha" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "alias" TEXT,
    "status" "AbTestStatus" NOT NULL DEFAULT 'draft',
    "phase_started_at" TIMESTAMPTZ(3),
    "decision" JSONB,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "stopped_at" TIMESTAMPTZ(3),

    CONSTRAINT "ab_tests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ab_exposures" (
    "ab_test_id" UUID NOT NULL,
    "unit_id" TEXT NOT NULL,
    "variant" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ab_exposures_pkey" PRIMARY KEY ("ab_test_id","unit_id")
);

-- CreateTable
CREATE TABLE "ab_events" (
    "id" BIGSERIAL NOT NULL,
    "ab_test_id" UUID NOT NULL,
    "unit_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "pre" DOUBLE PRECISION,

    CONSTRAINT "ab_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ab_event_batches" (
    "ab_test_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ab_event_batches_pkey" PRIMARY KEY ("ab_test_id","key")
);

-- CreateIndex
CREATE INDEX "ab_tests_model_id_idx" ON "ab_tests"("model_id");

-- CreateIndex
CREATE UNIQUE INDEX "ab_tests_project_id_name_key" ON "ab_tests"("project_id", "name");

-- CreateIndex
CREATE INDEX "ab_exposures_ab_test_id_at_idx" ON "ab_exposures"("ab_test_id", "at");

-- CreateIndex
CREATE INDEX "ab_events_ab_test_id_event_idx" ON "ab_events"("ab_test_id", "event");

-- AddForeignKey
ALTER TABLE "ab_tests" ADD CONSTRAINT "ab_tests_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

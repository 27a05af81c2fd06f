-- CreateTable
CREATE TABLE "automl_runs" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "dataset_id" UUID NOT NULL,
    "model_name" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "leaderboard" JSONB NOT NULL DEFAULT '[]',
    "guardrails" JSONB,
    "best_trial" JSONB,
    "model_version" INTEGER,
    "version_id" UUID,
    "evaluation_id" UUID,
    "explanation" JSONB,
    "lineage" JSONB NOT NULL,
    "job_id" UUID,
    "error" JSONB,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "automl_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "automl_runs_project_id_id_idx" ON "automl_runs"("project_id", "id");

-- CreateTable
CREATE TABLE "rl_runs" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "agent_name" TEXT NOT NULL,
    "agent_version" TEXT,
    "environment" TEXT NOT NULL,
    "description" TEXT,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rl_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rl_rewards" (
    "run_id" UUID NOT NULL,
    "episode" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "reward" DOUBLE PRECISION NOT NULL,
    "optimal" DOUBLE PRECISION,

    CONSTRAINT "rl_rewards_pkey" PRIMARY KEY ("run_id","episode","step")
);

-- CreateTable
CREATE TABLE "rl_reward_batches" (
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rl_reward_batches_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateIndex
CREATE INDEX "rl_runs_project_id_agent_name_idx" ON "rl_runs"("project_id", "agent_name");

-- CreateIndex
CREATE UNIQUE INDEX "rl_runs_project_id_name_key" ON "rl_runs"("project_id", "name");

-- CreateTable
CREATE TABLE "turing_studies" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "item_count" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "opened_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "turing_studies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "turing_items" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "human_answer" TEXT,
    "machine_answer" TEXT,
    "answer" TEXT,
    "origin" TEXT,
    "system" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "turing_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "turing_judges" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "turing_judges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "turing_judgements" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "judge_id" UUID NOT NULL,
    "choice" TEXT NOT NULL,
    "machine_on_left" BOOLEAN,
    "label" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "turing_judgements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "turing_studies_project_id_name_key" ON "turing_studies"("project_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "turing_items_study_id_position_key" ON "turing_items"("study_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "turing_judges_token_hash_key" ON "turing_judges"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "turing_judges_study_id_name_key" ON "turing_judges"("study_id", "name");

-- CreateIndex
CREATE INDEX "turing_judgements_study_id_idx" ON "turing_judgements"("study_id");

-- CreateIndex
CREATE INDEX "turing_judgements_judge_id_idx" ON "turing_judgements"("judge_id");

-- CreateIndex
CREATE UNIQUE INDEX "turing_judgements_item_id_judge_id_key" ON "turing_judgements"("item_id", "judge_id");

-- AddForeignKey
ALTER TABLE "turing_items" ADD CONSTRAINT "turing_items_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "turing_studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turing_judges" ADD CONSTRAINT "turing_judges_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "turing_studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turing_judgements" ADD CONSTRAINT "turing_judgements_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "turing_studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turing_judgements" ADD CONSTRAINT "turing_judgements_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "turing_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turing_judgements" ADD CONSTRAINT "turing_judgements_judge_id_fkey" FOREIGN KEY ("judge_id") REFERENCES "turing_judges"("id") ON DELETE CASCADE ON UPDATE CASCADE;

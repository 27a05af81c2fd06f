-- CreateTable
CREATE TABLE "review_policies" (
    "model_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "double_review_fraction" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "audit_fraction" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "lease_ms" INTEGER NOT NULL,
    "target_risk" DOUBLE PRECISION,
    "group_feature" TEXT,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_policies_pkey" PRIMARY KEY ("model_id")
);

-- CreateTable
CREATE TABLE "reviewers" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "reviewers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_items" (
    "id" BIGSERIAL NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "request_id" TEXT NOT NULL,
    "row_index" INTEGER NOT NULL,
    "features" JSONB NOT NULL,
    "prediction" JSONB NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL,
    "reviews_needed" INTEGER NOT NULL,
    "reviews_done" INTEGER NOT NULL DEFAULT 0,
    "audit" BOOLEAN NOT NULL DEFAULT false,
    "claimed_by" UUID,
    "lease_until" TIMESTAMPTZ(3),
    "final_label" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reviews" (
    "id" BIGSERIAL NOT NULL,
    "item_id" BIGINT NOT NULL,
    "model_id" UUID NOT NULL,
    "reviewer_id" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "decision" TEXT NOT NULL,
    "label" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reviewers_token_hash_key" ON "reviewers"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "reviewers_model_id_name_key" ON "reviewers"("model_id", "name");

-- CreateIndex
CREATE INDEX "review_items_model_id_status_id_idx" ON "review_items"("model_id", "status", "id");

-- CreateIndex
CREATE INDEX "reviews_model_id_idx" ON "reviews"("model_id");

-- CreateIndex
CREATE UNIQUE INDEX "reviews_item_id_reviewer_id_key" ON "reviews"("item_id", "reviewer_id");

-- CreateIndex
CREATE UNIQUE INDEX "reviews_item_id_ordinal_key" ON "reviews"("item_id", "ordinal");

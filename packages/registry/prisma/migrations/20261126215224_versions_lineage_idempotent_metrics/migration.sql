-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "input_signature" JSONB,
ADD COLUMN     "output_signature" JSONB,
ADD COLUMN     "source_run_id" UUID;

-- CreateTable
CREATE TABLE "metric_log_requests" (
    "run_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_sha256" CHAR(64) NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_log_requests_pkey" PRIMARY KEY ("run_id","idempotency_key")
);

-- CreateIndex
CREATE INDEX "model_versions_source_run_id_idx" ON "model_versions"("source_run_id");

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_source_run_id_fkey" FOREIGN KEY ("source_run_id") REFERENCES "runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_log_requests" ADD CONSTRAINT "metric_log_requests_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

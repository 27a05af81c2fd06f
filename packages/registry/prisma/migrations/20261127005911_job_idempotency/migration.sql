-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "idempotency_key" TEXT,
ADD COLUMN     "request_sha256" CHAR(64);

-- CreateIndex
CREATE UNIQUE INDEX "jobs_project_id_idempotency_key_key" ON "jobs"("project_id", "idempotency_key");

-- CreateTable
CREATE TABLE "metric_chunks" (
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "first_id" BIGINT NOT NULL,
    "min_step" BIGINT NOT NULL,
    "max_step" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "points" BYTEA NOT NULL,

    CONSTRAINT "metric_chunks_pkey" PRIMARY KEY ("run_id","key","first_id")
);

-- AddForeignKey
ALTER TABLE "metric_chunks" ADD CONSTRAINT "metric_chunks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Added by hand (the Prisma schema cannot express these).
-- Packed float data does not compress: skip pglz's attempt on every write.
ALTER TABLE "metric_chunks" ALTER COLUMN "points" SET STORAGE EXTERNAL;

-- Backfill: the points logged before this migration, in chunks of up to 1024 points per key,
-- in id order (the same records logMetrics writes).
INSERT INTO "metric_chunks" ("run_id", "key", "first_id", "min_step", "max_step", "count", "points")
SELECT "run_id", "key", min("id"), min("step"), max("step"), count(*)::int,
       string_agg(int8send("id") || int8send("step") || float8send("value") || timestamptz_send("timestamp"), ''::bytea ORDER BY "id")
  FROM (SELECT *, (row_number() OVER (PARTITION BY "run_id", "key" ORDER BY "id") - 1) / 1024 AS "bucket"
          FROM "metric_points") AS "p"
 GROUP BY "run_id", "key", "bucket";

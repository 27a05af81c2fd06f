-- CreateTable
CREATE TABLE "metric_summaries" (
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "level" SMALLINT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "count" BIGINT NOT NULL,
    "first" DOUBLE PRECISION[],
    "last" DOUBLE PRECISION[],
    "lo" DOUBLE PRECISION[],
    "hi" DOUBLE PRECISION[],

    CONSTRAINT "metric_summaries_pkey" PRIMARY KEY ("run_id","key","level","bucket")
);

-- Backfill: the envelope of every point logged before this migration, at every level, as the
-- logging statement keeps it from now on (16-step buckets first, then each coarser level from
-- those: count adds up, first/last/lo/hi are a min or max over whole points).
INSERT INTO "metric_summaries" ("run_id", "key", "level", "bucket", "count", "first", "last", "lo", "hi")
SELECT f.run_id, f.key, l.level, f.bucket >> (2 * l.level - 4), sum(f.n),
       min(f.first), max(f.last), min(f.lo), max(f.hi)
  FROM (
    SELECT run_id, key, step >> 4 AS bucket, count(*) AS n,
           min(ARRAY[step::float8, id::float8, value, ms]) AS first,
           max(ARRAY[step::float8, id::float8, value, ms]) AS last,
           min(ARRAY[value, step::float8, id::float8, ms]) AS lo,
           max(ARRAY[value, step::float8, id::float8, ms]) AS hi
      FROM (SELECT run_id, key, step, id, value,
                   (extract(epoch FROM "timestamp") * 1000)::float8 AS ms
              FROM "metric_points") AS p
     GROUP BY run_id, key, step >> 4
  ) AS f
 CROSS JOIN generate_series(2, 26) AS l(level)
 GROUP BY f.run_id, f.key, l.level, f.bucket >> (2 * l.level - 4);

-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "latest_metrics" JSONB NOT NULL DEFAULT '{}';

-- Backfill: each run's latest point per key, as the logging statement keeps it from now on.
UPDATE "runs" AS r SET "latest_metrics" = l.latest
  FROM (
    SELECT run_id, jsonb_object_agg(key, jsonb_build_object(
             'v', value, 's', step, 't', (extract(epoch FROM "timestamp") * 1000)::bigint)) AS latest
      FROM (
        SELECT DISTINCT ON (run_id, key) run_id, key, step, value, "timestamp"
          FROM "metric_points"
         ORDER BY run_id, key, step DESC, "timestamp" DESC, value DESC
      ) AS last_points
     GROUP BY run_id
  ) AS l
 WHERE r.id = l.run_id;

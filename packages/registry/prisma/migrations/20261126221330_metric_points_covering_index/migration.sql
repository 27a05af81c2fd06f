-- DropIndex
DROP INDEX "metric_points_run_id_key_step_id_idx";

-- CreateIndex
CREATE INDEX "metric_points_run_id_key_step_id_value_timestamp_idx" ON "metric_points"("run_id", "key", "step", "id", "value", "timestamp");

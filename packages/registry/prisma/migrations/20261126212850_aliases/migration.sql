-- CreateTable
CREATE TABLE "model_aliases" (
    "id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version_id" UUID,
    "revision" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_aliases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_alias_events" (
    "id" BIGSERIAL NOT NULL,
    "alias_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "from_version_id" UUID,
    "to_version_id" UUID,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "evaluation_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),

    CONSTRAINT "model_alias_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_aliases_model_id_name_key" ON "model_aliases"("model_id", "name");

-- CreateIndex
CREATE INDEX "model_alias_events_model_id_alias_at_idx" ON "model_alias_events"("model_id", "alias", "at");

-- CreateIndex
CREATE UNIQUE INDEX "model_alias_events_alias_id_revision_key" ON "model_alias_events"("alias_id", "revision");

-- AddForeignKey
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_alias_events" ADD CONSTRAINT "model_alias_events_alias_id_fkey" FOREIGN KEY ("alias_id") REFERENCES "model_aliases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_alias_events" ADD CONSTRAINT "model_alias_events_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_alias_events" ADD CONSTRAINT "model_alias_events_from_version_id_fkey" FOREIGN KEY ("from_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_alias_events" ADD CONSTRAINT "model_alias_events_to_version_id_fkey" FOREIGN KEY ("to_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (the Prisma schema cannot express it): ledgers are append-only.
-- CreateFunction
CREATE FUNCTION "assay_reject_ledger_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

-- CreateTrigger
CREATE TRIGGER "model_alias_events_append_only" BEFORE UPDATE OR DELETE ON "model_alias_events"
  FOR EACH ROW EXECUTE FUNCTION "assay_reject_ledger_change"();
CREATE TRIGGER "model_alias_events_no_truncate" BEFORE TRUNCATE ON "model_alias_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "assay_reject_ledger_change"();

-- CreateTrigger
CREATE TRIGGER "audit_logs_append_only" BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION "assay_reject_ledger_change"();
CREATE TRIGGER "audit_logs_no_truncate" BEFORE TRUNCATE ON "audit_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION "assay_reject_ledger_change"();

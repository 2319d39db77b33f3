-- The seal belongs to a dataset version, not to a split (issue 11): the version's first frozen
-- split fixes its sealed (test) rows, every split of the version points at that sealed set, and
-- test budgets and evaluations are counted per sealed set.
CREATE TABLE "auth_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sealed_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"dataset_version_id" uuid NOT NULL,
	"manifest_blob_key" text NOT NULL,
	"rows_hash" text NOT NULL,
	"test_count" integer NOT NULL,
	"target_stats" jsonb,
	"sealed_by_split_name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sealed_sets_version_unique" UNIQUE("dataset_version_id")
);
--> statement-breakpoint
-- Existing versions: the earliest split's test rows are the seal (its manifest names them; the
-- row hash is computed by the application for seals made from now on).
INSERT INTO "sealed_sets" ("team_id", "dataset_version_id", "manifest_blob_key", "rows_hash", "test_count", "target_stats", "sealed_by_split_name", "created_by", "created_at")
SELECT DISTINCT ON ("dataset_version_id") "team_id", "dataset_version_id", "manifest_blob_key", 'manifest:' || "manifest_hash", "test_count", NULL, "name", "created_by", "created_at"
FROM "splits" ORDER BY "dataset_version_id", "created_at", "id";
--> statement-breakpoint
ALTER TABLE "splits" ADD COLUMN "sealed_set_id" uuid;--> statement-breakpoint
UPDATE "splits" AS s SET "sealed_set_id" = ss."id" FROM "sealed_sets" AS ss WHERE ss."dataset_version_id" = s."dataset_version_id";--> statement-breakpoint
ALTER TABLE "splits" ALTER COLUMN "sealed_set_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "test_budgets" ADD COLUMN "sealed_set_id" uuid;--> statement-breakpoint
UPDATE "test_budgets" AS b SET "sealed_set_id" = s."sealed_set_id" FROM "splits" AS s WHERE s."id" = b."split_id";--> statement-breakpoint
-- Splits that shared a version now share one budget: the one set most recently wins.
DELETE FROM "test_budgets" AS b USING "test_budgets" AS newer
WHERE newer."sealed_set_id" = b."sealed_set_id" AND (newer."updated_at", newer."split_id") > (b."updated_at", b."split_id");--> statement-breakpoint
ALTER TABLE "test_budgets" DROP CONSTRAINT "test_budgets_split_id_splits_id_fk";--> statement-breakpoint
ALTER TABLE "test_budgets" DROP COLUMN "split_id";--> statement-breakpoint
ALTER TABLE "test_budgets" ALTER COLUMN "sealed_set_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "test_budgets" ADD PRIMARY KEY ("sealed_set_id");--> statement-breakpoint
ALTER TABLE "test_evaluations" ADD COLUMN "sealed_set_id" uuid;--> statement-breakpoint
-- The audit trail is append-only; filling in the new column is the one sanctioned change.
ALTER TABLE "test_evaluations" DISABLE TRIGGER "test_evaluations_append_only";--> statement-breakpoint
UPDATE "test_evaluations" AS e SET "sealed_set_id" = s."sealed_set_id" FROM "splits" AS s WHERE s."id" = e."split_id";--> statement-breakpoint
ALTER TABLE "test_evaluations" ENABLE TRIGGER "test_evaluations_append_only";--> statement-breakpoint
ALTER TABLE "test_evaluations" ALTER COLUMN "sealed_set_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_sets" ADD CONSTRAINT "sealed_sets_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_sets" ADD CONSTRAINT "sealed_sets_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_sets" ADD CONSTRAINT "sealed_sets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sealed_sets_team_idx" ON "sealed_sets" USING btree ("team_id");--> statement-breakpoint
ALTER TABLE "splits" ADD CONSTRAINT "splits_sealed_set_id_sealed_sets_id_fk" FOREIGN KEY ("sealed_set_id") REFERENCES "public"."sealed_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_budgets" ADD CONSTRAINT "test_budgets_sealed_set_id_sealed_sets_id_fk" FOREIGN KEY ("sealed_set_id") REFERENCES "public"."sealed_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_evaluations" ADD CONSTRAINT "test_evaluations_sealed_set_id_sealed_sets_id_fk" FOREIGN KEY ("sealed_set_id") REFERENCES "public"."sealed_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "test_evaluations_sealed_set_time_idx" ON "test_evaluations" USING btree ("sealed_set_id","requested_at");

ALTER TABLE "datasets" DROP CONSTRAINT "datasets_team_name_unique";--> statement-breakpoint
ALTER TABLE "splits" DROP CONSTRAINT "splits_team_name_unique";--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "splits" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_team_active_name_unique" ON "datasets" USING btree ("team_id","name") WHERE archived_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "splits_team_active_name_unique" ON "splits" USING btree ("team_id","name") WHERE archived_at IS NULL;
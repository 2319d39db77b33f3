CREATE INDEX "runs_team_dev_accuracy_idx" ON "runs" USING btree ("team_id","dev_accuracy","id");--> statement-breakpoint
CREATE INDEX "runs_team_dev_rmse_idx" ON "runs" USING btree ("team_id","dev_rmse","id");--> statement-breakpoint
CREATE INDEX "runs_team_creator_idx" ON "runs" USING btree ("team_id","created_by","created_at");--> statement-breakpoint
CREATE INDEX "runs_split_status_idx" ON "runs" USING btree ("split_id","status","created_at");
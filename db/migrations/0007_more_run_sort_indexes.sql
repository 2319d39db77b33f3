CREATE INDEX "runs_team_dev_macro_f1_idx" ON "runs" USING btree ("team_id","dev_macro_f1","id");--> statement-breakpoint
CREATE INDEX "runs_team_dev_mae_idx" ON "runs" USING btree ("team_id","dev_mae","id");--> statement-breakpoint
CREATE INDEX "runs_team_dev_r2_idx" ON "runs" USING btree ("team_id","dev_r2","id");--> statement-breakpoint
CREATE INDEX "runs_team_dev_loss_idx" ON "runs" USING btree ("team_id","dev_loss","id");--> statement-breakpoint
CREATE INDEX "runs_team_train_loss_idx" ON "runs" USING btree ("team_id","train_loss","id");--> statement-breakpoint
CREATE INDEX "runs_team_epochs_done_idx" ON "runs" USING btree ("team_id","epochs_done","id");--> statement-breakpoint
CREATE INDEX "runs_team_number_idx" ON "runs" USING btree ("team_id","number","id");
CREATE TYPE "public"."run_status" AS ENUM('queued', 'running', 'succeeded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."worker_pool" AS ENUM('cpu', 'gpu');--> statement-breakpoint
CREATE TABLE "run_epochs" (
	"run_id" uuid NOT NULL,
	"epoch" integer NOT NULL,
	"learning_rate" double precision NOT NULL,
	"train_loss" double precision NOT NULL,
	"dev_loss" double precision NOT NULL,
	"train_metrics" jsonb NOT NULL,
	"dev_metrics" jsonb NOT NULL,
	"epoch_ms" double precision NOT NULL,
	"samples_per_sec" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_epochs_run_id_epoch_pk" PRIMARY KEY("run_id","epoch")
);
--> statement-breakpoint
CREATE TABLE "run_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "run_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" uuid NOT NULL,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"split_id" uuid NOT NULL,
	"dataset_version_id" uuid NOT NULL,
	"created_by" uuid,
	"config" jsonb NOT NULL,
	"seed" integer NOT NULL,
	"pool" "worker_pool" NOT NULL,
	"status" "run_status" DEFAULT 'queued' NOT NULL,
	"job_id" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"epochs_planned" integer NOT NULL,
	"epochs_done" integer DEFAULT 0 NOT NULL,
	"dataset_hash" text NOT NULL,
	"split_hash" text NOT NULL,
	"backend" text,
	"device" text,
	"tfjs_version" text,
	"worker_id" uuid,
	"worker_name" text,
	"failure_kind" text,
	"failure_reason" text,
	"param_count" integer,
	"best_epoch" integer,
	"stopped_early" boolean,
	"train_loss" double precision,
	"dev_loss" double precision,
	"train_accuracy" double precision,
	"dev_accuracy" double precision,
	"dev_macro_f1" double precision,
	"train_rmse" double precision,
	"dev_rmse" double precision,
	"dev_mae" double precision,
	"dev_r2" double precision,
	"confusion_matrix" jsonb,
	"classes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"weights_blob_key" text,
	"weights_hash" text,
	"dev_predictions_blob_key" text,
	"preprocessing" jsonb,
	"training_ms" bigint,
	"cancel_requested_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "runs_team_number_unique" UNIQUE("team_id","number")
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"kind" text NOT NULL,
	"pool" "worker_pool" NOT NULL,
	"backend" text NOT NULL,
	"device" text NOT NULL,
	"tfjs_version" text NOT NULL,
	"concurrency" integer NOT NULL,
	"current_run_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "run_counter" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "run_epochs" ADD CONSTRAINT "run_epochs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_logs" ADD CONSTRAINT "run_logs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_split_id_splits_id_fk" FOREIGN KEY ("split_id") REFERENCES "public"."splits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_logs_run_idx" ON "run_logs" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "runs_team_created_idx" ON "runs" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "runs_split_idx" ON "runs" USING btree ("split_id");--> statement-breakpoint
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status");
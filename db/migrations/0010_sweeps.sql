CREATE TYPE "public"."sweep_status" AS ENUM('running', 'paused', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."sweep_trial_source" AS ENUM('strategy', 'manual', 'confirm');--> statement-breakpoint
CREATE TYPE "public"."sweep_trial_status" AS ENUM('pending', 'queued', 'running', 'succeeded', 'stopped', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "sweep_rung_values" (
	"sweep_id" uuid NOT NULL,
	"rung" integer NOT NULL,
	"trial_id" uuid NOT NULL,
	"value" double precision NOT NULL,
	"promoted" boolean NOT NULL,
	"threshold" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sweep_rung_values_sweep_id_rung_trial_id_pk" PRIMARY KEY("sweep_id","rung","trial_id")
);
--> statement-breakpoint
CREATE TABLE "sweep_trials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sweep_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"config_key" text NOT NULL,
	"assignment" jsonb NOT NULL,
	"seed" integer NOT NULL,
	"source" "sweep_trial_source" NOT NULL,
	"judged" boolean DEFAULT true NOT NULL,
	"run_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"status" "sweep_trial_status" DEFAULT 'pending' NOT NULL,
	"value" double precision,
	"epochs_planned" integer NOT NULL,
	"epochs_done" integer DEFAULT 0 NOT NULL,
	"stopped_at_epoch" integer,
	"stopped_threshold" double precision,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "sweep_trials_sweep_number_unique" UNIQUE("sweep_id","number"),
	CONSTRAINT "sweep_trials_run_unique" UNIQUE("run_id")
);
--> statement-breakpoint
CREATE TABLE "sweeps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"split_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"definition" jsonb NOT NULL,
	"base_config" jsonb NOT NULL,
	"status" "sweep_status" DEFAULT 'running' NOT NULL,
	"max_trials" integer NOT NULL,
	"max_epochs" integer,
	"concurrency" integer NOT NULL,
	"configs_proposed" integer DEFAULT 0 NOT NULL,
	"end_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "sweeps_team_number_unique" UNIQUE("team_id","number")
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "sweep_counter" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sweep_rung_values" ADD CONSTRAINT "sweep_rung_values_sweep_id_sweeps_id_fk" FOREIGN KEY ("sweep_id") REFERENCES "public"."sweeps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweep_rung_values" ADD CONSTRAINT "sweep_rung_values_trial_id_sweep_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."sweep_trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweep_trials" ADD CONSTRAINT "sweep_trials_sweep_id_sweeps_id_fk" FOREIGN KEY ("sweep_id") REFERENCES "public"."sweeps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweep_trials" ADD CONSTRAINT "sweep_trials_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweep_trials" ADD CONSTRAINT "sweep_trials_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_split_id_splits_id_fk" FOREIGN KEY ("split_id") REFERENCES "public"."splits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sweep_trials_sweep_status_idx" ON "sweep_trials" USING btree ("sweep_id","status");--> statement-breakpoint
CREATE INDEX "sweeps_split_idx" ON "sweeps" USING btree ("split_id");--> statement-breakpoint
CREATE INDEX "sweeps_status_idx" ON "sweeps" USING btree ("status");
CREATE TABLE "run_curves" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"last_epoch" integer NOT NULL,
	"points" integer NOT NULL,
	"names" text[] NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "run_curves" ADD CONSTRAINT "run_curves_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Packs runs' learning curves into run_curves (layout in db/schema/runs.ts). One function for the
-- trigger below and for backfills: this migration's, and bench:scale's fill. A run whose series
-- disagree in length (never written by the trainer, which reports every metric every epoch) gets
-- no row and is read from run_epochs.
CREATE OR REPLACE FUNCTION holdout_materialize_run_curves(run_ids uuid[]) RETURNS void AS $$
  -- Joins with unnest, not "= ANY(run_ids)": with thousands of ids (a backfill) a scan testing
  -- every row against the whole array was quadratic (minutes at 10k runs).
  DELETE FROM run_curves c USING unnest(run_ids) AS r(id) WHERE c.run_id = r.id;
  INSERT INTO run_curves (run_id, last_epoch, points, names, data)
  SELECT run_id, max(last_epoch), max(points), array_agg(name ORDER BY name), string_agg(data, ''::bytea ORDER BY name)
  FROM (
    SELECT e.run_id, v.name, max(e.epoch) AS last_epoch, count(*)::int AS points,
           string_agg(float4send(v.value::real), ''::bytea ORDER BY e.epoch) AS data
    FROM unnest(run_ids) AS r(id)
    JOIN run_epochs e ON e.run_id = r.id
    CROSS JOIN LATERAL (
      SELECT 'epoch' AS name, e.epoch::float8 AS value
      UNION ALL SELECT 'trainLoss', e.train_loss
      UNION ALL SELECT 'devLoss', e.dev_loss
      UNION ALL SELECT 'train' || upper(left(m.key, 1)) || substr(m.key, 2), m.value::float8 FROM jsonb_each_text(e.train_metrics) m
      UNION ALL SELECT 'dev' || upper(left(m.key, 1)) || substr(m.key, 2), m.value::float8 FROM jsonb_each_text(e.dev_metrics) m
    ) v
    GROUP BY e.run_id, v.name
  ) series
  GROUP BY run_id
  HAVING min(points) = max(points);
$$ LANGUAGE sql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION holdout_runs_materialize_curves() RETURNS trigger AS $$
BEGIN
  PERFORM holdout_materialize_run_curves(ARRAY[NEW.id]);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Every path that ends a run (complete, fail, cancel, reconcilers) goes through this update.
CREATE TRIGGER runs_materialize_curves
  AFTER UPDATE OF status ON runs
  FOR EACH ROW
  WHEN (NEW.status IN ('succeeded', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION holdout_runs_materialize_curves();
--> statement-breakpoint
SELECT holdout_materialize_run_curves(coalesce(array_agg(id), '{}')) FROM runs WHERE status IN ('succeeded', 'failed', 'cancelled');

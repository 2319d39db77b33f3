-- Test evaluations and their results are an audit trail: never updated, deleted only with their team.
CREATE OR REPLACE FUNCTION holdout_refuse_evaluation_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION '% is append-only: rows cannot be updated', TG_TABLE_NAME;
  END IF;
  IF EXISTS (SELECT 1 FROM teams WHERE id = OLD.team_id) THEN
    RAISE EXCEPTION '% is append-only: rows cannot be deleted', TG_TABLE_NAME;
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER test_evaluations_append_only
  BEFORE UPDATE OR DELETE ON test_evaluations
  FOR EACH ROW EXECUTE FUNCTION holdout_refuse_evaluation_change();
--> statement-breakpoint
CREATE TRIGGER test_evaluation_results_append_only
  BEFORE UPDATE OR DELETE ON test_evaluation_results
  FOR EACH ROW EXECUTE FUNCTION holdout_refuse_evaluation_change();

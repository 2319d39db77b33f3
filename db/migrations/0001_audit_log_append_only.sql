-- The team audit log is append-only: rows are never updated, and deleted only together with
-- their team (the cascade from deleting the team itself runs after the team row is gone).
CREATE OR REPLACE FUNCTION holdout_refuse_audit_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'team_audit_log is append-only: rows cannot be updated';
  END IF;
  IF EXISTS (SELECT 1 FROM teams WHERE id = OLD.team_id) THEN
    RAISE EXCEPTION 'team_audit_log is append-only: rows cannot be deleted';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER team_audit_log_append_only
  BEFORE UPDATE OR DELETE ON team_audit_log
  FOR EACH ROW EXECUTE FUNCTION holdout_refuse_audit_change();

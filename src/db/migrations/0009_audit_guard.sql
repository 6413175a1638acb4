-- The audit log is append-only at the database too: any UPDATE, DELETE or TRUNCATE of audit_log raises,
-- whoever the role. Only a superuser who first runs ALTER TABLE audit_log DISABLE TRIGGER … can rewrite it,
-- and then the hash chain (warden audit verify) names the first edited, deleted or reordered row.
-- In production the app's role should also lack the privilege (GRANT INSERT, SELECT only; see SECURITY.md).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

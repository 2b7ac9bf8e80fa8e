-- The access audit is append-only: rows can be added, never changed or removed. (A superuser can
-- still disable the trigger; the hash chain shows any such edit to the verifier.)
CREATE FUNCTION recording_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'recording_access is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER recording_access_append_only
    BEFORE UPDATE OR DELETE ON recording_access
    FOR EACH ROW EXECUTE FUNCTION recording_access_append_only();
CREATE INDEX recording_access_recording ON recording_access (recording_id, seq);
CREATE INDEX recording_agent ON recording (agent, started_at);

-- A call whose customer hung up before the PBX began recording it (or whose PBX refused the
-- recording) has no audio to wait for: its reference says so, rather than being alarmed as a file
-- the PBX lost.
ALTER TABLE recording DROP CONSTRAINT recording_state_check;
ALTER TABLE recording ADD CONSTRAINT recording_state_check
    CHECK (state IN ('RECORDING', 'COMPLETE', 'MISSING', 'NOT_STARTED', 'PURGED'));

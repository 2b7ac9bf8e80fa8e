-- An outcome of a call this node leased is written in one statement from the tasks as the lease
-- returned them, with a compare-and-set on each row's version; the statement must fail as a whole
-- when any row has moved, so that nothing of it is written and the outcome is recorded the long
-- way (load, lock, decide, write). A statement cannot fail on a count by itself: this makes it.
CREATE FUNCTION require_unchanged(ok boolean, what text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT ok THEN
    RAISE EXCEPTION '% changed since it was read', what USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN true;
END
$$;

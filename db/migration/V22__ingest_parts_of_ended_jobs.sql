-- An INGEST job that ends without a dataset (cancelled, or failed after its last attempt on a transient error)
-- will never read its raw upload again: the parts go with that status change, in its transaction, so no upload
-- lingers in upload_chunk. (A refused upload's parts are discarded by the handler; an ingested one's on success.)
CREATE FUNCTION ingest_parts_discard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM upload_chunk WHERE ingest_id = NEW.subject_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER ingest_parts_of_ended_jobs AFTER UPDATE OF status ON job FOR EACH ROW
    WHEN (NEW.kind = 'INGEST' AND NEW.status IN ('FAILED', 'CANCELLED') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION ingest_parts_discard();

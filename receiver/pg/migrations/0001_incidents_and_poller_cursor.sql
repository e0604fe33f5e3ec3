-- The incident registry (receiver.incidents.table: one JSON document per incident, with its
-- live view, Slack message ids, veto windows and verify start) and the Loki poller's cursor
-- (receiver.ingest.poll_cursor: one document per poll query). `json`, not `jsonb`: the
-- document is kept byte for byte, and a NUL escape in an alert label stays storable.
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    open BOOLEAN NOT NULL,
    document JSON NOT NULL
);
CREATE INDEX incidents_open_id ON incidents (open, id);

CREATE TABLE poller_cursor (
    query TEXT PRIMARY KEY,
    document JSON NOT NULL
);

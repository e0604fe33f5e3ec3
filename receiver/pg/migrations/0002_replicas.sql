-- Several replicas on one database (receiver.replicas): the leader's address for the
-- followers (one row), and the alerts any replica accepted that the leader has not grouped
-- yet (msgpack-encoded AlertEvents, one row per accepted body, oldest first).
CREATE TABLE replica_leader (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    since TIMESTAMPTZ NOT NULL
);

CREATE TABLE alert_inbox (
    id BIGSERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    received TIMESTAMPTZ NOT NULL DEFAULT now(),
    events BYTEA NOT NULL
);

"""PostgreSQL mode (`CHECKPOINT_URL=postgresql://…`): the database the service keeps its
durable state in, instead of SQLite files.

- receiver.pg.database: the connection pool, start-up (a clear error when the server does not
  answer or refuses the login), the schema migrations, the LangGraph checkpointer on the pool
  and the readiness probe;
- receiver.pg.schema: the versioned migrations (migrations/NNNN_name.sql), applied at start-up
  under an advisory lock, so replicas starting together apply each step once; a database
  newer than this code is refused;
- receiver.pg.tables: the incident registry and the Loki poller's cursor, the same tables as
  SQLite mode's, behind the same interfaces (receiver.incidents.table.IncidentStore,
  receiver.ingest.poll_cursor.CursorStore).
"""

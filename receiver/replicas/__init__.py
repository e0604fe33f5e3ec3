"""Several replicas on one PostgreSQL: the leader, the alert inbox, forwarding."""

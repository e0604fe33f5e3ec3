"""alertgraph's service: alerts in, incidents, Slack and the HTTP API (see README, Layout)."""

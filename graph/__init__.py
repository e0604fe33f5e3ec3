"""alertgraph's workflow: from an opening alert to a committed, verified values change."""

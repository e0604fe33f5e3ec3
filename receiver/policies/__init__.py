"""Approval policies: which proposals are approved on their own (after a veto window), which
need N people, which are advice only — the file, its validation, matching and reload."""

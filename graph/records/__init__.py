"""Incident records: what git keeps about an incident, built from the workflow's state.

The one incident-id check (`ids`), the record itself (`incident`), its summary.md (`summary`),
every commit message the service writes (`commit_message`), negative feedback files
(`negative_feedback`) and the state → record conversion (`builder`).
"""

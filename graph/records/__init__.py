"""Incident records: what git keeps about an incident, and the one place its text is masked.

The incident-id check (`ids`), the record (`incident`), the state → record conversion that
masks every text once (`builder`), summary.md (`summary`), the files of an incident's folder
(`folder`), every commit message the service writes (`commit_message`) and negative feedback
files (`negative_feedback`). Text bound for git is masked here, where each record, document or
message is built; graph.git writes what it is given.
"""

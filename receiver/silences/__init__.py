"""Alertmanager silences of an incident's alerts: what to silence (`matchers`, pure), the
Alertmanager API (`client`), which silences an incident holds (`records`) and the one way to
create and expire them (`silencer`), used by the API route, Slack and the workflow alike."""

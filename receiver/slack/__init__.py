"""Slack presentation: user-facing texts (English and Korean) and pure Block Kit builders."""

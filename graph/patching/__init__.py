"""Patching a Helm values file: what to change, how much, and the edit of the text itself."""

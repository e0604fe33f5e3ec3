"""Approved changes that travel on their own branch: pull requests opened, merges learned."""

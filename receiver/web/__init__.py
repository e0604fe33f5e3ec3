"""The web console at /ui: server-rendered pages over the same objects the API uses."""

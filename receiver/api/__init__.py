"""The HTTP API: route handlers that translate HTTP to domain calls and back, one module per
area (each exports a factory taking its collaborators), and what every route shares: the
problem answers, access rules, the rate limit, the views and the API reference."""

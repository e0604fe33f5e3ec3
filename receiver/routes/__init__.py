"""HTTP route handlers, one module per area; each exports a factory taking its collaborators."""

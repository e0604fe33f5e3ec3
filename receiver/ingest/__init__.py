"""The path of an alert into the service: wire bodies, normalisation, the queue, the workers."""

"""Incidents: the one model of an incident, grouping alerts into incidents, keeping them."""

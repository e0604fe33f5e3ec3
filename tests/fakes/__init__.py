"""Fakes of what cannot run here, speaking the real wire protocols."""

"""Learning from outcomes and feedback.

What worked per category and app, and the loop that commits it for the next proposal.
"""

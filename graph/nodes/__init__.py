"""One module per workflow node; graph/workflow.py wires them."""

"""Graph threads: one LangGraph thread per incident, the decisions that resume them, and the
mapping between the graph's state and the incident."""

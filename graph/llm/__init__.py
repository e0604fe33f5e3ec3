"""Optional analysis by a model behind any OpenAI-compatible endpoint (LLM_BASE_URL).

`prompt` builds the masked, fenced request; `client` asks the endpoint (structured output
with fallbacks, budget, retries, cache); `answer` reads the answer strictly; `fence` lets the
rules and the guardrails decide what of it the incident takes. graph.nodes.consult runs it.
"""

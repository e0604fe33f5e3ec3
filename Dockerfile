# alertgraph: one process, uvicorn inside. Build: docker build -t alertgraph .
FROM python:3.11-slim

# git: the GitOps repository is driven with the git command line.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 alertgraph

WORKDIR /app
COPY pyproject.toml README.md ./
COPY receiver ./receiver
COPY graph ./graph
COPY examples ./examples
RUN pip install --no-cache-dir .

USER alertgraph
# State lives under /data (the GitOps checkout, and CHECKPOINT_URL's SQLite files): mount it.
ENV API_HOST=0.0.0.0 \
    API_PORT=8000 \
    GIT_REPO_PATH=/data/gitops \
    CHECKPOINT_URL=sqlite:////data/state/alertgraph.db \
    LOG_FORMAT=json
EXPOSE 8000
CMD ["alertgraph", "serve"]

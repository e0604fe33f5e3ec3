# alertgraph: one process, uvicorn inside. Build: docker build -t alertgraph .
# Two stages: the build stage installs the package into a virtualenv; the runtime stage gets
# that virtualenv, git, and nothing of the build (no source tree, no pip cache).
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
RUN python -m venv /opt/alertgraph
COPY pyproject.toml README.md ./
COPY receiver ./receiver
COPY graph ./graph
# The package's own dependencies (pyproject.toml pins them); its extras, if the package makes
# the fast serving stack one, belong in this line.
RUN /opt/alertgraph/bin/pip install --no-cache-dir .

FROM ${PYTHON_IMAGE}
# Debian bookworm's git, pinned as hadolint asks: bump it when Debian's security updates
# replace this version (the build then fails until you do).
ARG GIT_VERSION=1:2.39.5-0+deb12u3
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="alertgraph" \
      org.opencontainers.image.description="Turns Kubernetes alerts into reviewed, committed Helm values fixes." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/example/alertgraph"

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# git: the GitOps repository is driven with the git command line. /data is the state
# (the GitOps checkout and CHECKPOINT_URL's SQLite files), owned by the service's user.
RUN apt-get update \
    && apt-get install -y --no-install-recommends "git=${GIT_VERSION}" \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 alertgraph \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin alertgraph \
    && mkdir -p /data/gitops /data/state \
    && chown -R 10001:10001 /data

COPY --from=build /opt/alertgraph /opt/alertgraph
# The demo tree a new, empty GitOps repository is seeded with: receiver/app.py looks for it
# beside the installed packages (site-packages/examples/gitops).
COPY examples/gitops /opt/alertgraph/lib/python3.11/site-packages/examples/gitops

ENV PATH=/opt/alertgraph/bin:$PATH \
    API_HOST=0.0.0.0 \
    API_PORT=8000 \
    GIT_REPO_PATH=/data/gitops \
    CHECKPOINT_URL=sqlite:////data/state/alertgraph.db \
    LOG_FORMAT=json
USER 10001:10001
WORKDIR /data
VOLUME /data
EXPOSE 8000
# Liveness without curl: the image's own Python asks /health (Kubernetes ignores this and
# uses the Deployment's probes).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["alertgraph", "serve"]

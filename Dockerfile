# syntax=docker/dockerfile:1
# Every Omnipresence image, one target each. Build from the repository root:
#   docker build --target identity -t omnipresence/identity .
#   (and presence, sync, reporting, gateway alike)
# Each image runs its API by default; its migration, worker and beat are the same image with another
# command: python -m <service> migrate | worker | beat. Identity's also runs the demo seed and the
# provisioning of every schema: python -m identity seed-demo | python -m omni_common provision.
#
# The images share one runtime stage (what every process runs on) and one build stage (the chassis
# in a virtualenv); each adds only its own package, and the gateway the single-page app.

# ---- shared ----------------------------------------------------------------------------------------

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONSAFEPATH=1 \
    PATH=/opt/venv/bin:$PATH \
    OMNI_ENV=production \
    OMNI_HTTP_HOST=0.0.0.0 \
    OMNI_HTTP_PORT=8000 \
    OMNI_DATA_DIR=/var/lib/omni
# A fixed numeric uid/gid so Kubernetes can verify runAsNonRoot and volumes can be given to it.
# Each image switches to it last (USER), after whatever it installs as root.
RUN groupadd --system --gid 10001 omni \
 && useradd --system --uid 10001 --gid omni --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin omni \
 && install -d -o omni -g omni -m 0750 /var/lib/omni
COPY deploy/docker/probe.py /opt/omni/probe.py
WORKDIR /app
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "/opt/omni/probe.py", "http", "/healthz"]

# Installed in place (editable): the images run the repository's files as they are, data files
# (migrations, templates) included, whatever each package's packaging declares. Runtime
# dependencies only: no extras, so no test or dev tools.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY requirements/constraints.txt requirements/constraints.txt
COPY libs/omni_common libs/omni_common
RUN pip install -c requirements/constraints.txt -e ./libs/omni_common \
 && python -m compileall -q libs/omni_common/src

# ---- identity ------------------------------------------------------------------------------------

FROM build AS identity-build
COPY services/identity services/identity
RUN pip install -c requirements/constraints.txt -e ./services/identity \
 && python -m compileall -q services/identity/src

FROM runtime AS identity
COPY --from=identity-build /opt/venv /opt/venv
COPY --from=identity-build /app /app
USER 10001:10001
CMD ["python", "-m", "identity", "serve"]

# ---- presence ------------------------------------------------------------------------------------

FROM build AS presence-build
COPY services/presence services/presence
RUN pip install -c requirements/constraints.txt -e ./services/presence \
 && python -m compileall -q services/presence/src

FROM runtime AS presence
COPY --from=presence-build /opt/venv /opt/venv
COPY --from=presence-build /app /app
USER 10001:10001
CMD ["python", "-m", "presence", "serve"]

# ---- sync ----------------------------------------------------------------------------------------

FROM build AS sync-build
COPY services/sync services/sync
RUN pip install -c requirements/constraints.txt -e ./services/sync \
 && python -m compileall -q services/sync/src

FROM runtime AS sync
COPY --from=sync-build /opt/venv /opt/venv
COPY --from=sync-build /app /app
USER 10001:10001
CMD ["python", "-m", "sync", "serve"]

# ---- reporting -----------------------------------------------------------------------------------

FROM build AS reporting-build
COPY services/reporting services/reporting
RUN pip install -c requirements/constraints.txt -e ./services/reporting \
 && python -m compileall -q services/reporting/src

FROM runtime AS reporting
# The Unicode font every PDF embeds (Latin, Cyrillic and CJK alike): Debian's WenQuanYi Micro Hei.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei=0.2.0-beta-3.1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=reporting-build /opt/venv /opt/venv
COPY --from=reporting-build /app /app
USER 10001:10001
CMD ["python", "-m", "reporting", "serve"]

# ---- gateway -------------------------------------------------------------------------------------

# The SPA is built here and only its static output reaches the image: no Node.js at runtime.
FROM node:20-bookworm-slim AS spa
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM build AS gateway-build
COPY gateway gateway
RUN pip install -c requirements/constraints.txt -e ./gateway \
 && python -m compileall -q gateway/src

FROM runtime AS gateway
ENV GATEWAY_SPA_DIR=/app/frontend/dist
COPY --from=gateway-build /opt/venv /opt/venv
COPY --from=gateway-build /app /app
COPY --from=spa /frontend/dist /app/frontend/dist
USER 10001:10001
CMD ["python", "-m", "gateway", "serve"]

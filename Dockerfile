# Sextant's images, built from this one file:
#   docker build -t sextant .                           the server (default target) with the web app
#   docker build --target mesh-sim -t sextant-sim .     the simulated cluster (docker compose, demos)
# Run against a cluster (the root filesystem can be read-only; only the change history is written,
# to the volume at /var/lib/sextant):
#   docker run --read-only -v sextant-history:/var/lib/sextant -e PROMETHEUS_URL=http://prometheus:9090 \
#     -v ~/.kube:/kube:ro -e KUBECONFIG=/kube/config -p 20001:20001 sextant
# The runtime stages hold compiled JavaScript only: one bundle per program (scripts/bundle.ts) with
# its npm dependencies inside, so no node_modules, tsx, vite or test tooling. The folders they copy
# come from scripts/runtimeFiles.ts, which scripts/test/runtime.itest.ts also uses to start the
# server with plain node (no Docker engine needed for the test).

# A supported LTS; the bundles target Node 20, so a newer LTS can be passed with --build-arg.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/mesh/package.json packages/mesh/
COPY packages/mesh-sim/package.json packages/mesh-sim/
COPY packages/testkit/package.json packages/testkit/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npx tsx scripts/runtimeFiles.ts --target server /out/server \
  && npx tsx scripts/runtimeFiles.ts --target mesh-sim /out/mesh-sim

FROM node:${NODE_VERSION}-bookworm-slim AS mesh-sim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /out/mesh-sim/ ./
USER 1000:1000
CMD ["node", "packages/mesh-sim/dist/mesh-sim.mjs", "--host=0.0.0.0", "--kube-port=6443", "--metrics-port=15090"]

# Last, so that a plain `docker build` builds the server.
FROM node:${NODE_VERSION}-bookworm-slim AS server
WORKDIR /app
ENV NODE_ENV=production SEXTANT_HOST=0.0.0.0 SEXTANT_PORT=20001 SEXTANT_DATA_DIR=/var/lib/sextant
# Owned by root, read-only to the server's user.
COPY --from=build /out/server/ ./
# The change history's SQLite file: the one place the server writes (a volume, so it outlives the container).
RUN mkdir -p /var/lib/sextant && chown 1000:1000 /var/lib/sextant
VOLUME /var/lib/sextant
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 20001
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.SEXTANT_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/server/dist/main.mjs"]

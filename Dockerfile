# Sextant: one image for the server (default) and the simulated cluster (`mesh-sim` command).
# Build: docker build -t sextant .   Run against a cluster: docker run -e PROMETHEUS_URL=... -v ~/.kube:/kube -e KUBECONFIG=/kube/config -p 20001:20001 sextant
FROM node:20-bookworm-slim
WORKDIR /app
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
RUN npm run build
ENV SEXTANT_HOST=0.0.0.0 SEXTANT_PORT=20001 SEXTANT_STATIC_DIR=/app/apps/web/dist
EXPOSE 20001
USER node
CMD ["npx", "tsx", "apps/server/src/main.ts"]

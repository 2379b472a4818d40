# syntax=docker/dockerfile:1
# PlusPlus for Slack: the production image (docs/deploy.md). NOT BUILT on the project's build
# machines (no container runtime there): scripts/check-production-artifact.sh runs the same steps
# outside a container in CI. One image for every process; compose.yaml picks the command.

# ---- build: devDependencies, TypeScript → dist/
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY listeners ./listeners
COPY views ./views
COPY bench ./bench
COPY demo ./demo
COPY scripts/build-if-stale.js ./scripts/
RUN npm run build

# ---- runtime: dependencies only (npm ci --omit=dev), the built JavaScript, a non-root user
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The artifact (keep in step with ARTIFACT in scripts/check-production-artifact.sh).
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/listeners ./dist/listeners
COPY --from=build /app/dist/views ./dist/views
COPY scripts/build-if-stale.js ./scripts/
# The image's own user (uid 10001), not root; it owns nothing but DATA_DIR.
RUN groupadd --system --gid 10001 plusplus \
  && useradd --system --uid 10001 --gid plusplus --home-dir /app --shell /usr/sbin/nologin plusplus \
  && mkdir -p /data && chown plusplus:plusplus /data
USER 10001:10001
ENV DATA_DIR=/data PORT=3000 INTERNAL_PORT=3001 INTERNAL_HOST=0.0.0.0
EXPOSE 3000 3001
# Liveness (GET /healthz on INTERNAL_PORT, which every ROLE serves, the worker included); node has
# fetch, the image has no curl.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.INTERNAL_PORT||3001)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form): in-flight requests and sends finish, then exit 0.
# The V8 flags are src/platform/node-flags.ts's (a larger young generation: cheaper acks under load).
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]

# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, run with production dependencies only,
# as a non-root user. One image serves both process roles (API and worker).

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json .swcrc ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
RUN groupadd --system corridor && useradd --system --gid corridor --home /app --shell /usr/sbin/nologin corridor
# Mount point of the secrets volume: a new named volume takes this owner and mode, so `init`
# (running as corridor) can write the secrets file there and nobody else can read it.
RUN install -d -o corridor -g corridor -m 0700 /var/lib/corridor
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/package.json ./package.json
USER corridor
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The API by default; the worker runs the same image with `node <flags> dist/src/worker.js`.
# The V8 flags are those of scripts/service-node-flags.js (bounded heap, see README "Memory").
CMD ["node", "--max-old-space-size=384", "--max-semi-space-size=16", "--no-memory-reducer", "dist/src/main.js"]

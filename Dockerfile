# Debrief as a team web app: `debrief serve` on port 4477, the workspace (incident folders) in /data.
# Sign-in must be configured (DEBRIEF_OIDC_*, DEBRIEF_GITHUB_*, or DEBRIEF_TRUSTED_PROXY_*): without it Debrief
# refuses to listen beyond loopback. See compose.yaml and deploy/helm/debrief.

# --- build: compile TypeScript, then install the runtime dependencies only ---
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json
# the runtime's node_modules: no dev dependencies; install scripts run (better-sqlite3's native build), prepare does not
RUN rm -rf node_modules && npm ci --omit=dev --ignore-scripts \
 && npm rebuild better-sqlite3

# --- runtime ---
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY examples ./examples
COPY skills ./skills
RUN mkdir -p /data && chown node:node /data
# the image's own non-root user (uid 1000)
USER node
VOLUME ["/data"]
EXPOSE 4477
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://localhost:4477/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/debrief.js"]
CMD ["serve", "/data", "--host", "0.0.0.0", "--port", "4477"]

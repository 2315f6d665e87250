# syntax=docker/dockerfile:1
# (The syntax line enables BuildKit features such as RUN --mount cache mounts.)

# Node 20 matches development (package.json engines: >=20.19 <21 || >=22.12). The
# slim image keeps the runtime small; nothing needs native builds or apt packages.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- npm-base: shared by the two stages that install packages -------------------
FROM ${NODE_IMAGE} AS npm-base
# package-lock.json is written by npm 11. The npm 10 bundled with Node 20 resolves
# optional peer dependencies differently and `npm ci` rejects the lockfile, so
# install with the same major as development. Keep this in step with the team.
ARG NPM_VERSION=11.19.1
RUN npm install --global --no-fund npm@${NPM_VERSION}
WORKDIR /app
# Copy only the manifests so the install layers are reused until dependencies change.
COPY package.json package-lock.json ./

# ---- deps: all dependencies, because the build needs the dev tooling -------------
FROM npm-base AS deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

# ---- build: Remix build plus our esbuild bundle of the server and DB CLI ----------
FROM deps AS build
COPY . .
RUN npm run build

# ---- prod-deps: a separate clean install, so no dev packages reach the image ------
FROM npm-base AS prod-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

# ---- runtime ---------------------------------------------------------------------
# Starts from the plain image again: no npm upgrade, no build tools, no sources.
FROM ${NODE_IMAGE} AS runtime
# NODE_ENV is set only here; in the install stages it would make `npm ci` skip dev deps.
# The server bundle ships .map files, so stack traces in logs point at the TS source.
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app

# Exactly what the server reads at run time. package.json is also the marker the
# server walks up to when it finds the project root (build/, public/, db/migrations/).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
COPY db/migrations ./db/migrations
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public

# The files stay root-owned, so the process cannot rewrite its own code. It needs
# no writable directory in production (DATABASE_URL is set); without DATABASE_URL
# it would try to create the embedded PGlite under /app/.data and fail at start,
# which is better than silently serving an ephemeral demo database.
USER node

EXPOSE 3000

# No HEALTHCHECK: Fly runs its own checks (fly.toml), and this same image also runs
# the worker process, which serves no HTTP and would be reported unhealthy.
# Exec form, no shell in between: node itself receives SIGTERM, which the server
# handles by draining in-flight requests before it exits.
CMD ["node", "build/server/index.js"]

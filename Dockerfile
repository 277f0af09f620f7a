# Build stage: all dependencies (TypeScript included), then the compiled server in dist/ (scripts/build.mjs).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN node scripts/build.mjs

# Run stage: production dependencies only, the sources (the build stamp is checked against them) and the build.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY . .
COPY --from=build /app/dist ./dist
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
# No --max-semi-space-size=2 here, unlike `npm start`: this image runs on Postgres (docker-compose.yml), where the
# small young generation costs 40-90% more CPU per payment confirmation (docs/benchmarks.md); it only saves idle memory.
CMD ["node", "--v8-pool-size=1", "--expose-gc", "scripts/start.mjs"]

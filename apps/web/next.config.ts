import type { NextConfig } from 'next';

const config: NextConfig = {
  // Fonts and telemetry never leave the machine: the portal builds and runs offline.
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Dataset uploads do not go through a server action (Next buffers those, under a body limit):
  // app/datasets/upload/route.ts pipes the file to the API as it arrives.
};

export default config;

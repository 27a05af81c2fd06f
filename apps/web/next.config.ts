import type { NextConfig } from 'next';

const config: NextConfig = {
  // Fonts and telemetry never leave the machine: the portal builds and runs offline.
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default config;

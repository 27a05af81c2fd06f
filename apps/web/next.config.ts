import type { NextConfig } from 'next';

const config: NextConfig = {
  // Fonts and telemetry never leave the machine: the portal builds and runs offline.
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  experimental: {
    // Dataset uploads go through a server action, whose body Next buffers (1 MB by default).
    // Larger files belong to the API or the Python client, which stream them.
    serverActions: { bodySizeLimit: '100mb' },
  },
};

export default config;

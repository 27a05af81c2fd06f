import { fileURLToPath } from 'node:url';

// This file sits directly under src/ (and dist/), so `..` is the package root in both layouts.

/** The package's `prisma/` folder (shipped with the package, see `files` in package.json). */
export const prismaDir = fileURLToPath(new URL('../prisma/', import.meta.url));

/** The committed migrations history. */
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations/', import.meta.url));

/** The Prisma schema the migrations were produced from. */
export const schemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

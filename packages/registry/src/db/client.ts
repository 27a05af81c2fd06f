import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

/**
 * Prisma's defaults (wait 2 s for a transaction, run it 5 s at most) fail under bursts of
 * concurrent writers: PGlite runs one transaction at a time and a pg pool has 10 connections, so
 * transactions queue. Waiting longer is correct here; every transaction body is short.
 */
const transactionOptions = { maxWait: 30_000, timeout: 30_000 };

export function createPgliteClient(pglite: PGlite): Db {
  return new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions });
}

/** A Prisma client on `pool` (which the caller owns and ends after `$disconnect`). */
export function createPostgresClient(pool: pg.Pool): Db {
  return new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions });
}

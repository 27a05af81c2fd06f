#!/usr/bin/env node
// assay-migrate: applies @assay/registry's migrations to the PostgreSQL database in DATABASE_URL
// (or --database-url).
import { runMigrateCli } from './run-migrate-cli.js';

process.exitCode = await runMigrateCli(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

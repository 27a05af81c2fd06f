import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

// TypeScript's ES2023 lib (without DOM) does not declare WebAssembly; Node has it.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let enginePromise: Promise<SchemaEngineModule> | undefined;

/**
 * Loads Prisma's schema engine compiled to WebAssembly (once per process).
 *
 * The package's own entry point imports the `.wasm` file as an ES module, which Node 20 cannot do
 * without a flag, so the bindings module is loaded and the wasm instantiated by hand.
 */
function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  enginePromise ??= (async () => {
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const wasmPath = join(
      dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const module = new wasmApi.Module(readFileSync(wasmPath));
    const instance = new wasmApi.Instance(module, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return enginePromise;
}

/**
 * A driver-adapter factory for the schema engine, plus what it takes to run a whole SQL script.
 *
 * `runScript` replaces the adapters' own `executeScript`, which is not safe to use for
 * migrations: pglite-prisma-adapter 0.7 does not await the script (errors are lost and the engine
 * records the migration as applied), and @prisma/adapter-pg 7.10 splits the script on every `;`
 * (breaking literals and function bodies) and runs the pieces on arbitrary pool connections.
 */
export interface MigrationAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Runs `script` as one simple-protocol query on the database behind `adapter`. */
  runScript(adapter: SqlDriverAdapter, script: string): Promise<void>;
}

export interface SchemaEngineLogLine {
  level: string;
  message: string;
}

/**
 * Starts a schema engine on `adapter`, runs `fn`, then frees the engine and disposes every
 * connection it opened (including shadow databases).
 */
export async function withSchemaEngine<T>(
  adapter: MigrationAdapter,
  schema: string,
  fn: (engine: SchemaEngine, logs: SchemaEngineLogLine[]) => Promise<T>,
): Promise<T> {
  const bindings = await loadSchemaEngineModule();
  const opened: SqlDriverAdapter[] = [];
  // The engine reports a failed script as "external connector error"; keep the real error.
  const scriptErrors: unknown[] = [];
  const patch = (connection: SqlDriverAdapter): SqlDriverAdapter => {
    opened.push(connection);
    connection.executeScript = async (script: string) => {
      try {
        await adapter.runScript(connection, script);
      } catch (error) {
        scriptErrors.push(error);
        throw error;
      }
    };
    // The engine disposes shadow databases itself; make a second dispose (ours) a no-op.
    const dispose = connection.dispose.bind(connection);
    let disposed: Promise<void> | undefined;
    connection.dispose = () => {
      disposed ??= dispose();
      return disposed;
    };
    return connection;
  };
  const inner = adapter.factory;
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => patch(await inner.connect()),
    connectToShadowDb: async () => patch(await inner.connectToShadowDb()),
  };
  const logs: SchemaEngineLogLine[] = [];
  const onLog = (line: string) => {
    try {
      const parsed = JSON.parse(line) as { level?: string; fields?: { message?: string } };
      logs.push({ level: parsed.level ?? 'INFO', message: parsed.fields?.message ?? line });
    } catch {
      logs.push({ level: 'INFO', message: line });
    }
  };
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    onLog,
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  try {
    return await fn(engine, logs);
  } catch (error) {
    const scriptError = scriptErrors.at(-1);
    if (scriptError === undefined) throw error;
    const engineMessage = error instanceof Error ? error.message : String(error);
    const migration = /migration_name="([^"]+)"/.exec(engineMessage)?.[1];
    const reason = scriptError instanceof Error ? scriptError.message : String(scriptError);
    throw new Error(migration === undefined ? reason : `migration ${migration}: ${reason}`, {
      cause: error,
    });
  } finally {
    engine.free();
    for (const connection of opened.reverse()) {
      await connection.dispose();
    }
  }
}

/** The filter every engine call takes; the registry manages every table in its schema. */
export const noSchemaFilter = { externalTables: [], externalEnums: [] };

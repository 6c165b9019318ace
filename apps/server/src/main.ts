import { Command, Option } from 'commander';
import { ConfigError, loadConfig, ROLES_AT_BOOT, type BootRole } from './config.ts';
import { createLogger } from './platform/logger.ts';
import { startServer } from './server.ts';
import { registerCliCommands } from './cli/index.ts';
import { VERSION } from './version.ts';

/** CLI entry: `pharos start` runs the server; the other commands work on the same database. */
export function buildCli(): Command {
  const program = new Command('pharos')
    .description('Pharos: self-hosted observability and operations platform')
    .version(VERSION)
    .showHelpAfterError();

  program
    .command('start')
    .description('start Pharos (embedded PostgreSQL unless DATABASE_URL is set)')
    .addOption(
      new Option('--role <role>', 'what this process runs').choices(
        ROLES_AT_BOOT as unknown as string[],
      ),
    )
    .option('--port <port>', 'HTTP port (overrides PORT)')
    .action(async (opts: { role?: BootRole; port?: string }) => {
      const env = { ...process.env };
      if (opts.role) env.PHAROS_ROLE = opts.role;
      if (opts.port) env.PORT = opts.port;
      const config = loadConfig(env);
      const log = createLogger(config.logLevel);
      const server = await startServer(config, log);
      const shutdown = (signal: string) => {
        log.info({ signal }, 'signal received');
        server.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });

  registerCliCommands(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`pharos: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`pharos: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

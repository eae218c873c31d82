import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config';
import { CliCommand } from '../common/cli/command';
import { COMMANDS } from './commands';
// The root registers itself for the commands that open the application (withAppContext).
import '../app.module';

function help(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: npm run cli -- <command> [args]',
    '',
    'commands:',
    ...commands.map(
      (c) =>
        `  ${c.name.padEnd(width)}  ${c.summary}${c.usage ? `\n  ${' '.repeat(width)}  usage: ${c.usage}` : ''}`,
    ),
    `  ${'help'.padEnd(width)}  Show this list.`,
  ].join('\n');
}

/** `npm run cli -- <command>`: administration of a Corridor install. */
export async function runCli(argv: string[], commands: CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${help(commands)}\n`);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${help(commands)}\n`);
    return 2;
  }
  const config = loadConfig(
    { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    { allowMissingSecrets: command.allowMissingSecrets },
  );
  return command.run({
    args,
    config,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stdin: process.stdin,
  });
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof ConfigError ? error.message : `error: ${(error as Error).message}`}\n`,
      );
      process.exit(1);
    },
  );
}

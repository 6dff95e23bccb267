import 'reflect-metadata';
import { InvalidEnvironmentError, validateEnvironment } from '@app/platform';
import { CLI_CONFIG } from './cli.config';
import { COMMANDS } from './commands';

/** Operator commands: `node dist/apps/cli/main.js <command>` (npm run migrate, seed:demo, ...). */
async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = COMMANDS[name ?? ''];
  if (!command) {
    console.error(`usage: main.js <${Object.keys(COMMANDS).join('|')}>`);
    process.exit(2);
  }
  let env;
  try {
    env = validateEnvironment(process.env, CLI_CONFIG);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      console.error(`consult-intake ${name} cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const code = await command(env, args);
  process.exit(code);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

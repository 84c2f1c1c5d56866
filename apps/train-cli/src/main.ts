import { runCli } from './cli/run-cli.js';

// `descent-train | head` closes the pipe early: stop quietly rather than crash on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr });

// The CLI's entry: dist/cli.js (package.json "bin"), which only calls main().
import { main } from './cli.js';
import { couldNotRun } from './pipeline/errors.js';

// Progress goes to stderr only when a person watches it: never into a pipe, a file or CI logs.
main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s), process.env, { progress: process.stderr.isTTY === true }).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = couldNotRun(e, (s) => process.stderr.write(s));
  },
);

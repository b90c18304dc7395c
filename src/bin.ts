// The CLI's entry: dist/cli.js (package.json "bin"), which only calls main().
import { main } from './cli.js';
import { couldNotRun } from './errors.js';

main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = couldNotRun(e, (s) => process.stderr.write(s));
  },
);

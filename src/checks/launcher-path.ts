// Rule `launcher-path`: an MCP server started by a program the client looks up on PATH, or by a program,
// script or project at a path outside the repository (`node /Users/me/server/dist/index.js`). The gate
// cannot tell which package or version that is, but it is not a shell: a warning by default, and
// nothing when the policy names the program under `launchers.allow` (names only: a path is not allowed).
import type { Check } from './check.js';

export const launcherPath: Check = {
  rule: 'launcher-path',
  server(server, { policy }) {
    if (server.outside !== undefined) {
      return [
        {
          rule: 'launcher-path',
          file: server.file,
          line: server.line,
          name: server.outside,
          message:
            `MCP server "${server.name}" runs ${server.outside}, a path on the machine outside this repository: whatever is at that path when the ` +
            `client starts it runs, and the gate can trace it neither to this repository's code nor to a package. Point it at the repository ` +
            `(a relative path, or \${workspaceFolder}/...), or start it through npx, uvx or docker run with a pinned version.`,
        },
      ];
    }
    if (server.launcher !== 'path' || server.program === undefined) return [];
    if (policy.launchers.allow.includes(server.program)) return [];
    return [
      {
        rule: 'launcher-path',
        file: server.file,
        line: server.line,
        name: server.program,
        message:
          `MCP server "${server.name}" starts \`${server.program}\` from PATH: whatever is installed under that name on the machine runs, ` +
          `and the gate cannot trace it to a package or version. If your team installs ${server.program} on purpose, allow it by name ` +
          `in the policy (launchers: allow: [${server.program}]); otherwise start it through npx, uvx or docker run with a pinned version.`,
      },
    ];
  },
};

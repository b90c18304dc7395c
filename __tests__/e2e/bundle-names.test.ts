// A bundle that hides a second manifest under another spelling of its name (`./manifest.json`,
// `Manifest.json`), or whose local headers say something else than its central directory, is hostile.
// The bundles are the real fixture (good.mcpb) with the fixture's shell manifest (shell.mcpb) added,
// pinned by sha256 in the base policy the way a reviewer who read only `manifest.json` would pin them,
// so nothing but the archive check stands between the bundle and a pass. The bundled CLI judges a
// pull request in a real git repository.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { checkPr, filePr, sha256 } from './servers';

const MCPB = path.join(__dirname, '..', 'fixtures', 'formats', 'mcpb');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(MCPB, name)));
const mtime = new Date('2025-06-01T00:00:00Z');
const FILE = 'bundles/weather-tools.mcpb';

/** good.mcpb with the shell manifest of shell.mcpb added under `name`. */
function withHiddenManifest(name: string): Buffer {
  const entries = unzipSync(fixture('good.mcpb'));
  entries[name] = unzipSync(fixture('shell.mcpb'))['manifest.json'];
  return Buffer.from(zipSync(entries, { mtime }));
}

/** The base policy: this exact file of weather-tools 1.4.2 is allowed, and the packages it ships. */
function pinned(bytes: Uint8Array): string {
  return `version: 1
allow:
  - name: weather-tools
    ecosystem: mcpb
    integrity:
      "1.4.2": "sha256:${sha256(bytes)}"
  - name: "@modelcontextprotocol/sdk"
  - name: zod
  - name: cross-spawn
  - name: which
`;
}

describe('a second manifest under another spelling of its name', () => {
  test('good.mcpb itself, pinned, passes (the policy and the fixture are sound)', async () => {
    const good = Buffer.from(fixture('good.mcpb'));
    const res = await checkPr(filePr({ [FILE]: good }, {}, pinned(good)));
    expect(res.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.report.servers).toEqual([expect.objectContaining({ file: FILE, name: 'weather-tools', client: 'mcpb' })]);
  });

  test.each([
    ['./manifest.json', /entry "\.\/manifest\.json" and entry "manifest\.json" are the same path once unpacked/],
    ['Manifest.json', /entry "Manifest\.json" and entry "manifest\.json" are the same file on a disk that ignores case \(macOS, Windows\)/],
  ])('%s beside manifest.json fails as a hostile bundle, and neither manifest is trusted', async (name, message) => {
    const bytes = withHiddenManifest(name);
    const res = await checkPr(filePr({ [FILE]: bytes }, {}, pinned(bytes)));
    expect(res.code).toBe(1);
    const hostile = res.findings.filter((f) => f.rule === 'bundle' && message.test(f.message));
    expect(hostile).toEqual([expect.objectContaining({ level: 'error', file: FILE, line: 1 })]);
    expect(hostile[0].message).toMatch(/^the archive is unsafe to unpack: .* Nothing else in it was trusted\.$/);
    // Its version came from the manifest, which is not trusted: the sha256 pin for 1.4.2 no longer applies.
    expect(res.findings.filter((f) => f.rule === 'bundle' && f !== hostile[0]).map((f) => f.message)).toEqual([expect.stringMatching(/weather-tools@\? .* not pinned by sha256/)]);
    // Nothing was read from either manifest: no server, no launcher verdict either way.
    expect(res.report.servers).toEqual([]);
    expect(res.findings.filter((f) => f.rule === 'launcher')).toEqual([]);
  });
});

describe('a local header that disagrees with the central directory', () => {
  test('a local header declaring another size fails as a hostile bundle', async () => {
    const bytes = Buffer.from(fixture('good.mcpb'));
    // The local header of the first entry (manifest.json, at offset 0): its uncompressed size field.
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.subarray(30, 30 + bytes.readUInt16LE(26)).toString()).toBe('manifest.json');
    bytes.writeUInt32LE(bytes.readUInt32LE(22) + 4096, 22);
    const res = await checkPr(filePr({ [FILE]: bytes }, {}, pinned(bytes)));
    expect(res.code).toBe(1);
    expect(res.findings.filter((f) => f.rule === 'bundle')).toContainEqual(
      expect.objectContaining({
        level: 'error',
        file: FILE,
        line: 1,
        message: expect.stringMatching(/entry "manifest\.json" has other sizes .* in its local header than in the central directory/),
      }),
    );
    expect(res.report.servers).toEqual([]);
  });
});

import { compareIntegrity, compareResolved, registryIntegrity, tarballIdentity } from '../../src/registry/integrity.js';
import { buildTarball, sha512Integrity } from '../helpers/npm-registry.js';
import { checkTarballBytes } from '../../src/registry/integrity.js';
import crypto from 'node:crypto';

const bytes = buildTarball({ 'index.js': 'module.exports = 1' });
const sha512 = sha512Integrity(bytes);
const shasum = crypto.createHash('sha1').update(bytes).digest('hex');
const sha1 = 'sha1-' + Buffer.from(shasum, 'hex').toString('base64');

describe('lockfile claims against registry facts', () => {
  it('compares integrity on the algorithms both sides record', () => {
    const registry = registryIntegrity(sha512, shasum);
    expect(compareIntegrity(sha512, registry).ok).toBe(true);
    expect(compareIntegrity(sha1, registry).ok).toBe(true);
    expect(compareIntegrity(`${sha1} ${sha512}`, registry).ok).toBe(true);
    expect(compareIntegrity(sha512Integrity(Buffer.from('other')), registry)).toMatchObject({ ok: false, detail: expect.stringContaining('differs from the registry') });
    expect(compareIntegrity('sha256-' + Buffer.alloc(32).toString('base64'), registry)).toMatchObject({ ok: false, detail: expect.stringContaining('nothing to compare') });
    expect(compareIntegrity('not an sri', registry)).toMatchObject({ ok: false, detail: expect.stringContaining('not a valid SRI') });
    expect(compareIntegrity(sha512, undefined).ok).toBe(false);
  });

  it('reads which package a tarball URL names', () => {
    expect(tarballIdentity('https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3-beta.1.tgz')).toEqual({ name: '@scope/pkg', version: '1.2.3-beta.1' });
    expect(tarballIdentity('https://registry.npmjs.org/@scope%2fpkg/-/pkg-1.0.0.tgz')).toEqual({ name: '@scope/pkg', version: '1.0.0' });
    expect(tarballIdentity('https://example.com/download/archive.zip')).toBeUndefined();
  });

  it('accepts only the registry tarball as resolved', () => {
    const tarball = 'https://registry.npmjs.org/@mcp/server-x/-/server-x-1.0.0.tgz';
    expect(compareResolved(tarball, '@mcp/server-x', '1.0.0', tarball).ok).toBe(true);
    expect(compareResolved(tarball + '#sha1', '@mcp/server-x', '1.0.0', tarball).ok).toBe(true);
    // yarn 1's resolved: the npm registry's tarball under Yarn's registry host.
    expect(compareResolved('https://registry.yarnpkg.com/@mcp/server-x/-/server-x-1.0.0.tgz#' + 'a'.repeat(40), '@mcp/server-x', '1.0.0', tarball).ok).toBe(true);
    expect(compareResolved('https://registry.yarnpkg.com/@mcp/server-x/-/server-x-1.0.1.tgz', '@mcp/server-x', '1.0.0', tarball).ok).toBe(false);
    expect(compareResolved('https://registry.npmjs.org/@mcp/server-x/-/server-x-1.0.1.tgz', '@mcp/server-x', '1.0.0', tarball).detail).toContain('is the tarball of @mcp/server-x@1.0.1');
    expect(compareResolved('https://evil.example/@mcp/server-x/-/server-x-1.0.0.tgz', '@mcp/server-x', '1.0.0', tarball)).toMatchObject({ ok: false, detail: expect.stringContaining('is not the registry\'s tarball') });
  });

  it('checks downloaded bytes against the registry integrity', () => {
    expect(checkTarballBytes(bytes, registryIntegrity(sha512, shasum)).ok).toBe(true);
    const other = Buffer.concat([bytes, Buffer.from([0])]);
    expect(checkTarballBytes(other, registryIntegrity(sha512, shasum))).toMatchObject({ ok: false, detail: expect.stringContaining(sha512) });
  });
});

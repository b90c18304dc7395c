// The ChangeSet reads a changed file's head first, then its base against the head where the format can
// (Format.parseBase: package-lock.json). On a real git repository: the base read that way is what a full
// read of the base gives; and a parseBase that fails is a shortcut not taken, never an unreadable base.
import { resolveContext } from '../../src/context/index';
import { FORMATS } from '../../src/formats/index';
import { exactPackageLock } from '../../src/formats/npm/package-lock';
import { parsePolicy } from '../../src/policy/index';
import { readChangedFile } from '../../src/pipeline/changeset';
import { TestRepo, fakeIntegrity, packageLock, tarballUrl } from '../helpers/git-repo';

const policy = parsePolicy('version: 1\n', { kind: 'file', path: 'p.yml' });
const pkg = (name: string, version: string) => ({ name, version, resolved: tarballUrl(name, version), integrity: fakeIntegrity(`${name}@${version}`) });
const baseText = packageLock({ a: '^1.0.0', '@modelcontextprotocol/sdk': '^1.0.0' }, [pkg('a', '1.0.0'), pkg('@modelcontextprotocol/sdk', '1.30.0'), pkg('b', '2.0.0')]);
const headText = packageLock({ a: '^1.0.0', '@modelcontextprotocol/sdk': '^1.0.0' }, [pkg('a', '1.0.1'), pkg('@modelcontextprotocol/sdk', '1.30.0'), pkg('c', '3.0.0')]);

async function changed() {
  const repo = new TestRepo();
  const base = repo.commit({ 'package-lock.json': baseText }, 'base');
  const head = repo.commit({ 'package-lock.json': headText }, 'pr');
  const ctx = await resolveContext({ repoDir: repo.dir, base, head });
  return readChangedFile(ctx, 'package-lock.json', 'modified', policy);
}

test('the base read against the head is the full read of the base', async () => {
  const format = FORMATS.find((f) => f.id === 'package-lock')!;
  const calls = jest.spyOn(format, 'parseBase');
  const file = await changed();
  expect(calls).toHaveBeenCalledTimes(1);
  expect(calls.mock.results[0].value).toBeDefined();
  expect(file.before.deps).toEqual(exactPackageLock(baseText, 'package-lock.json'));
  expect(file.after.deps).toEqual(exactPackageLock(headText, 'package-lock.json'));
  calls.mockRestore();
});

test('a parseBase that throws leaves the full read to decide: the base is read, not unreadable', async () => {
  const format = FORMATS.find((f) => f.id === 'package-lock')!;
  const broken = jest.spyOn(format, 'parseBase').mockImplementation(() => {
    throw new Error('a bug in the shortcut');
  });
  const file = await changed();
  expect(broken).toHaveBeenCalledTimes(1);
  expect(file.before.deps).toEqual(exactPackageLock(baseText, 'package-lock.json'));
  expect(file.change.invalid).toBeUndefined();
  broken.mockRestore();
});

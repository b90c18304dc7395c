// The git TreeSource on a real repository: sizes and contents through one long-lived cat-file, with
// the size limit, binary detection and absent files as before, any number of reads in flight at once.
import crypto from 'node:crypto';
import fc from 'fast-check';
import { GitSource } from '../../src/context/source';
import { decodeText } from '../../src/context/text';
import { TestRepo } from '../helpers/git-repo';

function repoWith(files: Record<string, string | Buffer>) {
  const repo = new TestRepo();
  const sha = repo.commit(files);
  return { repo, sha, source: new GitSource(repo.dir) };
}

test('many reads in flight at once each get their own file, large ones whole', async () => {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < 150; i++) files[`d${i % 7}/f${i}.json`] = `{"i": ${i}}\n`.repeat(i + 1);
  // Larger than any pipe buffer, so its bytes arrive in many pieces between other answers.
  const big = crypto.randomBytes(3 * 1024 * 1024).toString('base64');
  files['big/package-lock.json'] = big;
  files['empty.json'] = '';
  const { sha, source } = repoWith(files);
  const names = Object.keys(files);
  const results = await Promise.all(names.map((p) => source.read(sha, p, 64 * 1024 * 1024)));
  results.forEach((r, i) => expect(r).toEqual({ kind: 'text', text: files[names[i]] }));
  expect(source.objects.processes).toBe(1);
  source.objects.close();
});

test('absent files, directories, files over the limit and binary files are told apart', async () => {
  const { sha, source } = repoWith({ 'a/package.json': '{}\n', 'big.json': 'x'.repeat(5000), 'bin.json': Buffer.from([0x7b, 0, 1, 2]) });
  expect(await source.read(sha, 'nope.json', 100)).toEqual({ kind: 'absent' });
  expect(await source.read(sha, 'a', 100)).toEqual({ kind: 'unreadable', reason: 'a directory, not a file' });
  expect(await source.read(sha, 'big.json', 4999)).toEqual({ kind: 'unreadable', reason: '5000 bytes is over the 4999-byte limit (policy limits.max-file-bytes); not parsed' });
  expect(await source.read(sha, 'big.json', 5000)).toEqual({ kind: 'text', text: 'x'.repeat(5000) });
  expect(await source.read(sha, 'bin.json', 100)).toEqual({ kind: 'unreadable', reason: 'binary content (NUL bytes), not a text file' });
  expect(await source.readBytes(sha, 'bin.json', 100)).toEqual({ kind: 'bytes', bytes: Buffer.from([0x7b, 0, 1, 2]) });
  expect(await source.read('0'.repeat(40), 'a/package.json', 100)).toEqual({ kind: 'absent' });
  source.objects.close();
});

test('a path with a line break, which the line protocol cannot carry, is still read', async () => {
  const { sha, source } = repoWith({ 'odd\nname/package.json': '{"name": "odd"}\n', 'plain.json': '{}\n' });
  expect(await source.read(sha, 'odd\nname/package.json', 100)).toEqual({ kind: 'text', text: '{"name": "odd"}\n' });
  expect(await source.read(sha, 'plain.json', 100)).toEqual({ kind: 'text', text: '{}\n' });
  source.objects.close();
});

test('a closed reader starts a new process for the next read; a tree is listed once per commit', async () => {
  const { sha, source } = repoWith({ 'a.json': '1\n', 'b/c.json': '2\n' });
  expect(await source.read(sha, 'a.json', 100)).toEqual({ kind: 'text', text: '1\n' });
  source.objects.close();
  expect(await source.read(sha, 'b/c.json', 100)).toEqual({ kind: 'text', text: '2\n' });
  expect(source.objects.processes).toBe(2);
  const first = await source.list(sha);
  first.paths.push('changed by a caller');
  expect(await source.list(sha)).toEqual({ paths: ['a.json', 'b/c.json'], truncated: false });
  source.objects.close();
});

test('text comes out as the strict UTF-8 decoder reads it, ASCII or not; invalid UTF-8 and NUL bytes are refused', () => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.uint8Array()), (input) => {
      const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
      let expected: { text: string } | undefined;
      try {
        expected = { text: strict.decode(bytes) };
      } catch {
        expected = undefined;
      }
      const got = decodeText(bytes);
      if (bytes.includes(0) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return;
      if (expected === undefined) expect(got).toEqual({ reason: 'not valid UTF-8 text' });
      else expect(got).toEqual(expected);
    }),
    { numRuns: 2000 },
  );
  // A view into a larger buffer is read from its own bytes only.
  const whole = Buffer.from('xx{"a": 1}yy');
  expect(decodeText(whole.subarray(2, 10))).toEqual({ text: '{"a": 1}' });
});

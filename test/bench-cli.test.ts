// The comparison harness's command line (native-bench/cli.ts): presets, overrides, and how the
// report names what ran.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs, presetLabel } from '../native-bench/cli';

test('the report says when flags override the preset, since the command line then runs something else', () => {
  const label = (argv: string[]): string => presetLabel(argv, parseArgs(argv)!);
  assert.is(label([]), 'quick preset');
  assert.is(label(['--quick']), 'quick preset');
  assert.is(label(['--quick', '--full']), 'full preset');
  assert.is(label(['--runs', '7', '--tests', 'set,get']), 'quick preset with overrides');
  assert.is(label(['--full', '--runs=2']), 'full preset with overrides');
});

test('the last preset flag wins and later flags override it', () => {
  const opts = parseArgs(['--full', '--quick', '--runs', '7'])!;
  assert.is(opts.preset, 'quick');
  assert.is(opts.runs, 7);
  assert.equal(opts.tests.map((t) => t.name), ['SET', 'GET']);
});

test.run();

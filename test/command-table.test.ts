// The command table's two name indexes: by string (scripts, COMMAND INFO) and by request bytes
// (the acceptor's hot path). They must agree on every name, in any letter case.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allCommands, findCommand, findCommandAt, nameArgument, renameCommand } from '../src/commands/table';

function at(name: string, pad = ''): ReturnType<typeof findCommandAt> {
  // The name sits inside a bigger buffer, as in a request.
  const b = Buffer.from(`*1\r\n$${name.length}\r\n${name}${pad}\r\n`, 'latin1');
  const from = b.indexOf(name, 4, 'latin1');
  return findCommandAt(b, from, from + name.length);
}

function mixedCase(name: string): string {
  return [...name].map((ch, i) => (i % 2 === 0 ? ch.toUpperCase() : ch)).join('');
}

test('every command is found from its bytes in lower, upper and mixed case', () => {
  let n = 0;
  for (const cmd of allCommands()) {
    for (const spelling of [cmd.name, cmd.name.toUpperCase(), mixedCase(cmd.name)]) {
      assert.is(at(spelling), cmd, spelling);
      assert.is(findCommand(spelling), cmd, spelling);
    }
    n++;
  }
  assert.ok(n > 200, `${n} commands`);
});

test('argv[0] keeps the spelling the client sent, though its string is reused', () => {
  const get = findCommand('get')!;
  const spell = (name: string): string => {
    const b = Buffer.from(`$${name.length}\r\n${name}\r\n`, 'latin1');
    return nameArgument(get, b, 4, 4 + name.length);
  };
  const first = spell('GET');
  assert.is(first, 'GET');
  assert.is(spell('GET'), first);
  assert.is(spell('get'), 'get');
  assert.is(spell('GeT'), 'GeT');
  assert.is(spell('GET'), 'GET');
});

test('near misses are not commands', () => {
  // Prefixes, extensions, and bytes that differ from a name's letters only in bit 0x20.
  for (const name of ['', 'g', 'ge', 'gett', 'get ', 'ge\x14', 'GE\x7f', 'set\x00', 'hgetal', 'hgetalll', 'zrange_', 'z{ange']) {
    assert.is(at(name), undefined, JSON.stringify(name));
    assert.is(findCommand(name), undefined, JSON.stringify(name));
  }
});

test('rename-command moves a command to its new name in both indexes', () => {
  const echo = findCommand('echo');
  try {
    assert.is(renameCommand('ECHO', 'shout'), null);
    assert.is(at('echo'), undefined);
    assert.is(findCommand('echo'), undefined);
    assert.is(at('SHOUT'), echo);
    assert.is(findCommand('Shout'), echo);
  } finally {
    renameCommand('shout', 'echo');
  }
  assert.is(at('ECHO'), echo);
  assert.is(at('shout'), undefined);
});

test.run();

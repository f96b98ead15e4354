#!/usr/bin/env node
// Runs the uvu suites under dist/test (built by `npm run build`) and ends with one plain
// "N passed, N failed" line. Usage: node scripts/run-tests.js [filename-pattern, e.g. 'parser|config']
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

// A filename pattern selects among the compiled suites only (never their .js.map files).
const pattern = `(${process.argv[2] || ''})[^/]*\\.test\\.js$`;
const uvu = path.join(__dirname, '..', 'node_modules', 'uvu', 'bin.js');
const child = spawn(process.execPath, [uvu, path.join('dist', 'test'), pattern], {
  cwd: path.join(__dirname, '..'),
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  out += d.toString();
});
child.on('close', (code) => {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number((plain.match(/Total:\s+(\d+)/) || [])[1] || 0);
  const passed = Number((plain.match(/Passed:\s+(\d+)/) || [])[1] || 0);
  const skipped = Number((plain.match(/Skipped:\s+(\d+)/) || [])[1] || 0);
  const failed = total - passed - skipped;
  console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code !== 0 || failed > 0 || total === 0 ? 1 : 0);
});

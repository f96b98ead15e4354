#!/usr/bin/env node
'use strict';
// Shim for the npm scripts: the harness is TypeScript, compiled by `npm run build`.
require('../dist/native-bench/run.js').main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});

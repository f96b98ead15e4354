#!/usr/bin/env node
'use strict';
require('../dist/src/bench/main.js').main(process.argv.slice(2));

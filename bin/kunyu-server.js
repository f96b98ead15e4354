#!/usr/bin/env node
'use strict';
require('../dist/src/server/main.js').main(process.argv.slice(2));

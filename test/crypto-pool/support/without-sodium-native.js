/* global require */
// Preloaded (`node -r`) into a child process to play a server on which the native libsodium is
// missing: resolving `sodium-native` fails exactly as it does when the package is not installed.
'use strict';
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'sodium-native' || request.startsWith('sodium-native/')) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};

#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm install && npm start` needs no build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main();

#!/usr/bin/env node
// The `bourse` command. Bourse runs its TypeScript sources directly through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');

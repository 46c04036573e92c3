import type { DefineCommand } from '../types.js';

export const defineFetch: DefineCommand = (program) => {
  program.command('fetch').description('(not built yet)');
};

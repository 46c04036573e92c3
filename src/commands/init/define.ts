import type { DefineCommand } from '../types.js';

export const defineInit: DefineCommand = (program) => {
  program.command('init').description('(not built yet)');
};

import type { DefineCommand } from '../types.js';

export const defineDemo: DefineCommand = (program) => {
  program.command('demo').description('(not built yet)');
};

import type { DefineCommand } from '../types.js';

export const defineCompletion: DefineCommand = (program) => {
  program.command('completion').description('(not built yet)');
};

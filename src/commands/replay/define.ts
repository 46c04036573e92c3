import type { DefineCommand } from '../types.js';

export const defineReplay: DefineCommand = (program) => {
  program.command('replay').description('(not built yet)');
};

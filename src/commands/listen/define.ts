import type { DefineCommand } from '../types.js';

export const defineListen: DefineCommand = (program) => {
  program.command('listen').description('(not built yet)');
};

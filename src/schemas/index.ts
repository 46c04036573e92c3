export * from './voicehub-call.js';
export * from './callstudio.js';
export * from './voxia.js';
export * from './postcall.js';
export * from './api.js';

import { z } from 'zod';

/** ISO 8601 date-time as the platforms send it (`Date.prototype.toISOString`). */
export const isoTimestamp = z.iso.datetime({ offset: true });

/** Every payload accepts fields we do not know yet: they are shown, never rejected. */
export const open = z.looseObject;

import { z } from 'zod';

/** An id field of an input, refused with its name: "runId must be an id". */
export const idSchema = (field: string) => z.uuid(`${field} must be an id`);

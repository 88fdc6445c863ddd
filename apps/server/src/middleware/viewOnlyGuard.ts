import type { RequestHandler } from 'express';
import { viewOnly } from '../errors.ts';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** In view-only mode every write is refused before it reaches a route (DESIGN.md: 403). */
export const viewOnlyGuard: RequestHandler = (req, _res, next) => {
  if (!READ_METHODS.has(req.method)) throw viewOnly();
  next();
};

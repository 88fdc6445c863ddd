import { historyKindSchema, type HistoryKind } from '@sextant/contracts';
import { Router } from 'express';
import { z } from 'zod';
import type { RequestScopes } from '../auth/access.service.ts';
import { fromStore, type HistoryService } from '../services/history.service.ts';
import {
  echo,
  namespacesSchema,
  nameSchema,
  parseParams,
  queryTimeSchema,
  required,
  withDefault,
} from './params.ts';

const MAX_LIMIT = 500;

const kindListSchema = z.string().transform((value, ctx): HistoryKind[] => {
  const kinds: HistoryKind[] = [];
  for (const kind of value.split(',').filter(Boolean)) {
    const parsed = historyKindSchema.safeParse(kind);
    if (parsed.success) kinds.push(parsed.data);
    else
      ctx.issues.push({
        code: 'custom',
        message: `must list kinds among ${historyKindSchema.options.join(', ')}, got ${echo(kind)}`,
        input: value,
      });
  }
  return kinds;
});

const positiveInt = (max: number) =>
  z.string().transform((value, ctx) => {
    const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > max) {
      ctx.issues.push({
        code: 'custom',
        message: `must be a whole number from 1 to ${max}, got ${echo(value)}`,
        input: value,
      });
      return z.NEVER;
    }
    return n;
  });

/** Mounted under `/api`. Times in the query are unix seconds (like `queryTime`); in answers, milliseconds. */
export function historyRoutes(deps: {
  history: HistoryService;
  now: () => number;
  scopes: RequestScopes;
}): Router {
  const router = Router();
  const seconds = queryTimeSchema(() => deps.now() / 1000);

  router.get('/changes', async (req, res) => {
    const q = parseParams(
      {
        namespaces: namespacesSchema.optional(),
        kinds: kindListSchema.optional(),
        name: z.string().max(253).optional(),
        from: seconds.optional(),
        to: seconds.optional(),
        before: positiveInt(Number.MAX_SAFE_INTEGER).optional(),
        limit: withDefault('100', positiveInt(MAX_LIMIT)),
      },
      req.query,
    );
    const scope = await deps.scopes.of(res);
    res.json(
      await fromStore(
        () =>
          deps.history.list(
            {
              namespaces: q.namespaces,
              kinds: q.kinds,
              name: q.name,
              from: q.from === undefined ? undefined : q.from * 1000,
              to: q.to === undefined ? undefined : q.to * 1000,
              before: q.before,
              limit: q.limit,
            },
            scope,
          ),
        'the change list',
      ),
    );
  });

  router.get('/changes/:id', async (req, res) => {
    const { id } = parseParams({ id: required(positiveInt(Number.MAX_SAFE_INTEGER)) }, req.params);
    parseParams({}, req.query);
    const scope = await deps.scopes.of(res);
    res.json(await fromStore(() => deps.history.get(id, scope), `change ${id}`));
  });

  router.get('/namespaces/:namespace/config-at', async (req, res) => {
    const { namespace } = parseParams({ namespace: required(nameSchema('namespace')) }, req.params);
    const { time } = parseParams({ time: required(seconds) }, req.query);
    const scope = await deps.scopes.of(res);
    res.json(
      await fromStore(
        () => deps.history.configAt(namespace, time * 1000, scope),
        `the config of ${namespace}`,
      ),
    );
  });

  return router;
}

import type { IstioObjectJson } from '@sextant/contracts';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiError } from '../../../api/apiError.ts';
import { istioConfigKeys } from '../../../api/istioConfig.ts';
import type { WriteAccess } from '../../../api/permissions.ts';
import { classifyWriteFailure, type WriteFailure } from './writeFailure.ts';

/**
 * The dry run's state. `key` names what was reviewed (the editor's text): a review counts only
 * while the key is still the page's current one, so any edit after it asks for a new review.
 */
export type ReviewState<TReview> =
  | { status: 'idle' }
  | { status: 'running'; key: string }
  | { status: 'done'; key: string; result: TReview }
  | { status: 'failed'; key: string; error: ApiError };

export interface IstioWriteOptions<TInput, TReview, TWritten> {
  dryRun: (input: TInput) => Promise<TReview>;
  write: (input: TInput) => Promise<TWritten>;
  /** After a stored write: cache updates, a notice, navigation. */
  onWritten?: (written: TWritten, input: TInput) => void;
  /** What a write makes stale; every Istio config query by default (lists, validations, objects). */
  invalidates?: QueryKey;
}

export interface IstioWrite<TInput, TReview, TWritten> {
  review: ReviewState<TReview>;
  /** The dry run's result if it was made for `key`. */
  reviewedFor(key: string): TReview | undefined;
  runReview(input: TInput, key: string): void;
  resetReview(): void;
  apply(input: TInput): void;
  applying: boolean;
  /** The last write's refusal (conflicts excepted: they are `conflict`); cleared by the next edit. */
  writeError: ApiError | undefined;
  clearWriteError(): void;
  /** What the last write stored. */
  written: TWritten | undefined;
  /** The version stored meanwhile, from a 409 on the dry run or the write. */
  conflict: IstioObjectJson | undefined;
  clearConflict(): void;
  /** Set by a 403 on either step: the server or RBAC refuses this write. */
  refusal: (WriteAccess & { allowed: false }) | undefined;
}

/**
 * The one write flow of the Istio pages (edit -> dry run -> review -> write -> conflict), over
 * react-query's mutations: the editor, the create page and the wizards only lay it out. Kubernetes
 * judges both steps; the page's own checks decide when they may be asked.
 */
export function useIstioWrite<TInput, TReview, TWritten>(
  options: IstioWriteOptions<TInput, TReview, TWritten>,
): IstioWrite<TInput, TReview, TWritten> {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<IstioObjectJson | undefined>();
  const [refusal, setRefusal] = useState<(WriteAccess & { allowed: false }) | undefined>();
  // Not an API answer: a bug, thrown from render so the route's error boundary shows it.
  const [crash, setCrash] = useState<{ error: unknown } | undefined>();
  if (crash) throw crash.error;

  /** Files a failure under conflict or refusal; returns the error to show, if any. */
  const file = (error: unknown): WriteFailure | undefined => {
    const failure = classifyWriteFailure(error);
    if (!failure) {
      setCrash({ error });
      return undefined;
    }
    if (failure.kind === 'conflict') setConflict(failure.current);
    if (failure.kind === 'refused') setRefusal(failure.access);
    return failure;
  };

  const dryRun = useMutation({
    mutationFn: ({ input }: { input: TInput; key: string }) => options.dryRun(input),
    onError: (error) => void file(error),
  });
  const write = useMutation({
    mutationFn: (input: TInput) => options.write(input),
    onSuccess: (written, input) => {
      void queryClient.invalidateQueries({ queryKey: options.invalidates ?? istioConfigKeys.all });
      options.onWritten?.(written, input);
    },
    onError: (error) => {
      file(error);
      // Whatever of a set the server had created, it deleted again: the lists may have moved.
      void queryClient.invalidateQueries({ queryKey: options.invalidates ?? istioConfigKeys.all });
    },
  });

  const review = reviewState<TReview>(dryRun);
  const writeFailure = write.isError ? classifyWriteFailure(write.error) : undefined;
  return {
    review,
    reviewedFor: (key) => (review.status === 'done' && review.key === key ? review.result : undefined),
    runReview: (input, key) => dryRun.mutate({ input, key }),
    resetReview: () => dryRun.reset(),
    apply: (input) => write.mutate(input),
    applying: write.isPending,
    writeError: writeFailure && writeFailure.kind !== 'conflict' ? writeFailure.error : undefined,
    clearWriteError: () => {
      if (write.isError) write.reset();
    },
    written: write.data,
    conflict,
    clearConflict: () => {
      setConflict(undefined);
      dryRun.reset();
      write.reset();
    },
    refusal,
  };
}

function reviewState<TReview>(m: {
  status: 'idle' | 'pending' | 'success' | 'error';
  variables: { key: string } | undefined;
  data: TReview | undefined;
  error: Error | null;
}): ReviewState<TReview> {
  const key = m.variables?.key ?? '';
  switch (m.status) {
    case 'idle':
      return { status: 'idle' };
    case 'pending':
      return { status: 'running', key };
    case 'success':
      return { status: 'done', key, result: m.data as TReview };
    case 'error': {
      const failure = classifyWriteFailure(m.error);
      // A conflict is shown as such, not as a failed review.
      return failure && failure.kind !== 'conflict'
        ? { status: 'failed', key, error: failure.error }
        : { status: 'idle' };
    }
  }
}

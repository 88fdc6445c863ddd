import {
  istioObjectSchema,
  type IstioDryRun,
  type IstioObjectEnvelope,
  type IstioObjectJson,
  type IstioResource,
  type Validation,
} from '@sextant/contracts';
import { diffObjects, SERVER_MANAGED_PATHS, takeTheirs, type MergeConflict } from '@sextant/mesh';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../../api/apiError.ts';
import { deleteDryRunQuery, deleteObject, dryRunReplace, replaceObject } from '../../../api/istioConfig.ts';
import { useWriteAccess, type WriteAccess } from '../../../api/permissions.ts';
import { useIstioWrite } from '../write/useIstioWrite.ts';
import { classifyWriteFailure } from '../write/writeFailure.ts';
import { navigate } from '../../../lib/router.ts';
import { readSavedDraft, useKeepDraft } from '../../../lib/unsavedDrafts.ts';
import { ValidationBadge } from '../ValidationBadge.tsx';
import { AffectedObjects } from './AffectedObjects.tsx';
import { DiffView } from './DiffView.tsx';
import { DryRunFindings } from './DryRunFindings.tsx';
import { EditStatusBadge } from './EditStatusBadge.tsx';
import { editStatus } from './editStatus.ts';
import { MergeConflictsPanel } from './MergeConflictsPanel.tsx';
import { ReviewActions } from './ReviewActions.tsx';
import { applyBlockers, hasIstioProblems, localProblems, rebaseOnto } from './editorModel.ts';
import { fieldProblems } from './fieldProblems.ts';
import { hasFormView, ObjectViews, type EditorView } from './ObjectViews.tsx';
import { useUnsavedFieldProblems } from './unsavedFieldProblems.ts';
import { useLiveValidation } from './useLiveValidation.ts';
import { ViewOnlyBanner } from './ViewOnlyBanner.tsx';
import { WriteErrorPanel } from './WriteErrorPanel.tsx';
import { parseYaml, toYaml } from './yamlModel.ts';
import { collectYamlProblems, fieldErrorFindings, validationFindings } from './yamlProblems.ts';
import '../istio.css';

interface Props {
  namespace: string;
  resource: IstioResource;
  loaded: IstioObjectEnvelope;
  onSaved: (envelope: IstioObjectEnvelope) => void;
  onEdit: () => void;
}

interface Conflict {
  /** What the editor had loaded, and what is stored now. */
  loaded: IstioObjectJson;
  current: IstioObjectJson;
}

/**
 * The editor of one object. The YAML text is the single source of truth: the form is read from
 * the parsed text and writes back through the mesh mapping onto that same object, so switching
 * views never loses a field. `live` is the version the edit is based on (its resourceVersion goes
 * with the PUT, so someone else's change is a 409, never overwritten).
 */
export function IstioEditor({ namespace, resource, loaded, onSaved, onEdit }: Props) {
  const hasForm = hasFormView(loaded.object.kind);
  const [live, setLive] = useState(loaded.object);
  // An edit saved before a full-page sign-in redirect comes back here (SessionEndedDialog).
  const draftKey = `edit:${namespace}/${resource}/${loaded.object.metadata.name}`;
  const [restoredDraft] = useState(() => readSavedDraft(draftKey));
  const [text, setTextState] = useState(() => restoredDraft ?? toYaml(loaded.object));
  const [view, setView] = useState<EditorView>(hasForm ? 'form' : 'yaml');
  // Known before any write (view-only mode, the user's RBAC); a 403 answer also sets it.
  const updateAccess = useWriteAccess(namespace, resource, 'update');
  const deleteAccess = useWriteAccess(namespace, resource, 'delete');
  const [refusedDelete, setRefusedDelete] = useState<WriteAccess | undefined>();
  const flow = useIstioWrite<IstioObjectJson, IstioDryRun, IstioObjectEnvelope>({
    dryRun: (object) => dryRunReplace(namespace, resource, object),
    write: (object) => replaceObject(namespace, resource, object),
    onWritten: (saved) => onSaved(saved),
  });
  const review = flow.review;
  const refusedUpdate = flow.refusal;
  // What the editor had loaded, and what is stored now: `live` stays the loaded version until the
  // user reloads or re-applies, which both clear the conflict.
  const conflict: Conflict | undefined = flow.conflict && { loaded: live, current: flow.conflict };
  const writes = updateAccess.allowed && refusedUpdate ? refusedUpdate : updateAccess;
  const deletes = deleteAccess.allowed && refusedDelete ? refusedDelete : deleteAccess;
  const viewOnly = !writes.allowed;
  // RBAC known up front locks the text; view-only mode and a refusal met on write leave it editable to copy.
  const readOnly = !updateAccess.allowed && !updateAccess.viewOnly;
  const [mergeConflicts, setMergeConflicts] = useState<MergeConflict[]>([]);
  const [deleteError, setDeleteError] = useState<ApiError | undefined>();
  const writeError = flow.writeError ?? deleteError;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleteCheck = useQuery({
    ...deleteDryRunQuery(namespace, resource, loaded.object.metadata.name),
    enabled: confirmDelete && deletes.allowed,
  });

  const parsed = useMemo(() => parseYaml(text), [text]);
  const edited = parsed.ok ? (parsed.value as IstioObjectJson) : undefined;
  const syntaxErrors = parsed.ok ? [] : parsed.errors;
  const local = useMemo(() => (edited ? localProblems(edited) : []), [edited]);
  const unchanged = edited !== undefined && toYaml(edited) === toYaml(live);
  useKeepDraft(draftKey, unchanged ? undefined : text);
  const reviewCurrent = flow.reviewedFor(text);
  const validations: Validation[] = reviewCurrent?.validations ?? [];

  const setText = (next: string) => {
    setTextState(next);
    flow.clearWriteError();
    setDeleteError(undefined);
    onEdit();
  };
  const setObject = (obj: IstioObjectJson) => setText(toYaml(obj));

  const problems = useMemo(
    () => fieldProblems(validations, local, writeError?.fieldErrors ?? []),
    [validations, local, writeError],
  );

  // Advisory while typing in the YAML view; Apply still needs the explicit review below.
  const liveCheck = useLiveValidation({
    namespace,
    resource,
    text,
    parses: parsed.ok,
    // istiod's rules already refuse the text: the server would only say the same.
    enabled: (view === 'yaml' || !edited) && !hasIstioProblems(local),
    unavailable: viewOnly
      ? writes.allowed || writes.viewOnly
        ? 'the server is view-only and refuses dry runs'
        : 'you may not change this object'
      : undefined,
  });
  const yamlProblems = useMemo(
    () =>
      collectYamlProblems(text, syntaxErrors, [
        ...local.map((p) => ({ ...p, severity: 'error' as const, source: p.source ?? 'editor' })),
        ...fieldErrorFindings(writeError?.fieldErrors ?? []),
        ...validationFindings(validations),
        ...liveCheck.findings,
      ]),
    [text, syntaxErrors, local, writeError, validations, liveCheck.findings],
  );

  const unsaved = useUnsavedFieldProblems();
  const blockers = applyBlockers({
    viewOnly,
    refusedReason: writes.allowed ? undefined : writes.reason,
    syntaxErrors,
    localProblems: [...local, ...unsaved.messages.map((message) => ({ path: '', message }))],
    reviewed: reviewCurrent !== undefined,
    validations,
    unchanged,
  });

  const runReview = (object: IstioObjectJson | undefined = edited, forText = text) => {
    if (object) flow.runReview(object, forText);
  };

  const apply = () => {
    if (edited && blockers.length === 0) flow.apply(edited);
  };

  const reloadDiscard = () => {
    if (!conflict) return;
    const current = istioObjectSchema.parse(conflict.current);
    setLive(current);
    flow.clearConflict();
    setMergeConflicts([]);
    setTextState(toYaml(current));
  };

  const reapply = () => {
    if (!conflict || !edited) return;
    const { merged, conflicts } = rebaseOnto(conflict.loaded, edited, conflict.current);
    const mergedText = toYaml(merged);
    setLive(conflict.current);
    flow.clearConflict();
    setMergeConflicts(conflicts);
    setTextState(mergedText);
    runReview(merged, mergedText);
  };

  const resolveTheirs = (c: MergeConflict) => {
    if (!edited) return;
    setMergeConflicts((all) => all.filter((x) => x !== c));
    setObject(takeTheirs(edited, c));
  };

  const remove = async () => {
    try {
      await deleteObject(namespace, resource, live.metadata.name);
      navigate(`/istio?namespaces=${encodeURIComponent(namespace)}`);
    } catch (error) {
      setConfirmDelete(false);
      const failure = classifyWriteFailure(error);
      if (!failure) throw error;
      // View-only refuses every write; RBAC may refuse the delete alone.
      if (failure.kind === 'refused' && !failure.access.viewOnly) setRefusedDelete(failure.access);
      setDeleteError(failure.error);
    }
  };

  return (
    <div className="editor">
      {!writes.allowed && <ViewOnlyBanner reason={writes.reason} readOnly={!writes.viewOnly} />}
      {restoredDraft !== undefined && (
        <div className="banner banner--focus" role="status">
          <span className="banner__icon" aria-hidden="true">
            i
          </span>
          <p className="banner__text">
            Your unsaved edit from before signing in again is back. Review it before applying.
          </p>
        </div>
      )}
      <div className="editor__meta">
        <span>
          resourceVersion <code>{live.metadata.resourceVersion ?? '—'}</code>
        </span>
        <EditStatusBadge
          status={editStatus({
            unchanged,
            syntaxErrors: syntaxErrors.length,
            problems: yamlProblems,
            stored: loaded.validations,
          })}
        />
        <span className="editor__spacer" />
        <button
          type="button"
          className="button button--danger"
          disabled={!deletes.allowed}
          title={deletes.allowed ? undefined : deletes.reason}
          onClick={() => setConfirmDelete(true)}
        >
          Delete…
        </button>
      </div>
      {loaded.validations.length > 0 && (
        <div className="editor__findings">
          <ValidationBadge validations={loaded.validations} />
        </div>
      )}

      {conflict && (
        <ConflictPanel
          conflict={conflict}
          canReapply={edited !== undefined}
          onReload={reloadDiscard}
          onReapply={reapply}
        />
      )}
      {mergeConflicts.length > 0 && (
        <MergeConflictsPanel
          conflicts={mergeConflicts}
          onUseTheirs={resolveTheirs}
          onDismiss={() => setMergeConflicts([])}
        />
      )}

      <ObjectViews
        namespace={namespace}
        kind={loaded.object.kind}
        view={view}
        onView={setView}
        text={text}
        onText={setText}
        edited={edited}
        onObject={setObject}
        fieldProblems={problems}
        yamlProblems={yamlProblems}
        check={liveCheck.check}
        reportUnsaved={unsaved.report}
        readOnly={readOnly}
      />

      <section className="review" aria-label="Review">
        <ReviewActions
          reviewLabel="Review changes"
          reviewDisabled={!edited || syntaxErrors.length > 0 || viewOnly || hasIstioProblems(local)}
          reviewing={review.status === 'running'}
          onReview={() => runReview()}
          actionLabel="Apply"
          busyLabel="Applying…"
          busy={flow.applying}
          onAction={apply}
          blockers={blockers}
          staleNote={
            review.status === 'done' && review.key !== text
              ? 'You changed the object after the dry run: review again before applying.'
              : undefined
          }
        >
          {unchanged || readOnly || (
            <button type="button" className="button" onClick={() => setObject(live)}>
              Discard edits
            </button>
          )}
        </ReviewActions>
        {review.status === 'failed' && <WriteErrorPanel title="The dry run failed" error={review.error} />}
        {writeError && <WriteErrorPanel title="Apply failed" error={writeError} />}
        {reviewCurrent && (
          <div className="review__result">
            <DryRunFindings result={reviewCurrent} />
            <h2 className="review__title">Changes against the live object</h2>
            <DiffView
              label="Diff against the live object"
              lines={reviewCurrent.diff ?? diffObjects(live, edited)}
            />
          </div>
        )}
      </section>

      {confirmDelete && (
        <div className="dialog-backdrop">
          <div
            className="dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="delete-title"
            onKeyDown={(e) => {
              if (e.key === 'Escape') setConfirmDelete(false);
            }}
          >
            <h2 id="delete-title">
              Delete {live.kind} {live.metadata.name}?
            </h2>
            <p>This removes it from namespace {namespace} in the cluster. It cannot be undone from here.</p>
            {deleteCheck.isPending && <p className="muted">Checking what else depends on it…</p>}
            {deleteCheck.isError && (
              <p className="muted">Could not check what else depends on it: {deleteCheck.error.message}</p>
            )}
            {deleteCheck.data &&
              (deleteCheck.data.validations.length === 0 ? (
                <p>
                  <span className="badge badge--sev-valid">✓</span> No other object depends on it.
                </p>
              ) : (
                <AffectedObjects validations={deleteCheck.data.validations} action="delete" />
              ))}
            <div className="dialog__actions">
              <button type="button" className="button" autoFocus onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
              <button type="button" className="button button--danger" onClick={() => void remove()}>
                Delete
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function ConflictPanel(props: {
  conflict: Conflict;
  canReapply: boolean;
  onReload: () => void;
  onReapply: () => void;
}) {
  const { loaded, current } = props.conflict;
  const section = useRef<HTMLElement>(null);
  // The conflict is answered to a button at the bottom of a long page: bring it (heading first,
  // clear of the sticky header through scroll-margin) to where the user is looking.
  // A block body: newer browsers return a promise from scrollIntoView, which is no cleanup function.
  useEffect(() => {
    void section.current?.scrollIntoView?.({ block: 'start' });
  }, []);
  return (
    <section ref={section} className="conflict" role="alert" aria-label="Conflict">
      <h2 className="conflict__title">Someone else changed this {current.kind} while you were editing</h2>
      <p>
        You loaded resourceVersion <code>{loaded.metadata.resourceVersion}</code>; the cluster now has{' '}
        <code>{current.metadata.resourceVersion}</code>. Nothing of yours was saved. Their change:
      </p>
      <DiffView
        label="The other change"
        lines={diffObjects(loaded, current, { omit: SERVER_MANAGED_PATHS })}
      />
      <div className="review__actions">
        <button type="button" className="button" onClick={props.onReload}>
          Reload (discard mine)
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!props.canReapply}
          onClick={props.onReapply}
        >
          Re-apply my change onto the new version
        </button>
      </div>
    </section>
  );
}

import {
  ISTIO_RESOURCES,
  type IstioDryRun,
  type IstioObjectEnvelope,
  type IstioObjectJson,
  type Validation,
} from '@sextant/contracts';
import { istioTemplate, templateService, type TemplateService } from '@sextant/mesh';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../../api/apiError.ts';
import {
  createObject,
  dryRunCreate,
  istioConfigKeys,
  istioConfigListQuery,
} from '../../../api/istioConfig.ts';
import { servicesQuery } from '../../../api/services.ts';
import { useWriteAccess } from '../../../api/permissions.ts';
import { useIstioWrite } from '../write/useIstioWrite.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { Link } from '../../../components/Link.tsx';
import { LoadingState } from '../../../components/LoadingState.tsx';
import { navigate } from '../../../lib/router.ts';
import { readSavedDraft, useKeepDraft } from '../../../lib/unsavedDrafts.ts';
import { DiffView } from '../editor/DiffView.tsx';
import { additionLines } from '../editor/diffContext.ts';
import { DryRunFindings } from '../editor/DryRunFindings.tsx';
import { hasIstioProblems, localProblems } from '../editor/editorModel.ts';
import { fieldProblems } from '../editor/fieldProblems.ts';
import { hasFormView, ObjectViews, type EditorView } from '../editor/ObjectViews.tsx';
import { useUnsavedFieldProblems } from '../editor/unsavedFieldProblems.ts';
import { useLiveValidation } from '../editor/useLiveValidation.ts';
import { ViewOnlyBanner } from '../editor/ViewOnlyBanner.tsx';
import { WriteErrorPanel } from '../editor/WriteErrorPanel.tsx';
import { parseYaml, toYaml } from '../editor/yamlModel.ts';
import { collectYamlProblems, fieldErrorFindings, validationFindings } from '../editor/yamlProblems.ts';
import { ReviewActions } from '../editor/ReviewActions.tsx';
import { istioDetailsHref, istioListSearch } from '../listUrlState.ts';
import { AIMED_AT_SERVICE, TEMPLATE_LEDE } from './createKinds.ts';
import { createBlockers, nameTaken, targetProblems } from './createModel.ts';
import { parseCreateTarget, type CreateTarget } from './createUrlState.ts';
import '../istio.css';
import './create.css';

/**
 * `/istio/new?namespace=…&kind=<resource>`: a new object of any Istio kind, started from a valid
 * template, edited in the same views as an existing one (form for VirtualService and
 * DestinationRule, YAML with live validation for all), dry-run reviewed, then created.
 */
export function IstioCreatePage({ search }: { search: string }) {
  const target = parseCreateTarget(search);
  if (!target) {
    return (
      <EmptyState title="What to create?">
        Choose a kind and a namespace with <strong>Create</strong> on the{' '}
        <Link href="/istio">Istio config</Link> list.
      </EmptyState>
    );
  }
  const { namespace, resource } = target;
  const kind = ISTIO_RESOURCES[resource].kind;
  return (
    <section className="page" aria-labelledby="create-heading">
      <header className="page__header">
        <p className="breadcrumb">
          <Link href={`/istio?${istioListSearch({ namespaces: [namespace], kinds: [] })}`}>Istio config</Link>{' '}
          / {namespace} / new
        </p>
        <h1 id="create-heading">
          New {kind} in {namespace}
        </h1>
        <p className="page__lede">{TEMPLATE_LEDE[resource]}</p>
      </header>
      <TemplateLoader key={`${namespace}/${resource}`} target={target} />
    </section>
  );
}

/** The template needs the namespace's Services and the names taken; without them it still starts. */
function TemplateLoader({ target }: { target: CreateTarget }) {
  const services = useQuery({ ...servicesQuery(target.namespace), retry: false });
  const existing = useQuery({
    ...istioConfigListQuery(target.namespace, { kinds: [target.resource] }),
    retry: false,
    refetchInterval: false,
  });
  if (services.isPending || existing.isPending) return <LoadingState label="Preparing the template…" />;
  return (
    <CreateEditor
      target={target}
      services={services.data ?? []}
      taken={existing.data?.items.map((i) => i.name) ?? []}
    />
  );
}

const NO_VALIDATIONS: Validation[] = [];

function CreateEditor({
  target,
  services,
  taken,
}: {
  target: CreateTarget;
  services: readonly TemplateService[];
  taken: readonly string[];
}) {
  const { namespace, resource } = target;
  const kind = ISTIO_RESOURCES[resource].kind;
  const queryClient = useQueryClient();
  const [aimedAt, setAimedAt] = useState(() => templateService(resource, services)?.name);
  const template = (service: string | undefined) =>
    istioTemplate(resource, { namespace, service: services.find((s) => s.name === service), taken });
  // A draft saved before a full-page sign-in redirect (SessionEndedDialog) comes back here.
  const draftKey = `new:${namespace}/${resource}`;
  const [initialText] = useState(() => readSavedDraft(draftKey) ?? toYaml(template(aimedAt)));
  const [text, setTextState] = useState(initialText);
  const [view, setView] = useState<EditorView>(hasFormView(kind) ? 'form' : 'yaml');
  const flow = useIstioWrite<IstioObjectJson, IstioDryRun, IstioObjectEnvelope>({
    dryRun: (object) => dryRunCreate(namespace, resource, object),
    write: (object) => createObject(namespace, resource, object),
    invalidates: [...istioConfigKeys.all, 'list'],
    onWritten: (created) => {
      const name = created.object.metadata.name;
      queryClient.setQueryData(istioConfigKeys.object(namespace, resource, name), {
        object: created.object,
        validations: created.validations,
      });
      navigate(istioDetailsHref(namespace, resource, name));
    },
  });
  const review = flow.review;
  const createError: ApiError | undefined = flow.writeError;
  // Known before any write (view-only mode, the user's RBAC); a 403 on a write also sets it.
  const access = useWriteAccess(namespace, resource, 'create');
  const refused = flow.refusal;
  const denied = !access.allowed ? access : refused && !refused.allowed ? refused : undefined;
  const viewOnlyReason = denied?.reason;
  // RBAC known up front locks the template; view-only mode keeps drafting possible (to copy the text).
  const readOnly = !access.allowed && !access.viewOnly;
  useKeepDraft(draftKey, text === initialText ? undefined : text);

  const parsed = useMemo(() => parseYaml(text), [text]);
  const edited = parsed.ok ? (parsed.value as IstioObjectJson) : undefined;
  const syntaxErrors = parsed.ok ? [] : parsed.errors;
  const local = useMemo(
    () => (edited ? [...targetProblems(edited, { namespace, resource }), ...localProblems(edited)] : []),
    [edited, namespace, resource],
  );
  const reviewCurrent = flow.reviewedFor(text);
  const reviewError = review.status === 'failed' && review.key === text ? review.error : undefined;
  const validations = reviewCurrent?.validations ?? NO_VALIDATIONS;
  const refusedFields = useMemo(
    () => [...(reviewError?.fieldErrors ?? []), ...(createError?.fieldErrors ?? [])],
    [reviewError, createError],
  );

  const setText = (next: string) => {
    setTextState(next);
    flow.clearWriteError();
  };
  const setObject = (obj: IstioObjectJson) => setText(toYaml(obj));

  const liveCheck = useLiveValidation({
    namespace,
    resource,
    text,
    parses: parsed.ok,
    enabled: (view === 'yaml' || !edited || !hasFormView(edited.kind)) && !hasIstioProblems(local),
    unavailable: denied
      ? denied.viewOnly
        ? 'the server is view-only and refuses dry runs'
        : `you may not create ${resource} here`
      : undefined,
    mode: 'create',
  });
  // The page's own checks say it first and clearer than the server's 400 on the same field.
  const serverFindings = useMemo(() => {
    const localPaths = new Set(local.map((p) => p.path));
    return liveCheck.findings.filter((f) => !localPaths.has(f.path));
  }, [local, liveCheck.findings]);
  const yamlProblems = useMemo(
    () =>
      collectYamlProblems(text, syntaxErrors, [
        ...local.map((p) => ({ ...p, severity: 'error' as const, source: p.source ?? 'editor' })),
        ...fieldErrorFindings(refusedFields),
        ...validationFindings(validations),
        ...serverFindings,
      ]),
    [text, syntaxErrors, local, refusedFields, validations, serverFindings],
  );
  const problems = useMemo(
    () => fieldProblems(validations, local, refusedFields),
    [validations, local, refusedFields],
  );

  const unsaved = useUnsavedFieldProblems();
  const blockers = createBlockers({
    viewOnlyReason,
    syntaxErrors,
    localProblems: [...local, ...unsaved.messages.map((message) => ({ path: '', message }))],
    reviewed: reviewCurrent !== undefined,
    refused: reviewError === undefined ? undefined : nameTaken(reviewError) ? 'name' : 'other',
    validations,
  });

  const runReview = () => {
    if (edited) flow.runReview(edited, text);
  };

  const create = () => {
    if (edited && blockers.length === 0) flow.apply(edited);
  };

  const name = edited?.metadata?.name;
  const aimable = AIMED_AT_SERVICE.has(resource) && services.length > 0;

  return (
    <div className="editor">
      {denied && <ViewOnlyBanner reason={denied.reason} readOnly={!denied.viewOnly} />}
      {aimable && (
        <div className="editor__meta create__aim">
          <label className="field field--compact">
            <span>Template for service</span>
            <select
              value={aimedAt ?? ''}
              disabled={readOnly}
              onChange={(e) => {
                setAimedAt(e.target.value);
                flow.resetReview();
                setText(toYaml(template(e.target.value)));
              }}
            >
              {services.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                  {serviceNote(resource, s)}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">Choosing another service starts the template over.</span>
        </div>
      )}

      <ObjectViews
        namespace={namespace}
        kind={kind}
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
          reviewLabel="Review"
          reviewDisabled={!edited || viewOnlyReason !== undefined || hasIstioProblems(local)}
          reviewing={review.status === 'running'}
          onReview={runReview}
          actionLabel="Create"
          busyLabel="Creating…"
          busy={flow.applying}
          onAction={create}
          blockers={blockers}
          title={viewOnlyReason}
          staleNote={
            review.status === 'done' && review.key !== text
              ? 'You changed the object after the dry run: review again before creating it.'
              : undefined
          }
        />
        {reviewError && (
          <RefusedPanel title="The dry run refused it" error={reviewError} target={target} name={name} />
        )}
        {createError && (
          <RefusedPanel title="Nothing was created" error={createError} target={target} name={name} />
        )}
        {reviewCurrent && (
          <div className="review__result">
            <DryRunFindings result={reviewCurrent} />
            <h2 className="review__title">
              New {kind} {reviewCurrent.object.metadata.name}
            </h2>
            <DiffView label={`${kind} to create`} lines={additionLines(reviewCurrent.object)} />
          </div>
        )}
      </section>
    </div>
  );
}

/** Why the template chose a service, or what it already has. */
function serviceNote(resource: CreateTarget['resource'], s: TemplateService): string {
  if (resource === 'destinationrules' && s.config?.hasDR) return ' (has a DestinationRule)';
  if (resource === 'virtualservices' && s.config?.hasVS) return ' (has a VirtualService)';
  if (s.workloads === 0) return ' (no workloads)';
  return '';
}

/** A refused dry run or create, said for what it means here. */
function RefusedPanel({
  title,
  error,
  target,
  name,
}: {
  title: string;
  error: ApiError;
  target: CreateTarget;
  name: string | undefined;
}) {
  const kind = ISTIO_RESOURCES[target.resource].kind;
  if (nameTaken(error) && name) {
    return (
      <div className="write-error" role="alert">
        <strong>
          The name {name} is taken: a {kind} {name} already exists in {target.namespace}.
        </strong>{' '}
        Choose another <code>metadata.name</code>, or{' '}
        <Link href={istioDetailsHref(target.namespace, target.resource, name)}>
          open {kind} {name}
        </Link>{' '}
        to edit it.
      </div>
    );
  }
  return (
    <WriteErrorPanel title={title} error={error}>
      {error.status === 403 && <p>This server or your Kubernetes account may not create {kind} objects.</p>}
      {error.status >= 502 && (
        <p>Kubernetes did not answer: nothing was created. Try again once it is reachable.</p>
      )}
      {error.fieldErrors.length > 0 && <p>The fields are marked in the editor.</p>}
    </WriteErrorPanel>
  );
}

import type { Graph, Namespace } from '@sextant/contracts';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { graphQuery, namespaceGraphQuery, type GraphParams } from '../../api/graph.ts';
import { changesQuery } from '../../api/history.ts';
import { meshTlsQuery } from '../../api/meshTls.ts';
import { namespacesQuery } from '../../api/namespaces.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { useDocumentTheme } from '../../lib/useDocumentTheme.ts';
import { FindHideBar } from './components/FindHideBar.tsx';
import { GraphFileMenu } from './components/GraphFileMenu.tsx';
import { GraphToolbar } from './components/GraphToolbar.tsx';
import { KeyboardHelp } from './components/KeyboardHelp.tsx';
import { ReplayBar } from './components/ReplayBar.tsx';
import { Legend } from './components/Legend.tsx';
import { SidePanel } from './components/SidePanel.tsx';
import { GraphCanvas, type GraphCanvasController } from './cytoscape/GraphCanvas.tsx';
import { parseFind } from './find/findLanguage.ts';
import { findMatches, toGraphView } from './model/graphView.ts';
import { graphTypeFor, nodeFocusTitle, type NodeFocus } from './model/nodeFocus.ts';
import { layoutView, viewKey, type LayoutView } from './model/savedLayout.ts';
import { isOverBudget, scopeGraph } from './model/scopeGraph.ts';
import { DEFAULT_REPLAY_RANGE, frameIndex, frameTime, replayWindow } from './model/replay.ts';
import { useReplayFrames } from './useReplayFrames.ts';
import { toMarkers } from '../changes/changeMarkers.ts';
import { DEFAULT_CHANGES_VIEW, encodeChangesView } from '../changes/changesView.ts';
import { localLayoutStore } from './layoutStore.ts';
import { palette } from './palette.ts';
import { useGraphViewState, type UpdateView } from './useGraphViewState.ts';
import { LAYOUTS, type GraphViewState, type LayoutName } from './urlState.ts';
import { windowText } from './lookBack.ts';
import { StrokeIcon } from '../../components/StrokeIcon.tsx';
import './graph.css';

/** Above this many nodes `animation=auto` leaves the dots off: they cost frames on big graphs. */
export const ANIMATION_NODE_LIMIT = 150;

export function GraphPage({ search }: { search: string }) {
  const [state, update] = useGraphViewState(search);
  return (
    <section className="graph-page" aria-labelledby="graph-heading">
      <header className="graph-page__header">
        <h1 id="graph-heading">Traffic graph</h1>
        <p className="page__lede">
          Who calls whom, how much, how well and how securely, from Istio's telemetry.
        </p>
      </header>
      <RouteBoundary subject="namespaces">
        <GraphWorkspace state={state} update={update} />
      </RouteBoundary>
    </section>
  );
}

export function graphParams(state: GraphViewState): GraphParams {
  return {
    namespaces: state.namespaces,
    graphType: graphTypeFor(state.node, state.graphType),
    duration: state.duration,
    queryTime: state.queryTime,
    injectServiceNodes: state.serviceNodes,
    boxBy: state.boxBy,
    idleNodes: state.idleNodes,
    responseTime: state.edgeLabel === 'rtAvg' ? 'avg' : '95',
    ...(state.node ? { node: state.node } : {}),
  };
}

function GraphWorkspace({ state, update }: { state: GraphViewState; update: UpdateView }) {
  const namespaces = useSuspenseQuery(namespacesQuery()).data;
  const fullParams = useMemo(() => graphParams(state), [state]);
  const refreshMs = state.queryTime === undefined ? state.refresh * 1000 : 0;
  // Replay: frames of the full graph over a past window, the one on screen at `queryTime`.
  const replayWin = state.replay && !state.node && state.namespaces.length > 0 ? state.replay : undefined;
  const position = replayWin ? frameIndex(replayWin, state.queryTime) : 0;
  const replay = useReplayFrames(fullParams, replayWin, position);
  const replayChanges = useQuery({
    ...changesQuery({
      namespaces: state.namespaces,
      kinds: [],
      from: replayWin?.start,
      to: replayWin?.end,
      limit: 200,
    }),
    enabled: replayWin !== undefined,
  });
  const replayMarkers = useMemo(
    () => (replayWin && replayChanges.data?.enabled ? toMarkers(replayChanges.data.changes, replayWin) : []),
    [replayWin, replayChanges.data],
  );
  const seek = useCallback(
    (index: number) => {
      if (replayWin) update({ queryTime: frameTime(replayWin, index) }, { replace: true });
    },
    [replayWin, update],
  );
  // Scope-first: the cheap namespace graph comes first and says how big the full one would be.
  const scopeEligible = !replayWin && !state.node && state.budget > 0 && state.namespaces.length > 0;
  const aggregate = useQuery({
    ...namespaceGraphQuery(fullParams, refreshMs),
    enabled: scopeEligible,
  });
  const scoped = scopeEligible && isOverBudget(aggregate.data, state.budget);
  const expanded = useMemo(
    () => (scoped ? state.expand.filter((ns) => state.namespaces.includes(ns)) : []),
    [scoped, state.expand, state.namespaces],
  );
  // A replay frame counts `frameSeconds` of traffic: the side panel's numbers count the same.
  const params = useMemo(
    () =>
      replayWin
        ? { ...fullParams, duration: replay.frameSeconds }
        : scoped
          ? { ...fullParams, namespaces: expanded }
          : fullParams,
    [replayWin, replay.frameSeconds, scoped, fullParams, expanded],
  );
  // Without the namespace graph (it failed) the page falls back to the full graph.
  const sizing = scopeEligible && aggregate.isPending;
  const fullQuery = graphQuery(params, refreshMs);
  const query = useQuery({
    ...fullQuery,
    enabled: fullQuery.enabled !== false && !replayWin && !sizing && (!scoped || expanded.length > 0),
  });
  const meshTls = useQuery(meshTlsQuery());
  const pal = palette(useDocumentTheme());
  const reducedMotion = usePrefersReducedMotion();
  const controller = useRef<GraphCanvasController>(null);
  const [keysOpen, setKeysOpen] = useState(false);
  const [findDraftValid, setFindDraftValid] = useState(true);
  const [layoutStore] = useState(localLayoutStore);

  const findParsed = useMemo(() => parseFind(state.find), [state.find]);
  const hideParsed = useMemo(() => parseFind(state.hide), [state.hide]);
  const findExpr = findParsed.ok ? findParsed.expr : undefined;
  const hideExpr = hideParsed.ok ? hideParsed.expr : undefined;

  const graph = useMemo(
    () =>
      replayWin
        ? replay.graph
        : scoped && aggregate.data
          ? scopeGraph(aggregate.data, expanded.length > 0 ? query.data : undefined, expanded)
          : query.data,
    [replayWin, replay.graph, scoped, aggregate.data, expanded, query.data],
  );
  const active: GraphStatus = replayWin
    ? {
        isPending: replay.status === 'pending' && !replay.graph,
        isRefetchError: false,
        isPlaceholderData: !replay.current,
        error: replay.error instanceof Error ? replay.error : null,
        dataUpdatedAt: 0,
        refetch: replay.retry,
      }
    : scoped && expanded.length === 0
      ? aggregate
      : query;
  // The namespaces drawn open (not those asked for while their graph loads): expanding one is a new
  // drawing, laid out and fitted once its nodes are there.
  const drawnOpen = useMemo(
    () =>
      expanded.filter(
        (ns) =>
          !graph?.elements.nodes.some((n) => n.data.nodeType === 'namespace' && n.data.namespace === ns),
      ),
    [expanded, graph],
  );
  const positionsView = layoutView(state, scoped ? drawnOpen : undefined);
  const positionsKey = viewKey(positionsView);
  const unhidden = useMemo(
    () => graph && toGraphView(graph, { edgeLabel: state.edgeLabel, namespaces: state.namespaces }),
    [graph, state.edgeLabel, state.namespaces],
  );
  const view = useMemo(
    () =>
      graph && hideExpr
        ? toGraphView(graph, { edgeLabel: state.edgeLabel, namespaces: state.namespaces, hide: hideExpr })
        : unhidden,
    [graph, hideExpr, unhidden, state.edgeLabel, state.namespaces],
  );
  const found = useMemo(() => (view ? findMatches(view, findExpr) : new Set<string>()), [view, findExpr]);
  // Marks only what a valid expression found: a half-typed or fruitless Find leaves the graph as it is.
  const findHighlights = findExpr !== undefined && findDraftValid && found.size > 0;
  const hiddenCount =
    view && unhidden && hideExpr
      ? unhidden.nodes.length + unhidden.edges.length - view.nodes.length - view.edges.length
      : undefined;

  const sidePanel = !!(graph && view && graph.elements.nodes.length > 0);
  const legendDocked = state.legend && sidePanel;
  const animate =
    state.animation === 'on' ||
    (state.animation === 'auto' && !reducedMotion && (view?.nodes.length ?? 0) <= ANIMATION_NODE_LIMIT);
  const select = (id: string | undefined) => update({ selected: id }, { replace: true });

  return (
    <div className="graph-workspace">
      <GraphToolbar
        view={state}
        // Choosing namespaces leaves a node graph for the graph of those namespaces.
        update={(change, options) =>
          update('namespaces' in change ? { ...change, node: undefined } : change, options)
        }
        namespaces={namespaces}
        refreshing={query.isFetching || aggregate.isFetching || replay.fetching}
        onRefresh={() => {
          if (replayWin) return void active.refetch();
          if (scopeEligible) void aggregate.refetch();
          if (!scoped || expanded.length > 0) void query.refetch();
        }}
        updatedAt={active.dataUpdatedAt}
        onReplay={
          state.node
            ? undefined
            : () => {
                const w = replayWindow(DEFAULT_REPLAY_RANGE, Date.now() / 1000);
                update({ replay: w, queryTime: w.start });
              }
        }
      />
      <FindHideBar
        find={state.find}
        hide={state.hide}
        foundCount={findExpr ? found.size : undefined}
        hiddenCount={hiddenCount}
        onFind={(find) => update({ find }, { replace: true })}
        onHide={(hide) => update({ hide }, { replace: true })}
        onFindDraftValid={setFindDraftValid}
      />
      {graph && active.isRefetchError && active.error && (
        <StaleBanner
          updatedAt={active.dataUpdatedAt}
          error={active.error}
          onRetry={() => void active.refetch()}
        />
      )}
      {scoped && graph?.aggregation && (
        <ScopeBanner
          graph={graph}
          budget={state.budget}
          expanded={expanded}
          loading={expanded.length > 0 && (query.isPending || query.isPlaceholderData)}
          onCollapse={(ns) =>
            update({ expand: state.expand.filter((x) => x !== ns), selected: undefined }, { replace: true })
          }
          onDrawAll={() => update({ budget: 0, expand: [] })}
        />
      )}
      {graph && !active.isRefetchError && graph.errors && graph.errors.length > 0 && (
        <PartialBanner graph={graph} />
      )}
      {state.node && (
        <NodeGraphBanner focus={state.node} onBack={() => update({ node: undefined, selected: undefined })} />
      )}
      <div className={`graph-body${legendDocked ? ' graph-body--legend' : ''}`}>
        <div className="graph-stage">
          {state.namespaces.length === 0 && !state.node ? (
            <ChooseNamespaces namespaces={namespaces} onChoose={(ns) => update({ namespaces: ns })} />
          ) : !graph && (sizing || active.isPending) ? (
            <LoadingState
              label={
                replayWin
                  ? `Loading the replay of ${state.namespaces.join(', ')}…`
                  : state.node
                    ? `Loading the node graph of ${nodeFocusTitle(state.node)}…`
                    : sizing
                      ? `Sizing the graph of ${state.namespaces.join(', ')}…`
                      : `Loading the graph of ${state.namespaces.join(', ')}…`
              }
            />
          ) : !graph ? (
            <ErrorPanel
              title="Could not load the graph"
              error={active.error}
              onRetry={() => void active.refetch()}
            />
          ) : graph.elements.nodes.length === 0 ? (
            <NoTraffic state={state} update={update} />
          ) : view && view.nodes.length === 0 ? (
            <EmptyState title="Everything is hidden">
              The hide expression <code>{state.hide}</code> matches every node. Change it or clear it.
            </EmptyState>
          ) : (
            view && (
              <>
                <GraphCanvas
                  view={view}
                  layout={state.layout}
                  viewKey={positionsKey}
                  layoutStore={layoutStore}
                  palette={pal}
                  selected={state.selected}
                  found={found}
                  findActive={findHighlights}
                  showBadges={state.badges}
                  showSecurity={state.security}
                  animate={animate}
                  onSelect={select}
                  onHelp={() => setKeysOpen((open) => !open)}
                  ariaLabel={`${state.node ? `Node graph of ${nodeFocusTitle(state.node)}` : `Traffic graph of ${state.namespaces.join(', ')}`}: ${view.nodes.length} nodes, ${view.edges.length} edges. The details panel describes the selection.`}
                  controllerRef={controller}
                />
                {active.isPlaceholderData && !replayWin && (
                  <div className="graph-stage__loading">
                    <LoadingState label="Loading…" />
                  </div>
                )}
                <CanvasControls
                  graph={graph}
                  positionsView={positionsView}
                  layout={state.layout}
                  legend={state.legend}
                  onLayout={(layout) => update({ layout }, { replace: true })}
                  onLegend={() => update({ legend: !state.legend }, { replace: true })}
                  keysOpen={keysOpen}
                  onKeys={() => setKeysOpen((open) => !open)}
                  controller={controller}
                />
                {keysOpen && <KeyboardHelp onClose={() => setKeysOpen(false)} />}
              </>
            )
          )}
        </div>
        {/* Docked beside the canvas, not over it: the drawing stays whole while the legend is open. */}
        {legendDocked && (
          <Legend palette={pal} onClose={() => update({ legend: false }, { replace: true })} />
        )}
        {graph && view && graph.elements.nodes.length > 0 && (
          <SidePanel
            graph={graph}
            view={view}
            state={state}
            params={params}
            palette={pal}
            meshTls={meshTls.data?.status}
            onSelect={select}
            onFocusNode={(node) => update({ node, selected: state.selected })}
            {...(scoped && !replayWin
              ? {
                  onExpand: (ns: string) =>
                    update({
                      namespaces: state.namespaces.includes(ns)
                        ? state.namespaces
                        : [...state.namespaces, ns],
                      expand: [...new Set([...state.expand, ns])],
                      selected: undefined,
                    }),
                }
              : {})}
          />
        )}
      </div>
      {replayWin && (
        <ReplayBar
          window={replayWin}
          position={position}
          loaded={replay.loaded}
          loadedCount={replay.loadedCount}
          loading={!replay.current}
          failed={replay.status === 'error'}
          onRetry={replay.retry}
          frameSeconds={replay.frameSeconds}
          markers={replayMarkers}
          changesHref={`/changes?${encodeChangesView({ ...DEFAULT_CHANGES_VIEW, namespaces: state.namespaces })}`}
          onSeek={seek}
          onRange={(range) => {
            const w = replayWindow(range, Date.now() / 1000);
            const t = state.queryTime;
            update(
              { replay: w, queryTime: t !== undefined && t >= w.start && t <= w.end ? t : w.start },
              { replace: true },
            );
          }}
          onClose={() => update({ replay: undefined, queryTime: undefined })}
        />
      )}
    </div>
  );
}

/** What the page says about the graph on screen: loading, failed, refreshed, a placeholder. */
interface GraphStatus {
  isPending: boolean;
  isRefetchError: boolean;
  isPlaceholderData: boolean;
  error: Error | null;
  dataUpdatedAt: number;
  refetch: () => unknown;
}

function CanvasControls(props: {
  graph: Graph;
  positionsView: LayoutView;
  layout: LayoutName;
  legend: boolean;
  onLayout: (layout: LayoutName) => void;
  onLegend: () => void;
  keysOpen: boolean;
  onKeys: () => void;
  controller: React.RefObject<GraphCanvasController | null>;
}) {
  const names: Record<LayoutName, string> = { dagre: 'Layered (left to right)', fcose: 'Force-directed' };
  return (
    <div className="canvas-controls" role="group" aria-label="View">
      <label className="field field--compact">
        <span className="field__label">Layout</span>
        <select
          className="select select--small"
          value={props.layout}
          onChange={(e) => props.onLayout(e.target.value as LayoutName)}
        >
          {LAYOUTS.map((l) => (
            <option key={l} value={l}>
              {names[l]}
            </option>
          ))}
        </select>
      </label>
      <div className="button-group">
        <IconButton label="Zoom in" onClick={() => props.controller.current?.zoomIn()}>
          +
        </IconButton>
        <IconButton label="Zoom out" onClick={() => props.controller.current?.zoomOut()}>
          −
        </IconButton>
        <IconButton label="Fit to screen" onClick={() => props.controller.current?.fit()}>
          <FitIcon />
        </IconButton>
        <IconButton label="Reset layout" onClick={() => props.controller.current?.resetLayout()}>
          <RelayoutIcon />
        </IconButton>
      </div>
      <GraphFileMenu
        graph={props.graph}
        view={props.positionsView}
        layout={props.layout}
        controller={props.controller}
      />
      <button
        type="button"
        className="button button--small"
        aria-pressed={props.legend}
        onClick={props.onLegend}
      >
        Legend
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Keyboard help"
        title="Keyboard help (?)"
        aria-pressed={props.keysOpen}
        onClick={props.onKeys}
      >
        <KeyboardIcon />
      </button>
    </div>
  );
}

/** A square canvas control; the label is both its accessible name and its tooltip. */
function IconButton({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" className="icon-button" aria-label={label} title={label} onClick={onClick}>
      {children}
    </button>
  );
}

function ChooseNamespaces({
  namespaces,
  onChoose,
}: {
  namespaces: readonly Namespace[];
  onChoose: (ns: string[]) => void;
}) {
  const meshed = namespaces.filter((n) => n.istioInjection);
  return (
    <EmptyState title="Choose the namespaces to draw">
      The graph shows the traffic of the namespaces you pick, and whoever calls them.{' '}
      {meshed.length > 0 && (
        <span className="quick-picks">
          With sidecars:{' '}
          {meshed.map((n) => (
            <button
              key={n.name}
              type="button"
              className="button button--small"
              onClick={() => onChoose([n.name])}
            >
              {n.name}
            </button>
          ))}
        </span>
      )}
    </EmptyState>
  );
}

function LastHourButton({ state, update }: { state: GraphViewState; update: UpdateView }) {
  if (state.duration >= 3600) return null;
  return (
    <button type="button" className="button button--small" onClick={() => update({ duration: 3600 })}>
      Look at the last hour
    </button>
  );
}

function NoTraffic({ state, update }: { state: GraphViewState; update: UpdateView }) {
  if (state.node) {
    return (
      <div className="panel panel--empty">
        <h2 className="panel__title">
          No traffic to or from {nodeFocusTitle(state.node)} {windowText(state)}
        </h2>
        <p>Nothing called it and it called nothing in this window, or it does not exist.</p>
        <div className="panel__actions">
          <button
            type="button"
            className="button button--small"
            onClick={() => update({ node: undefined, selected: undefined })}
          >
            Back to the namespace graph
          </button>
          <LastHourButton state={state} update={update} />
        </div>
      </div>
    );
  }
  return (
    <div className="panel panel--empty">
      <h2 className="panel__title">
        No traffic in {state.namespaces.join(', ')} {windowText(state)}
      </h2>
      <ul className="panel__reasons">
        <li>
          Traffic may not have started yet: Prometheus needs a scrape or two (about 30 s) before it reports
          rates.
        </li>
        <li>Pods without an Istio sidecar report nothing; check sidecar injection on the Namespaces page.</li>
        <li>Traffic may have stopped before this window: look over a longer duration.</li>
      </ul>
      <div className="panel__actions">
        {!state.idleNodes && (
          <button type="button" className="button button--small" onClick={() => update({ idleNodes: true })}>
            Show idle nodes
          </button>
        )}
        <LastHourButton state={state} update={update} />
      </div>
    </div>
  );
}

/** Says the page shows a node graph, and leads back to the namespaces' graph. */
function NodeGraphBanner({ focus, onBack }: { focus: NodeFocus; onBack: () => void }) {
  return (
    <div className="banner banner--focus" role="status" aria-label="Node graph">
      <span className="banner__icon" aria-hidden="true">
        ◎
      </span>
      <p className="banner__text">
        <strong>
          Node graph of {nodeFocusTitle(focus)} in {focus.namespace}:
        </strong>{' '}
        what calls it and what it calls, nothing else.
      </p>
      <button type="button" className="button button--small" onClick={onBack}>
        Back to the namespace graph
      </button>
    </div>
  );
}

/** Says the graph is scope-first, why, what it cost, and what is expanded; leads to the full graph. */
function ScopeBanner(props: {
  graph: Graph;
  budget: number;
  expanded: readonly string[];
  loading: boolean;
  onCollapse: (namespace: string) => void;
  onDrawAll: () => void;
}) {
  const { aggregation } = props.graph;
  if (!aggregation) return null;
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    <div className="banner banner--focus" role="status" aria-label="Scope-first graph">
      <span className="banner__icon" aria-hidden="true">
        ▦
      </span>
      <div className="banner__text">
        <p>
          <strong>
            About {count(aggregation.estimatedNodes)} nodes, over the budget of {count(props.budget)}:
          </strong>{' '}
          each namespace is one node, from {aggregation.queries} aggregated Prometheus queries. Select a
          namespace to expand it in place.
        </p>
        {props.expanded.length > 0 && (
          <p className="banner__chips">
            Expanded{props.loading ? ' (loading…)' : ''}:{' '}
            {props.expanded.map((ns) => (
              <span key={ns} className="chip chip--removable">
                {ns}
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={`Collapse ${ns}`}
                  title={`Collapse ${ns}`}
                  onClick={() => props.onCollapse(ns)}
                >
                  ×
                </button>
              </span>
            ))}
          </p>
        )}
      </div>
      <button type="button" className="button button--small" onClick={props.onDrawAll}>
        Draw every node
      </button>
    </div>
  );
}

function PartialBanner({ graph }: { graph: Graph }) {
  return (
    <div className="banner banner--stale" role="status">
      <span className="banner__icon" aria-hidden="true">
        !
      </span>
      <p className="banner__text">
        <strong>Part of the graph could not be built.</strong>{' '}
        {graph.errors?.map((e) => `${e.source}: ${e.message}`).join(' · ')}
      </p>
    </div>
  );
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(REDUCED_MOTION);
      m.addEventListener('change', cb);
      return () => m.removeEventListener('change', cb);
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
    () => false,
  );
}

function FitIcon() {
  return (
    <StrokeIcon>
      <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
    </StrokeIcon>
  );
}

function KeyboardIcon() {
  return (
    <StrokeIcon>
      <rect x="2.5" y="6" width="19" height="12" rx="2" />
      <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M8 14h8" />
    </StrokeIcon>
  );
}

function RelayoutIcon() {
  return (
    <StrokeIcon>
      <circle cx="5" cy="12" r="2.5" />
      <circle cx="19" cy="6" r="2.5" />
      <circle cx="19" cy="18" r="2.5" />
      <path d="M7.3 11l9.4-4M7.3 13l9.4 4" />
    </StrokeIcon>
  );
}

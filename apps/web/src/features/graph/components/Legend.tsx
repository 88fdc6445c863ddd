import type { ReactNode } from 'react';
import './Legend.css';
import { BADGES, HEALTH_TEXT, type HealthLevel, type NodeShape } from '../model/graphView.ts';
import type { Palette } from '../palette.ts';

const SHAPE_NAMES: Array<[NodeShape, string]> = [
  ['app', 'App'],
  ['workload', 'Workload'],
  ['service', 'Service'],
  ['serviceentry', 'Service entry'],
  ['gateway', 'Gateway'],
  ['unknown', 'Unknown caller'],
];

/** What every shape, colour, line and mark of the drawing means. */
export function Legend({ palette: p, onClose }: { palette: Palette; onClose: () => void }) {
  return (
    <section className="legend" aria-labelledby="legend-title">
      <header className="legend__header">
        <h2 id="legend-title" className="legend__title">
          Legend
        </h2>
        <button
          type="button"
          className="icon-button icon-button--small"
          aria-label="Close legend"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="legend__body">
        <LegendGroup title="Nodes">
          {SHAPE_NAMES.map(([shape, name]) => (
            <LegendItem
              key={shape}
              icon={
                <ShapeIcon
                  shape={shape}
                  stroke={p.health.healthy}
                  fill={p.nodeFill}
                  dashed={shape === 'unknown'}
                />
              }
            >
              {name}
            </LegendItem>
          ))}
        </LegendGroup>
        <LegendGroup title="Node health">
          {(['healthy', 'degraded', 'failure', 'na'] as HealthLevel[]).map((h) => (
            <LegendItem key={h} icon={<HealthIcon health={h} palette={p} />}>
              {HEALTH_TEXT[h]}
            </LegendItem>
          ))}
        </LegendGroup>
        <LegendGroup title="Edges">
          <LegendItem icon={<EdgeIcon colour={p.edge.healthy} />}>Healthy requests</LegendItem>
          <LegendItem icon={<EdgeIcon colour={p.edge.degraded} />}>Degraded (some errors)</LegendItem>
          <LegendItem icon={<EdgeIcon colour={p.edge.failure} />}>Failing (many errors)</LegendItem>
          <LegendItem icon={<EdgeIcon colour={p.edge.tcp} />}>TCP</LegendItem>
          <LegendItem icon={<EdgeIcon colour={p.edge.idle} dashed />}>No traffic now</LegendItem>
          <LegendItem icon={<EdgeIcon colour={p.edge.na} width={5} />}>Thicker: more requests</LegendItem>
          <LegendItem icon={<LockIcon colour={p.lock} />}>mTLS on all traffic</LegendItem>
          <LegendItem icon={<LockIcon colour={p.lockPartial} outline />}>mTLS on part of it</LegendItem>
          <LegendItem icon={<DotsIcon ok={p.accent} error={p.health.failure} />}>
            Moving dots: requests, red = errors
          </LegendItem>
        </LegendGroup>
        <LegendGroup title="Boxes">
          <LegendItem icon={<BoxIcon stroke={p.box.namespaceBorder} dashed />}>Namespace</LegendItem>
          <LegendItem icon={<BoxIcon stroke={p.box.appBorder} />}>App (its versions)</LegendItem>
        </LegendGroup>
        <LegendGroup title="Istio config badges">
          {BADGES.map((b) => (
            <LegendItem
              key={b.key}
              icon={
                <span
                  className="legend__badge"
                  style={{
                    background: b.key === 'nosidecar' ? p.badgeWarnFill : p.badgeFill,
                    color: p.badgeText,
                  }}
                >
                  {b.short}
                </span>
              }
            >
              {b.title}
            </LegendItem>
          ))}
        </LegendGroup>
      </div>
    </section>
  );
}

function LegendGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="legend__group">
      <h3 className="legend__group-title">{title}</h3>
      <ul className="legend__list">{children}</ul>
    </div>
  );
}

function LegendItem({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <li className="legend__item">
      <span className="legend__icon" aria-hidden="true">
        {icon}
      </span>
      {children}
    </li>
  );
}

const SHAPE_PATHS: Record<NodeShape, string> = {
  app: 'M5 3h10a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z',
  workload: 'M10 2.5a7.5 7.5 0 1 1 0 15a7.5 7.5 0 1 1 0-15z',
  service: 'M10 3l7.5 13.5h-15z',
  serviceentry: 'M10 2l8 8-8 8-8-8z',
  gateway: 'M3 4h10l5 6-5 6H3z',
  unknown: 'M6 3h8l4 7-4 7H6l-4-7z',
  namespace:
    'M4 2.5h12a2.5 2.5 0 0 1 2.5 2.5v10a2.5 2.5 0 0 1-2.5 2.5H4A2.5 2.5 0 0 1 1.5 15V5A2.5 2.5 0 0 1 4 2.5zM5 7h10M5 10.5h10M5 14h6',
};

export function ShapeIcon(props: {
  shape: NodeShape;
  stroke: string;
  fill: string;
  dashed?: boolean;
  strokeWidth?: number;
}) {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18">
      <path
        d={SHAPE_PATHS[props.shape]}
        fill={props.fill}
        stroke={props.stroke}
        strokeWidth={props.strokeWidth ?? 1.8}
        strokeLinejoin="round"
        strokeDasharray={props.dashed ? '3 2' : undefined}
      />
    </svg>
  );
}

export function HealthIcon({ health, palette: p }: { health: HealthLevel; palette: Palette }) {
  const colour = p.health[health];
  return (
    <svg viewBox="0 0 20 20" width="18" height="18">
      <circle
        cx="9"
        cy="11"
        r="6.5"
        fill={p.nodeFill}
        stroke={colour}
        strokeWidth={health === 'failure' ? 3 : 2}
      />
      {health === 'degraded' && (
        <g>
          <circle cx="15" cy="5" r="4.5" fill={colour} />
          <path d="M15 3v2.6M15 7.2v.1" stroke="#fff" strokeWidth="1.5" strokeLinecap="round" />
        </g>
      )}
      {health === 'failure' && (
        <g>
          <circle cx="15" cy="5" r="4.5" fill={colour} />
          <path
            d="M13.3 3.3l3.4 3.4M16.7 3.3l-3.4 3.4"
            stroke="#fff"
            strokeWidth="1.5"
            strokeLinecap="round"
          />
        </g>
      )}
    </svg>
  );
}

function EdgeIcon({ colour, dashed, width = 2 }: { colour: string; dashed?: boolean; width?: number }) {
  return (
    <svg viewBox="0 0 28 12" width="28" height="12">
      <path d="M1 6h20" stroke={colour} strokeWidth={width} strokeDasharray={dashed ? '4 3' : undefined} />
      <path d="M20 2l6 4-6 4z" fill={colour} />
    </svg>
  );
}

function LockIcon({ colour, outline }: { colour: string; outline?: boolean }) {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16">
      <path d="M6.5 9V7a3.5 3.5 0 0 1 7 0v2" fill="none" stroke={colour} strokeWidth="1.8" />
      <rect
        x="4.5"
        y="9"
        width="11"
        height="8"
        rx="1.8"
        fill={outline ? 'none' : colour}
        stroke={colour}
        strokeWidth="1.6"
      />
    </svg>
  );
}

function DotsIcon({ ok, error }: { ok: string; error: string }) {
  return (
    <svg viewBox="0 0 28 12" width="28" height="12">
      <circle cx="4" cy="6" r="2.5" fill={ok} />
      <circle cx="13" cy="6" r="2.5" fill={error} />
      <circle cx="22" cy="6" r="2.5" fill={ok} />
    </svg>
  );
}

function BoxIcon({ stroke, dashed }: { stroke: string; dashed?: boolean }) {
  return (
    <svg viewBox="0 0 28 16" width="28" height="16">
      <rect
        x="1"
        y="1"
        width="26"
        height="14"
        rx="4"
        fill="none"
        stroke={stroke}
        strokeWidth="1.5"
        strokeDasharray={dashed ? '4 2' : undefined}
      />
    </svg>
  );
}

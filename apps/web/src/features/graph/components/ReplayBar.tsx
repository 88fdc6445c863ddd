import { useEffect, useState } from 'react';
import { Link } from '../../../components/Link.tsx';
import type { ChangeMarker } from '../../changes/changeMarkers.ts';
import {
  batchCount,
  batchWindow,
  frameAtOrAfter,
  frameCount,
  frameTime,
  REPLAY_BATCH,
  REPLAY_RANGES,
  timelineFraction,
  type ReplayWindow,
} from '../model/replay.ts';
import { durationLabel, formatDuration } from '../urlState.ts';

const SPEEDS = [1, 2, 4, 8] as const;

interface Props {
  window: ReplayWindow;
  /** Index of the frame on screen. */
  position: number;
  loaded: (index: number) => boolean;
  loadedCount: number;
  /** The frame on screen is still loading (the previous one stays drawn). */
  loading: boolean;
  failed: boolean;
  onRetry: () => void;
  /** Seconds of traffic each frame counts. */
  frameSeconds: number;
  /** Config changes in the window, and the Changes page of these namespaces. */
  markers: readonly ChangeMarker[];
  changesHref: string;
  onSeek: (index: number) => void;
  onRange: (rangeSeconds: number) => void;
  onClose: () => void;
}

const clock = (unixSeconds: number) =>
  new Date(unixSeconds * 1000).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/**
 * The replay's timeline under the graph: play/pause, a frame back and forward, speed, a slider over
 * the frames with the config changes of the window marked on it, and what has loaded. Playback
 * waits for a frame that has not arrived rather than skipping it.
 */
export function ReplayBar(props: Props) {
  const { window: w, position, loaded, loadedCount, onSeek } = props;
  const count = frameCount(w);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const atEnd = position >= count - 1;

  useEffect(() => {
    if (!playing) return;
    if (atEnd) {
      setPlaying(false);
      return;
    }
    // Waits for the next frame's batch: this runs again when frames arrive.
    if (!loaded(position + 1)) return;
    const timer = setTimeout(() => onSeek(position + 1), 1000 / speed);
    return () => clearTimeout(timer);
  }, [playing, atEnd, position, speed, loaded, loadedCount, onSeek]);

  const time = frameTime(w, position);
  const range = w.end - w.start;
  const batches = batchCount(w);
  return (
    <div className="replay-bar" role="group" aria-label="Graph replay">
      <div className="replay-bar__controls">
        <button
          type="button"
          className="icon-button replay-bar__play"
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause' : 'Play'}
          aria-pressed={playing}
          onClick={() => {
            if (!playing && atEnd) onSeek(0);
            setPlaying(!playing);
          }}
        >
          {playing ? <PauseIcon /> : <PlayIcon />}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Previous frame"
          title="Previous frame"
          disabled={position === 0}
          onClick={() => onSeek(position - 1)}
        >
          <StepIcon back />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Next frame"
          title="Next frame"
          disabled={atEnd}
          onClick={() => onSeek(position + 1)}
        >
          <StepIcon />
        </button>
        <output className="replay-bar__time" aria-label="Replay time" data-time={time}>
          <strong>{clock(time)}</strong>
          <span className="replay-bar__frame">
            frame {position + 1} of {count}
            {props.loading && !props.failed ? ' · loading…' : ''}
          </span>
        </output>
        {props.failed && (
          <span className="replay-bar__error" role="alert">
            Could not load these frames.{' '}
            <button type="button" className="button button--small" onClick={props.onRetry}>
              Retry
            </button>
          </span>
        )}
        <div className="replay-bar__spacer" />
        <label className="field field--compact">
          <span className="field__label">Speed</span>
          <select
            className="select select--small"
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value) as (typeof SPEEDS)[number])}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}× ({s} frame{s === 1 ? '' : 's'}/s)
              </option>
            ))}
          </select>
        </label>
        <label className="field field--compact">
          <span className="field__label">Over</span>
          <select
            className="select select--small"
            value={range}
            onChange={(e) => {
              setPlaying(false);
              props.onRange(Number(e.target.value));
            }}
          >
            {[...new Set([...REPLAY_RANGES, range])]
              .sort((a, b) => a - b)
              .map((r) => (
                <option key={r} value={r}>
                  {durationLabel(r)}
                </option>
              ))}
          </select>
        </label>
        <button type="button" className="button button--small" onClick={props.onClose}>
          Back to live
        </button>
      </div>
      <div className="replay-timeline">
        <div className="replay-timeline__buffer" aria-hidden="true">
          {Array.from({ length: batches }, (_, k) => {
            if (!loaded(k * REPLAY_BATCH)) return null;
            const left = timelineFraction(w, batchWindow(w, k).start);
            const right = k === batches - 1 ? 1 : timelineFraction(w, batchWindow(w, k + 1).start);
            return (
              <span
                key={k}
                className="replay-timeline__loaded"
                style={{ left: `${left * 100}%`, width: `${(right - left) * 100}%` }}
              />
            );
          })}
          <span className="replay-timeline__played" style={{ width: `${(position / (count - 1)) * 100}%` }} />
        </div>
        <input
          className="replay-timeline__slider"
          type="range"
          min={0}
          max={count - 1}
          step={1}
          value={position}
          aria-label="Replay position"
          aria-valuetext={`${clock(time)}, frame ${position + 1} of ${count}`}
          onChange={(e) => {
            setPlaying(false);
            onSeek(Number(e.target.value));
          }}
        />
        <div className="replay-timeline__markers">
          {props.markers.map((m) => (
            <button
              key={m.id}
              type="button"
              className={`replay-marker replay-marker--${m.operation}`}
              style={{ left: `${timelineFraction(w, m.time) * 100}%` }}
              aria-label={`${m.label} at ${clock(m.time)}: show the graph after it`}
              title={`${clock(m.time)} ${m.label}`}
              onClick={() => {
                setPlaying(false);
                onSeek(frameAtOrAfter(w, m.time));
              }}
            />
          ))}
        </div>
        <div className="replay-timeline__ends" aria-hidden="true">
          <span>{clock(w.start)}</span>
          <span>{clock(w.end)}</span>
        </div>
      </div>
      <p className="replay-bar__note">
        Each frame counts the {formatDuration(props.frameSeconds)} of traffic before its time, with the Istio
        config of that moment.{' '}
        {props.markers.length > 0 ? (
          <>
            {props.markers.length} config change{props.markers.length === 1 ? '' : 's'} marked on the timeline
            (select one to see the graph after it); their diffs are on the{' '}
            <Link href={props.changesHref}>Changes page</Link>.
          </>
        ) : (
          'No config change in this window.'
        )}
      </p>
    </div>
  );
}

function PlayIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="currentColor">
      <path d="M7 4.5v15l12-7.5z" />
    </svg>
  );
}

function PauseIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="currentColor">
      <rect x="6" y="4.5" width="4" height="15" rx="1" />
      <rect x="14" y="4.5" width="4" height="15" rx="1" />
    </svg>
  );
}

function StepIcon({ back = false }: { back?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="16"
      height="16"
      aria-hidden="true"
      fill="currentColor"
      style={back ? { transform: 'scaleX(-1)' } : undefined}
    >
      <path d="M6 5v14l9-7z" />
      <rect x="16" y="5" width="2.5" height="14" rx="1" />
    </svg>
  );
}

import { describe, expect, it } from 'vitest';
import { SvgPen, withMarks } from './svgPen.ts';

const pen = () => new SvgPen((font, text) => text.length * (font.startsWith('700') ? 7 : 5));

describe('SvgPen', () => {
  it('fills a whole circle as two half arcs, with the fill colour and alpha', () => {
    const p = pen();
    p.beginPath();
    p.arc(10, 20, 5, 0, Math.PI * 2);
    p.fillStyle = '#c9190b';
    p.globalAlpha = 0.25;
    p.fill();
    expect(p.toString()).toBe(
      '<g class="sextant-marks"><path d="M15 20A5 5 0 0 1 5 20A5 5 0 0 1 15 20" fill="#c9190b" opacity="0.25"/></g>',
    );
  });

  it('draws a clockwise half arc over the top (a lock shackle) and strokes it', () => {
    const p = pen();
    p.beginPath();
    p.arc(0, 0, 3, Math.PI, 0);
    p.lineWidth = 1.5;
    p.strokeStyle = '#3e8635';
    p.lineCap = 'round';
    p.stroke();
    expect(p.toString()).toContain(
      '<path d="M-3 0A3 3 0 0 1 3 0" fill="none" stroke="#3e8635" stroke-width="1.5" stroke-linecap="round"/>',
    );
  });

  it('rounds the corners of a rectangle drawn with arcTo as the canvas does', () => {
    const p = pen();
    p.beginPath();
    p.moveTo(2, 0);
    p.arcTo(10, 0, 10, 6, 2);
    p.arcTo(10, 6, 0, 6, 2);
    p.arcTo(0, 6, 0, 0, 2);
    p.arcTo(0, 0, 10, 0, 2);
    p.closePath();
    p.fill();
    expect(p.toString()).toContain(
      'd="M2 0L8 0A2 2 0 0 1 10 2L10 4A2 2 0 0 1 8 6L2 6A2 2 0 0 1 0 4L0 2A2 2 0 0 1 2 0Z"',
    );
  });

  it('writes text with its font, anchor and baseline, escaped', () => {
    const p = pen();
    p.font = '700 9px ui-sans-serif';
    p.textAlign = 'center';
    p.textBaseline = 'middle';
    p.fillStyle = '#fff';
    p.fillText('<VS>&', 5, 6);
    expect(p.toString()).toContain(
      '<text x="5" y="6" style="font: 700 9px ui-sans-serif" text-anchor="middle" dominant-baseline="central" fill="#fff">&#60;VS&#62;&#38;</text>',
    );
    expect(p.measureText('VS').width).toBe(14);
  });

  it('fills a rectangle path and draws nothing for an empty path', () => {
    const p = pen();
    p.beginPath();
    p.fill();
    p.stroke();
    p.rect(1, 2, 3, 4);
    p.fill();
    expect(p.toString()).toBe('<g class="sextant-marks"><path d="M1 2h3v4h-3Z" fill="#000000"/></g>');
  });

  it('puts the marks last in the document, above the graph', () => {
    const p = pen();
    p.rect(0, 0, 1, 1);
    p.fill();
    expect(withMarks('<svg><g id="graph"/></svg>', p)).toBe(
      '<svg><g id="graph"/><g class="sextant-marks"><path d="M0 0h1v1h-1Z" fill="#000000"/></g></svg>',
    );
    expect(withMarks('not svg', p)).toBe('not svg');
  });
});

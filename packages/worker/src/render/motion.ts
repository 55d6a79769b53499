/** Where the visible window sits: zoom and relative position (0..1) on the canvas. */
export interface Framing {
  zoom: number;
  x: number;
  y: number;
}

export interface Motion {
  name: string;
  from: Framing;
  to: Framing;
}

// Consecutive scenes move differently so a long story does not feel like one
// endless zoom. Upper positions (y < 0.5) favour faces in portraits.
export const MOTIONS: Motion[] = [
  {
    name: 'zoom-in',
    from: { zoom: 1.0, x: 0.5, y: 0.5 },
    to: { zoom: 1.18, x: 0.5, y: 0.35 },
  },
  {
    name: 'pan-right',
    from: { zoom: 1.15, x: 0.1, y: 0.4 },
    to: { zoom: 1.15, x: 0.9, y: 0.45 },
  },
  {
    name: 'zoom-out',
    from: { zoom: 1.2, x: 0.5, y: 0.3 },
    to: { zoom: 1.02, x: 0.5, y: 0.5 },
  },
  {
    name: 'pan-left',
    from: { zoom: 1.15, x: 0.9, y: 0.55 },
    to: { zoom: 1.15, x: 0.1, y: 0.45 },
  },
  {
    name: 'tilt-up',
    from: { zoom: 1.16, x: 0.5, y: 0.85 },
    to: { zoom: 1.16, x: 0.5, y: 0.15 },
  },
  {
    name: 'drift',
    from: { zoom: 1.04, x: 0.2, y: 0.7 },
    to: { zoom: 1.2, x: 0.75, y: 0.3 },
  },
];

export function motionForScene(index: number): Motion {
  return MOTIONS[index % MOTIONS.length];
}

/** Fixed-precision numbers so expressions (and output) never vary by float printing. */
export function num(n: number): string {
  const fixed = n.toFixed(5).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/**
 * zoompan expressions for frames [offset, offset + count) of a scene that is
 * sceneFrames long, eased (smoothstep) so motion starts and stops gently.
 */
export function zoompanExpressions(
  motion: Motion,
  offset: number,
  sceneFrames: number,
): { z: string; x: string; y: string } {
  const span = Math.max(1, sceneFrames - 1);
  const p = `((on+${offset})/${span})`;
  const e = `(${p}*${p}*(3-2*${p}))`;
  const lerp = (a: number, b: number) =>
    a === b ? `(${num(a)})` : `(${num(a)}+(${num(b - a)})*${e})`;
  return {
    z: lerp(motion.from.zoom, motion.to.zoom),
    x: `${lerp(motion.from.x, motion.to.x)}*(iw-iw/zoom)`,
    y: `${lerp(motion.from.y, motion.to.y)}*(ih-ih/zoom)`,
  };
}

// 标注 on the shared video: strokes in coordinates normalised to the video's picture (0..1 of its
// width and height, as integers 0..SCALE), so a stroke lands on the same spot of the picture
// whatever the size of each party's window. Strokes travel on the peers' data channel as JSON
// messages, checked on arrival.

import { RTC_ROLES, otherRole, type RtcRole } from './protocol'

/** Points are integers in 0..SCALE of the picture's width / height. */
export const SCALE = 10_000
/** At most this many points per stroke (a long scribble is thinned). */
export const MAX_POINTS = 800
/** Stroke widths in thousandths of the picture's width. */
export const MIN_WIDTH = 1
export const MAX_WIDTH = 30
export const COLORS = ['#e53935', '#fbc02d', '#1e88e5', '#43a047'] as const
export const DEFAULT_WIDTH = 5

export interface Stroke {
  id: string
  /** Who drew it. */
  by: RtcRole
  /** Whose video it was drawn on. */
  surface: RtcRole
  color: string
  width: number
  /** Flat x0, y0, x1, y1, … in 0..SCALE. */
  points: number[]
}

export type AnnotationMessage =
  | { t: 'stroke'; stroke: Stroke }
  | { t: 'clear' }
  /** The sender started or stopped sharing their screen. */
  | { t: 'share'; on: boolean }

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/**
 * Where the picture sits in a box of boxW × boxH showing a videoW × videoH video with
 * `object-fit: contain` (letterboxed, centred). The whole box before the video's size is known.
 */
export function containRect(boxW: number, boxH: number, videoW: number, videoH: number): Rect {
  if (boxW <= 0 || boxH <= 0) return { x: 0, y: 0, w: 0, h: 0 }
  if (videoW <= 0 || videoH <= 0) return { x: 0, y: 0, w: boxW, h: boxH }
  const scale = Math.min(boxW / videoW, boxH / videoH)
  const w = videoW * scale
  const h = videoH * scale
  return { x: (boxW - w) / 2, y: (boxH - h) / 2, w, h }
}

/** A point of the box (CSS pixels from its top left) as picture coordinates; null outside the picture. */
export function toPicture(px: number, py: number, rect: Rect): [number, number] | null {
  if (rect.w <= 0 || rect.h <= 0) return null
  const x = (px - rect.x) / rect.w
  const y = (py - rect.y) / rect.h
  if (x < 0 || x > 1 || y < 0 || y > 1) return null
  return [Math.round(x * SCALE), Math.round(y * SCALE)]
}

/** Picture coordinates back to box pixels. */
export function toBox(points: readonly number[], rect: Rect): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0; i + 1 < points.length; i += 2)
    out.push([rect.x + (points[i]! / SCALE) * rect.w, rect.y + (points[i + 1]! / SCALE) * rect.h])
  return out
}

/** The stroke's width in pixels for a picture `rect` wide. */
export function widthPixels(width: number, rect: Rect): number {
  return Math.max(1, (width / 1000) * rect.w)
}

/**
 * Adds a point to a stroke being drawn unless it is within `minStep` (picture units) of the last
 * one, or the stroke already has MAX_POINTS. Returns whether it was added.
 */
export function appendPoint(points: number[], p: readonly [number, number], minStep = 15): boolean {
  if (points.length >= MAX_POINTS * 2) return false
  const n = points.length
  if (n >= 2 && Math.hypot(p[0] - points[n - 2]!, p[1] - points[n - 1]!) < minStep) return false
  points.push(p[0], p[1])
  return true
}

export function encodeMessage(m: AnnotationMessage): string {
  return JSON.stringify(m)
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const isRole = (v: unknown): v is RtcRole => (RTC_ROLES as readonly unknown[]).includes(v)

/** A stroke from the other party, checked: null when anything is off. */
export function validStroke(raw: unknown): Stroke | null {
  if (!isObject(raw)) return null
  const { id, by, surface, color, width, points } = raw
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) return null
  if (!isRole(by) || !isRole(surface)) return null
  if (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color)) return null
  if (typeof width !== 'number' || !Number.isFinite(width) || width < MIN_WIDTH || width > MAX_WIDTH) return null
  if (!Array.isArray(points) || points.length < 2 || points.length % 2 !== 0 || points.length > MAX_POINTS * 2) return null
  if (!points.every((v) => Number.isInteger(v) && v >= 0 && v <= SCALE)) return null
  return { id, by, surface, color, width, points: points as number[] }
}

/** A data channel message, checked; null for anything malformed or unknown. */
export function decodeMessage(text: unknown): AnnotationMessage | null {
  if (typeof text !== 'string' || text.length > 64 * 1024) return null
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(raw)) return null
  if (raw.t === 'clear') return { t: 'clear' }
  if (raw.t === 'share') return typeof raw.on === 'boolean' ? { t: 'share', on: raw.on } : null
  if (raw.t === 'stroke') {
    const stroke = validStroke(raw.stroke)
    return stroke ? { t: 'stroke', stroke } : null
  }
  return null
}

/** Adds a stroke unless one with its id is there (a resend after reconnecting). */
export function addStroke(strokes: readonly Stroke[], s: Stroke): Stroke[] {
  return strokes.some((x) => x.id === s.id) ? (strokes as Stroke[]) : [...strokes, s]
}

export function strokesOn(strokes: readonly Stroke[], surface: RtcRole): Stroke[] {
  return strokes.filter((s) => s.surface === surface)
}

/**
 * Which party's video takes the stage (large, annotated) after a share starts or stops: the one
 * who is sharing their screen (the one who just started, if both), else the other party's camera.
 */
export function stageAfterShare(me: RtcRole, sharing: Readonly<Record<RtcRole, boolean>>, changed: RtcRole): RtcRole {
  if (sharing[changed]) return changed
  const other = otherRole(changed)
  if (sharing[other]) return other
  return otherRole(me)
}

let counter = 0
/** A stroke id unique enough between two parties. */
export function strokeId(by: RtcRole, now: number = Date.now(), random: () => number = Math.random): string {
  counter = (counter + 1) % 1_000_000
  return `${by[0]}${now.toString(36)}${counter.toString(36)}${Math.floor(random() * 1e6).toString(36)}`
}

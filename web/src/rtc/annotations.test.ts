import { describe, expect, it } from 'vitest'

import {
  addStroke,
  appendPoint,
  containRect,
  decodeMessage,
  encodeMessage,
  MAX_POINTS,
  SCALE,
  stageAfterShare,
  strokeId,
  strokesOn,
  toBox,
  toPicture,
  validStroke,
  widthPixels,
  type Stroke,
} from './annotations'

const stroke = (over: Partial<Stroke> = {}): Stroke => ({
  id: 's1',
  by: 'applicant',
  surface: 'helper',
  color: '#e53935',
  width: 5,
  points: [0, 0, 5000, 5000, SCALE, SCALE],
  ...over,
})

describe('containRect', () => {
  it('letterboxes a 16:9 picture in boxes of any shape', () => {
    expect(containRect(1600, 900, 1280, 720)).toEqual({ x: 0, y: 0, w: 1600, h: 900 })
    expect(containRect(800, 800, 1280, 720)).toEqual({ x: 0, y: 175, w: 800, h: 450 })
    expect(containRect(360, 640, 640, 480)).toEqual({ x: 0, y: 185, w: 360, h: 270 })
    expect(containRect(400, 300, 0, 0)).toEqual({ x: 0, y: 0, w: 400, h: 300 })
  })
})

describe('picture coordinates', () => {
  it('put a point on the same spot of the picture in windows of different sizes', () => {
    const big = containRect(1600, 900, 1280, 720)
    const phone = containRect(360, 640, 1280, 720)
    const p = toPicture(400, 225, big)!
    expect(p).toEqual([2500, 2500])
    const [[x, y]] = toBox(p, phone) as [[number, number]]
    // a quarter of the way across and down the phone's letterboxed picture
    expect(x).toBeCloseTo(90)
    expect(y).toBeCloseTo(phone.y + phone.h / 4)
    expect(widthPixels(5, phone)).toBeCloseTo(1.8)
  })

  it('ignores points on the black bars', () => {
    const r = containRect(800, 800, 1280, 720)
    expect(toPicture(400, 100, r)).toBeNull()
    expect(toPicture(400, 400, r)).toEqual([5000, 5000])
    expect(toPicture(0, 0, { x: 0, y: 0, w: 0, h: 0 })).toBeNull()
  })

  it('thins points too close together and caps a stroke', () => {
    const pts: number[] = []
    expect(appendPoint(pts, [100, 100])).toBe(true)
    expect(appendPoint(pts, [105, 105])).toBe(false)
    expect(appendPoint(pts, [200, 100])).toBe(true)
    expect(pts).toEqual([100, 100, 200, 100])
    const full = Array.from({ length: MAX_POINTS * 2 }, (_, i) => i)
    expect(appendPoint(full, [9999, 9999])).toBe(false)
  })
})

describe('messages', () => {
  it('round-trip strokes, clear and share', () => {
    for (const m of [{ t: 'stroke', stroke: stroke() }, { t: 'clear' }, { t: 'share', on: true }] as const)
      expect(decodeMessage(encodeMessage(m))).toEqual(m)
  })

  it('refuse anything malformed', () => {
    const bad = [
      { points: [1, 2, 3] },
      { points: [1] },
      { points: [0, SCALE + 1] },
      { points: [0.5, 1] },
      { points: Array.from({ length: MAX_POINTS * 2 + 2 }, () => 1) },
      { color: 'red' },
      { color: '#fff' },
      { width: 0 },
      { width: 100 },
      { by: 'admin' },
      { surface: 'screen' },
      { id: '' },
      { id: 'x'.repeat(65) },
    ]
    for (const over of bad) expect(validStroke({ ...stroke(), ...over }), JSON.stringify(over)).toBeNull()
    expect(decodeMessage('not json')).toBeNull()
    expect(decodeMessage(JSON.stringify({ t: 'share', on: 'yes' }))).toBeNull()
    expect(decodeMessage(JSON.stringify({ t: 'erase' }))).toBeNull()
    expect(decodeMessage(new ArrayBuffer(4))).toBeNull()
  })
})

describe('strokes', () => {
  it('are kept once per id and filtered by the video they were drawn on', () => {
    const a = addStroke([], stroke())
    expect(addStroke(a, stroke())).toBe(a)
    const b = addStroke(a, stroke({ id: 's2', surface: 'applicant' }))
    expect(strokesOn(b, 'helper').map((s) => s.id)).toEqual(['s1'])
    expect(strokeId('helper', 1, () => 0)).not.toBe(strokeId('helper', 1, () => 0))
  })
})

describe('stageAfterShare', () => {
  it('stages the one sharing, else the other party', () => {
    expect(stageAfterShare('helper', { applicant: true, helper: false }, 'applicant')).toBe('applicant')
    expect(stageAfterShare('helper', { applicant: false, helper: true }, 'helper')).toBe('helper')
    expect(stageAfterShare('helper', { applicant: false, helper: false }, 'helper')).toBe('applicant')
    expect(stageAfterShare('applicant', { applicant: true, helper: false }, 'helper')).toBe('applicant')
    expect(stageAfterShare('applicant', { applicant: true, helper: true }, 'helper')).toBe('helper')
  })
})

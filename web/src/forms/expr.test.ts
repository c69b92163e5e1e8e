import { describe, expect, it } from 'vitest'

import { DateVal, Dec, evaluateSource, parse, test, toJson, UNKNOWN, type Env } from './expr'

const env: Env = {
  form: {
    name: '上海宝晟餐饮管理有限公司',
    capital: new Dec(50.5),
    staff: 12,
    has_branch: true,
    scope: ['热食类食品制售', '冷食类食品制售'],
    opened: DateVal.parse('2024-03-15')!,
    shareholders: [
      { name: '张伟', ratio: new Dec(0.6) },
      { name: '王芳', ratio: new Dec(0.4) },
    ],
  },
  answers: { serves_alcohol: false, seats: 80 },
}

const ev = (src: string) => toJson(evaluateSource(src, env, { today: '2026-03-02' }))

describe('expressions', () => {
  it('reads paths and compares', () => {
    expect(ev('form.staff > 10')).toBe(true)
    expect(ev("form.name == '上海宝晟餐饮管理有限公司'")).toBe(true)
    expect(ev('answers.seats >= 50 && !answers.serves_alcohol')).toBe(true)
    expect(ev('form.capital * 2')).toBe(101)
  })

  it('keeps int division truncating and decimals exact enough', () => {
    expect(ev('7 / 2')).toBe(3)
    expect(ev('7.0 / 2')).toBe(3.5)
    expect(ev('-7 / 2')).toBe(-3)
    expect(ev('round(2.345, 2)')).toBe(2.35)
    expect(ev('round(-2.5, 0)')).toBe(-3)
    expect(ev("'a' + 'b'")).toBe('ab')
  })

  it('treats missing inputs as unknown with Kleene logic', () => {
    expect(evaluateSource('form.missing == 1', env)).toBe(UNKNOWN)
    expect(ev('false && form.missing == 1')).toBe(false)
    expect(ev('form.missing == 1 && false')).toBe(false)
    expect(ev('true || form.missing')).toBe(true)
    expect(ev('form.missing || true')).toBe(true)
    expect(evaluateSource('form.missing || false', env)).toBe(UNKNOWN)
    expect(evaluateSource('!form.missing', env)).toBe(UNKNOWN)
    expect(evaluateSource('form.missing ? 1 : 2', env)).toBe(UNKNOWN)
    expect(test('form.missing > 3', env)).toBeNull()
  })

  it('supports in, functions and list macros', () => {
    expect(ev("'热食类食品制售' in form.scope")).toBe(true)
    expect(ev("'生食类' in form.scope")).toBe(false)
    expect(ev('len(form.scope)')).toBe(2)
    expect(ev('len(form.name)')).toBe(12)
    expect(ev("contains(form.name, '餐饮') && starts_with(form.name, '上海') && ends_with(form.name, '公司')")).toBe(true)
    expect(ev("matches(form.name, r'^上海.*公司$')")).toBe(true)
    expect(ev('form.shareholders.exists(s, s.ratio > 0.5)')).toBe(true)
    expect(ev('form.shareholders.all(s, s.ratio > 0.5)')).toBe(false)
    expect(ev('len(form.shareholders.filter(s, s.ratio < 0.5))')).toBe(1)
    expect(ev('min(3, 5) + max(3, 5)')).toBe(8)
    expect(ev('[1, 2, 3]')).toEqual([1, 2, 3])
  })

  it('computes with dates', () => {
    expect(ev("years_between(date('1990-03-03'), today())")).toBe(35)
    expect(ev("years_between(date('1990-03-02'), today())")).toBe(36)
    expect(ev('days_between(form.opened, today())')).toBe(717)
    expect(ev("add_days(date('2026-02-27'), 3)")).toBe('2026-03-02')
    expect(ev("form.opened < date('2025-01-01')")).toBe(true)
    // The working-day calendar lives on the server.
    expect(evaluateSource("working_days_between(date('2026-01-01'), today())", env)).toBe(UNKNOWN)
  })

  it('honours precedence and the ternary', () => {
    expect(ev('1 + 2 * 3')).toBe(7)
    expect(ev('(1 + 2) * 3')).toBe(9)
    expect(ev('form.staff > 10 ? "大" : "小"')).toBe('大')
    expect(ev('true ? 1 : false ? 2 : 3')).toBe(1)
    expect(ev('-form.staff + 2')).toBe(-10)
  })

  it('turns runtime errors into unknown and rejects bad syntax', () => {
    expect(evaluateSource('1 / (form.staff - 12)', env)).toBe(UNKNOWN)
    expect(evaluateSource('form.name > 3', env)).toBe(UNKNOWN)
    expect(() => parse('form.a ==')).toThrow()
    expect(() => parse("'abc")).toThrow(/unterminated/)
    expect(evaluateSource('form.a = 1', env)).toBe(UNKNOWN)
    expect(parse('form.公司名称 == "x"')).toMatchObject({ t: 'binary', op: '==' })
  })
})

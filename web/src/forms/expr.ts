// A client-side evaluator for the definitions' expression language (see src/expr/expr.h on the
// server), used to show or hide form fields and sections and to preview computed values while the
// applicant types. The server type-checks every expression when definitions load and re-evaluates
// everything at submit, so this evaluator is dynamically typed and forgiving: anything it cannot
// decide (a missing input, a runtime error, a function that needs the working-day calendar) is
// `UNKNOWN`, and callers treat unknown as "not yet decided".
//
// Semantics kept from the server: a missing input is unknown; && and || follow Kleene logic;
// `in`, exists and all are Kleene over the elements; int / int truncates toward zero, decimals mix
// with ints as decimals; round() rounds half away from zero.

/** The value of an expression that depends on something not known yet. */
export const UNKNOWN: unique symbol = Symbol('unknown')
export type Unknown = typeof UNKNOWN

/** A decimal number (money, decimal literals); kept apart from ints for int / int truncation. */
export class Dec {
  constructor(readonly v: number) {}
}

/** A calendar date, as days since 1970-01-01 (UTC, no time zone involved). */
export class DateVal {
  constructor(readonly days: number) {}

  static parse(text: string): DateVal | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
    if (!m) return null
    const y = Number(m[1])
    const mo = Number(m[2])
    const d = Number(m[3])
    const ms = Date.UTC(y, mo - 1, d)
    const back = new Date(ms)
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null
    return new DateVal(Math.round(ms / 86_400_000))
  }

  /** y, m (1-12), d */
  parts(): [number, number, number] {
    const dt = new Date(this.days * 86_400_000)
    return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()]
  }

  toString(): string {
    const [y, m, d] = this.parts()
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  }
}

export type Value =
  | boolean
  | number
  | string
  | Dec
  | DateVal
  | Value[]
  | { readonly [key: string]: Value | Unknown }
  | Unknown

/** Inputs of an evaluation: root names (`form`, `answers`, …) to records. */
export type Env = Readonly<Record<string, Value | Unknown>>

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message)
    this.name = 'ExprSyntaxError'
  }
}

// ---- lexer -------------------------------------------------------------------------------------

type TokenType = 'end' | 'int' | 'dec' | 'str' | 'ident' | 'op'
interface Token {
  type: TokenType
  text: string
  at: number
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']']

function isIdentStart(ch: string): boolean {
  return /[A-Za-z_]/.test(ch) || (ch.charCodeAt(0) > 0x7f && /\p{L}/u.test(ch))
}

function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || (ch >= '0' && ch <= '9')
}

function tokenize(src: string): Token[] {
  const out: Token[] = []
  const chars = Array.from(src)
  let i = 0
  while (i < chars.length) {
    const c = chars[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
      continue
    }
    const at = i
    if ((c === 'r' || c === 'R') && (chars[i + 1] === '"' || chars[i + 1] === "'")) {
      i++
      out.push({ type: 'str', text: readString(true), at })
      continue
    }
    if (c === '"' || c === "'") {
      out.push({ type: 'str', text: readString(false), at })
      continue
    }
    if (c >= '0' && c <= '9') {
      let text = ''
      while (i < chars.length && chars[i]! >= '0' && chars[i]! <= '9') text += chars[i++]
      let type: TokenType = 'int'
      if (chars[i] === '.' && chars[i + 1] !== undefined && chars[i + 1]! >= '0' && chars[i + 1]! <= '9') {
        type = 'dec'
        text += chars[i++]
        while (i < chars.length && chars[i]! >= '0' && chars[i]! <= '9') text += chars[i++]
      }
      out.push({ type, text, at })
      continue
    }
    if (isIdentStart(c)) {
      let text = ''
      while (i < chars.length && isIdentPart(chars[i]!)) text += chars[i++]
      out.push({ type: 'ident', text, at })
      continue
    }
    const two = c + (chars[i + 1] ?? '')
    const op = OPERATORS.find((o) => o === two) ?? OPERATORS.find((o) => o === c)
    if (!op) throw new ExprSyntaxError(`unexpected character '${c}'`, at)
    i += op.length
    out.push({ type: 'op', text: op, at })
  }
  out.push({ type: 'end', text: '', at: chars.length })
  return out

  function readString(raw: boolean): string {
    const quote = chars[i]!
    const start = i
    i++
    let text = ''
    for (;;) {
      const ch = chars[i]
      if (ch === undefined || ch === '\n') throw new ExprSyntaxError('unterminated string', start)
      i++
      if (ch === quote) return text
      if (ch !== '\\' || raw) {
        text += ch
        continue
      }
      const e = chars[i++]
      if (e === 'n') text += '\n'
      else if (e === 't') text += '\t'
      else if (e === 'r') text += '\r'
      else if (e === 'u') {
        const hex = chars.slice(i, i + 4).join('')
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ExprSyntaxError('bad \\u escape', i)
        text += String.fromCharCode(parseInt(hex, 16))
        i += 4
      } else if (e === '\\' || e === '"' || e === "'") text += e
      else throw new ExprSyntaxError(`unknown escape '\\${e ?? ''}'`, i - 1)
    }
  }
}

// ---- parser ------------------------------------------------------------------------------------

export type Ast =
  | { t: 'lit'; v: Value }
  | { t: 'ident'; name: string }
  | { t: 'member'; obj: Ast; name: string }
  | { t: 'call'; name: string; args: Ast[] }
  | { t: 'macro'; name: 'exists' | 'all' | 'filter'; target: Ast; variable: string; body: Ast }
  | { t: 'list'; items: Ast[] }
  | { t: 'unary'; op: '!' | '-'; arg: Ast }
  | { t: 'binary'; op: string; left: Ast; right: Ast }
  | { t: 'cond'; test: Ast; then: Ast; else: Ast }

const BINARY_POWER: Record<string, number> = {
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  in: 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
}

export function parse(src: string): Ast {
  const toks = tokenize(src)
  let pos = 0
  const peek = () => toks[pos]!
  const next = () => toks[pos++]!
  const isOp = (t: Token, s: string) => t.type === 'op' && t.text === s
  const expect = (s: string) => {
    const t = next()
    if (!isOp(t, s)) throw new ExprSyntaxError(`expected '${s}', got '${t.text}'`, t.at)
  }

  function binaryOp(t: Token): string | null {
    if (t.type === 'op' && t.text in BINARY_POWER) return t.text
    if (t.type === 'ident' && t.text === 'in') return 'in'
    return null
  }

  function expression(): Ast {
    const test = binary(1)
    if (isOp(peek(), '?')) {
      next()
      const then = expression()
      expect(':')
      const otherwise = expression()
      return { t: 'cond', test, then, else: otherwise }
    }
    return test
  }

  function binary(minPower: number): Ast {
    let left = unary()
    for (;;) {
      const op = binaryOp(peek())
      const power = op ? BINARY_POWER[op]! : 0
      if (!op || power < minPower) return left
      next()
      const right = binary(power + 1)
      left = { t: 'binary', op, left, right }
    }
  }

  function unary(): Ast {
    const t = peek()
    if (isOp(t, '!') || isOp(t, '-')) {
      next()
      return { t: 'unary', op: t.text as '!' | '-', arg: unary() }
    }
    return postfix(primary())
  }

  function args(): Ast[] {
    expect('(')
    const out: Ast[] = []
    if (isOp(peek(), ')')) {
      next()
      return out
    }
    for (;;) {
      out.push(expression())
      const t = next()
      if (isOp(t, ')')) return out
      if (!isOp(t, ',')) throw new ExprSyntaxError(`expected ',' or ')', got '${t.text}'`, t.at)
    }
  }

  function postfix(e: Ast): Ast {
    while (isOp(peek(), '.')) {
      next()
      const name = next()
      if (name.type !== 'ident') throw new ExprSyntaxError(`expected a field name after '.'`, name.at)
      if (isOp(peek(), '(')) {
        if (name.text !== 'exists' && name.text !== 'all' && name.text !== 'filter') {
          throw new ExprSyntaxError(`unknown method '${name.text}'`, name.at)
        }
        const a = args()
        const variable = a[0]
        if (a.length !== 2 || variable?.t !== 'ident') {
          throw new ExprSyntaxError(`${name.text} takes a variable and a predicate`, name.at)
        }
        e = { t: 'macro', name: name.text, target: e, variable: variable.name, body: a[1]! }
      } else {
        e = { t: 'member', obj: e, name: name.text }
      }
    }
    return e
  }

  function primary(): Ast {
    const t = next()
    switch (t.type) {
      case 'int':
        return { t: 'lit', v: Number(t.text) }
      case 'dec':
        return { t: 'lit', v: new Dec(Number(t.text)) }
      case 'str':
        return { t: 'lit', v: t.text }
      case 'ident':
        if (t.text === 'true' || t.text === 'false') return { t: 'lit', v: t.text === 'true' }
        if (isOp(peek(), '(')) return { t: 'call', name: t.text, args: args() }
        return { t: 'ident', name: t.text }
      case 'op':
        if (t.text === '(') {
          const e = expression()
          expect(')')
          return e
        }
        if (t.text === '[') {
          const items: Ast[] = []
          for (;;) {
            items.push(expression())
            const s = next()
            if (isOp(s, ']')) return { t: 'list', items }
            if (!isOp(s, ',')) throw new ExprSyntaxError(`expected ',' or ']', got '${s.text}'`, s.at)
          }
        }
        break
      case 'end':
        break
    }
    throw new ExprSyntaxError(`expected an expression, got '${t.text || 'end'}'`, t.at)
  }

  const ast = expression()
  const rest = peek()
  if (rest.type !== 'end') throw new ExprSyntaxError(`unexpected '${rest.text}'`, rest.at)
  return ast
}

// ---- evaluation --------------------------------------------------------------------------------

class EvalFailure extends Error {}

const fail = (message: string): never => {
  throw new EvalFailure(message)
}

function num(v: Value): number {
  if (typeof v === 'number') return v
  if (v instanceof Dec) return v.v
  return fail('not a number')
}

function isNum(v: Value): v is number | Dec {
  return typeof v === 'number' || v instanceof Dec
}

function arith(op: string, a: Value, b: Value): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b
  if (!isNum(a) || !isNum(b)) return fail(`'${op}' needs numbers`)
  const decimal = a instanceof Dec || b instanceof Dec
  const x = num(a)
  const y = num(b)
  let r: number
  switch (op) {
    case '+':
      r = x + y
      break
    case '-':
      r = x - y
      break
    case '*':
      r = x * y
      break
    case '/':
      if (y === 0) return fail('division by zero')
      r = decimal ? x / y : Math.trunc(x / y)
      break
    case '%':
      if (y === 0) return fail('division by zero')
      r = x % y
      break
    default:
      return fail(`unknown operator ${op}`)
  }
  return decimal ? new Dec(roundTo(r, 6)) : r
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits
  return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f
}

function equal(a: Value, b: Value): boolean {
  if (isNum(a) && isNum(b)) return num(a) === num(b)
  if (a instanceof DateVal && b instanceof DateVal) return a.days === b.days
  return a === b
}

function compare(a: Value, b: Value): number {
  if (isNum(a) && isNum(b)) return num(a) - num(b)
  if (a instanceof DateVal && b instanceof DateVal) return a.days - b.days
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  return fail('cannot order these values')
}

function str(v: Value): string {
  return typeof v === 'string' ? v : fail('not a string')
}

function date(v: Value): DateVal {
  return v instanceof DateVal ? v : fail('not a date')
}

function list(v: Value): Value[] {
  return Array.isArray(v) ? v : fail('not a list')
}

/** Whole years from a to b, as an age (周岁). */
function yearsBetween(a: DateVal, b: DateVal): number {
  const [y1, m1, d1] = a.parts()
  const [y2, m2, d2] = b.parts()
  let years = y2 - y1
  if (m2 < m1 || (m2 === m1 && d2 < d1)) years--
  if (b.days < a.days) {
    years = -yearsBetween(b, a)
  }
  return years
}

const regexCache = new Map<string, RegExp | null>()

function regex(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    let re: RegExp | null
    try {
      re = new RegExp(pattern, 'u')
    } catch {
      re = null
    }
    regexCache.set(pattern, re)
  }
  return regexCache.get(pattern)!
}

export interface EvalOptions {
  /** Today's date (YYYY-MM-DD) for today(); defaults to the browser's local date. */
  today?: string
}

function localToday(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

function evalNode(node: Ast, env: Env, opts: EvalOptions): Value {
  switch (node.t) {
    case 'lit':
      return node.v
    case 'ident':
      return node.name in env ? (env[node.name] as Value) : UNKNOWN
    case 'member': {
      const obj = evalNode(node.obj, env, opts)
      if (obj === UNKNOWN) return UNKNOWN
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || obj instanceof Dec || obj instanceof DateVal) {
        return fail('not a record')
      }
      const rec = obj as Record<string, Value>
      return Object.prototype.hasOwnProperty.call(rec, node.name) ? rec[node.name]! : UNKNOWN
    }
    case 'list':
      return node.items.map((i) => evalNode(i, env, opts))
    case 'unary': {
      const v = evalNode(node.arg, env, opts)
      if (v === UNKNOWN) return UNKNOWN
      if (node.op === '!') return typeof v === 'boolean' ? !v : fail("'!' needs a bool")
      if (v instanceof Dec) return new Dec(-v.v)
      return typeof v === 'number' ? -v : fail("'-' needs a number")
    }
    case 'cond': {
      const c = evalNode(node.test, env, opts)
      if (c === UNKNOWN) return UNKNOWN
      if (typeof c !== 'boolean') return fail('condition is not a bool')
      return evalNode(c ? node.then : node.else, env, opts)
    }
    case 'binary':
      return evalBinary(node.op, node.left, node.right, env, opts)
    case 'macro':
      return evalMacro(node, env, opts)
    case 'call':
      return evalCall(node.name, node.args, env, opts)
  }
}

function evalBinary(op: string, l: Ast, r: Ast, env: Env, opts: EvalOptions): Value {
  if (op === '&&' || op === '||') {
    // Kleene: a deciding operand decides even when the other is unknown or fails.
    const decide = op === '||'
    const a = safe(l, env, opts)
    if (a === decide) return decide
    const b = safe(r, env, opts)
    if (b === decide) return decide
    if (a instanceof EvalFailure) throw a
    if (b instanceof EvalFailure) throw b
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN
    if (typeof a !== 'boolean' || typeof b !== 'boolean') return fail(`'${op}' needs bools`)
    return !decide
  }
  const a = evalNode(l, env, opts)
  if (op === 'in') {
    if (a === UNKNOWN) return UNKNOWN
    const b = evalNode(r, env, opts)
    if (b === UNKNOWN) return UNKNOWN
    let unknown = false
    for (const e of list(b)) {
      if (e === UNKNOWN) unknown = true
      else if (equal(a, e)) return true
    }
    return unknown ? UNKNOWN : false
  }
  const b = evalNode(r, env, opts)
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN
  switch (op) {
    case '==':
      return equal(a, b)
    case '!=':
      return !equal(a, b)
    case '<':
      return compare(a, b) < 0
    case '<=':
      return compare(a, b) <= 0
    case '>':
      return compare(a, b) > 0
    case '>=':
      return compare(a, b) >= 0
    default:
      return arith(op, a, b)
  }
}

/** Evaluates a node, returning an evaluation failure instead of throwing it (for Kleene logic). */
function safe(node: Ast, env: Env, opts: EvalOptions): Value | EvalFailure {
  try {
    return evalNode(node, env, opts)
  } catch (e) {
    if (e instanceof EvalFailure) return e
    throw e
  }
}

function evalMacro(node: Extract<Ast, { t: 'macro' }>, env: Env, opts: EvalOptions): Value {
  const target = evalNode(node.target, env, opts)
  if (target === UNKNOWN) return UNKNOWN
  const items = list(target)
  const results = items.map((item) =>
    item === UNKNOWN ? UNKNOWN : evalNode(node.body, { ...env, [node.variable]: item }, opts),
  )
  if (node.name === 'filter') {
    if (results.some((r) => r === UNKNOWN)) return UNKNOWN
    return items.filter((_, i) => results[i] === true)
  }
  const decide = node.name === 'exists'
  if (results.some((r) => r === decide)) return decide
  if (results.some((r) => r === UNKNOWN)) return UNKNOWN
  return !decide
}

function evalCall(name: string, argNodes: Ast[], env: Env, opts: EvalOptions): Value {
  const args = argNodes.map((a) => evalNode(a, env, opts))
  if (args.some((a) => a === UNKNOWN)) return UNKNOWN
  const [a, b] = args as [Value, Value]
  switch (name) {
    case 'len':
      return typeof a === 'string' ? Array.from(a).length : list(a).length
    case 'contains':
      return str(a).includes(str(b))
    case 'starts_with':
      return str(a).startsWith(str(b))
    case 'ends_with':
      return str(a).endsWith(str(b))
    case 'matches': {
      const re = regex(str(b))
      return re ? re.test(str(a)) : fail('bad pattern')
    }
    case 'min':
    case 'max': {
      const c = compare(a, b)
      return (name === 'min' ? c <= 0 : c >= 0) ? a : b
    }
    case 'abs':
      return a instanceof Dec ? new Dec(Math.abs(a.v)) : Math.abs(num(a))
    case 'round': {
      const digits = num(b)
      if (digits < 0 || digits > 6) return fail('round digits out of range')
      return new Dec(roundTo(num(a), digits))
    }
    case 'date':
      return DateVal.parse(str(a)) ?? fail('invalid date')
    case 'today':
      return DateVal.parse(opts.today ?? localToday()) ?? fail('invalid today')
    case 'years_between':
      return yearsBetween(date(a), date(b))
    case 'days_between':
      return date(b).days - date(a).days
    case 'add_days':
      return new DateVal(date(a).days + num(b))
    default:
      // working_days_between / add_working_days need the statutory holiday calendar, which only
      // the server has: leave those to the server.
      return UNKNOWN
  }
}

/** Evaluates a parsed expression. Failures (type errors, division by zero) count as unknown. */
export function evaluate(ast: Ast, env: Env, opts: EvalOptions = {}): Value {
  try {
    return evalNode(ast, env, opts)
  } catch (e) {
    if (e instanceof EvalFailure) return UNKNOWN
    throw e
  }
}

const parseCache = new Map<string, Ast | null>()

/** Parses once per source text; null for text that does not parse. */
export function compile(src: string): Ast | null {
  if (!parseCache.has(src)) {
    let ast: Ast | null
    try {
      ast = parse(src)
    } catch {
      ast = null
    }
    parseCache.set(src, ast)
  }
  return parseCache.get(src)!
}

/** Evaluates source text; text that does not parse is unknown. */
export function evaluateSource(src: string, env: Env, opts: EvalOptions = {}): Value {
  const ast = compile(src)
  return ast ? evaluate(ast, env, opts) : UNKNOWN
}

/** A bool expression: true, false, or null when not decided yet. */
export function test(src: string, env: Env, opts: EvalOptions = {}): boolean | null {
  const v = evaluateSource(src, env, opts)
  return typeof v === 'boolean' ? v : null
}

/** Plain JSON for a computed value (dates as YYYY-MM-DD, decimals as numbers); null when unknown. */
export function toJson(v: Value): unknown {
  if (v === UNKNOWN) return null
  if (v instanceof Dec) return v.v
  if (v instanceof DateVal) return v.toString()
  if (Array.isArray(v)) return v.map(toJson)
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x as Value)]))
  }
  return v
}

// 帮办 load and reliability benchmark: hundreds of simulated applicants and dozens of helpers talk
// over the real HTTP API and /api/v1/events WebSockets; mid-run the server is killed with SIGKILL
// and restarted on the same store and port. Run it through bench/load/help.sh (which copies the
// binary and finds libfaketime); see docs/benchmarks.md for what it measures and checks.
//
// What happens, in order:
//   1. a throw-away store: a copy of a template seeded once per binary with
//      `haoban seed --profile demo --bench-accounts A,H` (cached under SEED_CACHE);
//   2. `haoban serve` on a free port, its clock moved into business hours (09:00–17:00 China time,
//      on a working day of the calendar) with libfaketime when the real time is outside them;
//   3. every applicant and helper logs in (POST /api/v1/sessions) and opens a WebSocket;
//      helpers go online and send heartbeats;
//   4. applicants arrive spread over ARRIVAL_SECONDS: each opens a conversation, waits for the
//      helper's answer, asks MESSAGES more questions one at a time (a client_id each), says thanks
//      (client_id "end"), waits for the resolution, rates and confirms. Helpers answer every
//      applicant message once (client_id "r-<seq>") and resolve after the thanks. LATE_HELPERS
//      helpers answer each new conversation only after LATE_SECONDS, so that some first-response
//      timers are missed;
//   5. from CRASH_AT seconds on, as soon as CRASH_INFLIGHT message POSTs are outstanding, the server
//      gets SIGKILL, and after DOWN_SECONDS it is started again on the same store and port. Clients
//      retry every request that got no 2xx (messages with the same client_id), reconnect their
//      WebSockets and resume with GET …/messages?after=<last seq>. Besides, LOST_ANSWERS applicants
//      drop the connection right after sending one message (the answer is lost) and resend it;
//   6. checks (exit 1 when one fails) and the report.
//
// Settings (environment; defaults in parentheses):
//   APPLICANTS (300)  HELPERS (30)  MESSAGES (3: questions after the opening one, before "thanks")
//   ARRIVAL_SECONDS (30)  CRASH_AT (20 s after the first arrival; 0 = no crash)  DOWN_SECONDS (1)
//   LATE_HELPERS (1)  LATE_SECONDS (65)  APPLICANT_THINK_MS (300-1500)  HELPER_THINK_MS (200-1000)
//   DEADLINE_SECONDS (150: the conversations must be over by then)  STALL_SECONDS (10: a client
//   waiting that long without news polls the server)  CRASH_INFLIGHT (4)  LOST_ANSWERS (20)
//   HAOBAN_BIN (build/src/app/haoban)  FAKETIME_LIB (libfaketime, set by help.sh)
//   FAKE_TIME (auto | off | "YYYY-MM-DD HH:MM" China time)  SEED_CACHE (/tmp/haoban-load/templates)
//   WORK_DIR (/tmp/haoban-load)  KEEP (0: 1 keeps the run's store and server logs)
//   RESULTS_JSON (a file to write the figures and checks to)  SEED (1: the simulation's random seed)
//
// Exit status: 0 every check passed; 1 a check failed or the run could not be completed.

import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, openSync, readFileSync, statSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { promisify } from 'node:util'

import { freePort, newWsKey, parseFrame, parseResponse, PASSWORD, REPO_DIR, upgradeRequest } from '../../tests/http/helpers.mjs'

const execFileP = promisify(execFile)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const now = () => performance.now()

// ---------------------------------------------------------------------------------------------
// Settings

const env = process.env
const int = (v, d) => (v === undefined || v === '' ? d : Number.parseInt(v, 10))
const num = (v, d) => (v === undefined || v === '' ? d : Number(v))
const range = (v, d) => (v ? v.split('-').map(Number) : d)

const S = {
  applicants: int(env.APPLICANTS, 300),
  helpers: int(env.HELPERS, 30),
  messages: int(env.MESSAGES, 3),
  arrival: num(env.ARRIVAL_SECONDS, 30),
  crashAt: num(env.CRASH_AT, 20),
  down: num(env.DOWN_SECONDS, 1),
  lateHelpers: int(env.LATE_HELPERS, 1),
  lateSeconds: num(env.LATE_SECONDS, 65),
  applicantThink: range(env.APPLICANT_THINK_MS, [300, 1500]),
  helperThink: range(env.HELPER_THINK_MS, [200, 1000]),
  deadline: num(env.DEADLINE_SECONDS, 150),
  stall: num(env.STALL_SECONDS, 10),
  crashInflight: int(env.CRASH_INFLIGHT, 4),
  lostAnswers: int(env.LOST_ANSWERS, 20),
  bin: path.resolve(REPO_DIR, env.HAOBAN_BIN ?? 'build/src/app/haoban'),
  faketimeLib: env.FAKETIME_LIB ?? '',
  fakeTime: env.FAKE_TIME ?? 'auto',
  workDir: env.WORK_DIR ?? '/tmp/haoban-load',
  seedCache: env.SEED_CACHE ?? path.join(env.WORK_DIR ?? '/tmp/haoban-load', 'templates'),
  keep: env.KEEP === '1',
  results: env.RESULTS_JSON ?? '',
  seed: int(env.SEED, 1),
}
const FIRST_RESPONSE_TARGET_S = 60  // docs/helpdesk.md: first response within 1 business minute

const log = (...a) => console.log(`[${((now() - T_START) / 1000).toFixed(1).padStart(6)}s]`, ...a)
const T_START = now()

// A small deterministic generator (mulberry32): think times and ratings repeat run to run.
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const between = (r, [lo, hi]) => lo + r() * (hi - lo)

// ---------------------------------------------------------------------------------------------
// Figures collected during the run

const stats = {
  netErrors: 0,          // HTTP requests that got no response (connection refused/reset…)
  statuses: new Map(),   // unexpected HTTP answers: "POST /api/v1/help/… → 500" → count
  wsConnects: 0,
  wsDrops: 0,
  eventsOutOfOrder: 0,   // chat.message events that arrived after a later seq of the same conversation
  gapFills: 0,           // GET …/messages?after= because an event skipped a seq
  stallPolls: 0,         // a client waited STALL_SECONDS without news and asked the server
  stallFound: 0,         // … and found messages it had not received
  pollFinds: [],         // what those polls found: {client, tag, via, sinceSendMs, sinceKillMs}
  resumeFetches: 0,      // GET …/messages?after= after a WebSocket reconnect
  resumeFound: 0,        // messages found by those
  queuePollsFound: 0,    // conversations a helper found by polling its queue, not by an event
  openRetries: 0,        // POST /help/conversations retried after getting no 2xx
  openedQueued: 0,
  openedUnstaffed: 0,
  idempotentRetries: 0,  // rating / confirm / resolve retried after a crash and found already done
  slaMissedEvents: 0,
  unknownConversationEvents: new Set(), // conversation ids an applicant heard of but never opened
  viewConflicts: [],     // one seq, two different messages in a client's view
  loginMs: [],
  postMs: [],            // message POSTs answered 2xx at the first attempt
}
const count = (m, k) => m.set(k, (m.get(k) ?? 0) + 1)

/** Every message a client sent, keyed by the tag at the start of its body. */
const records = new Map()
const tagOf = (body) => /^【([^】]+)】/.exec(body)?.[1] ?? null

const crash = {
  planned: S.crashAt > 0,
  armed: false,      // from CRASH_AT on: kill as soon as CRASH_INFLIGHT message POSTs are outstanding
  fire: null,        // resolves the wait for that moment
  inflightAtKill: 0,
  killWall: 0,
  killAt: 0,
  spawnWall: 0,
  readyAt: 0,
  done: false,
  fakeKillMs: 0,
}
let inflightPosts = 0  // message POSTs sent and not yet answered

// ---------------------------------------------------------------------------------------------
// HTTP

let PORT = 0
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
const routeOf = (p) => p.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/{id}')

/** One HTTP exchange. `dropAnswer`: close the connection as soon as the request is written, as a
 * client whose network fails mid-request: the server acts, the answer is lost. */
function request(method, urlPath, token, body, dropAnswer = false) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body))
    const headers = {}
    if (token) headers.Authorization = `Bearer ${token}`
    if (data) {
      headers['Content-Type'] = 'application/json'
      headers['Content-Length'] = data.length
    }
    const req = http.request({ host: '127.0.0.1', port: PORT, method, path: urlPath, agent, headers }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json = null
        try {
          json = JSON.parse(text)
        } catch {
          // not JSON (e.g. /readyz)
        }
        resolve({ status: res.statusCode, json, text })
      })
    })
    req.setTimeout(20_000, () => req.destroy(new Error('request timed out')))
    if (dropAnswer) {
      // Only once the request has left for the server (a new socket may still be connecting, its
      // bytes queued in Node): then the connection goes, and with it the answer.
      req.on('finish', () => {
        const gone = () => {
          const sock = req.socket
          if (sock && !sock.connecting && sock.writableLength === 0) req.destroy(new Error('answer dropped by the client'))
          else setTimeout(gone, 1)
        }
        gone()
      })
    }
    req.on('error', reject)
    req.end(data)
  })
}

let deadlineAt = Infinity
class Deadline extends Error {}

/**
 * A request retried until it gets an answer that is not 5xx: after a crash the client cannot know
 * whether the server acted, so every retry repeats the same request (messages: the same client_id).
 * `onFail` hears of each failed attempt. Returns the response (2xx or 4xx: the caller decides).
 */
async function call(token, method, urlPath, body, { onFail, message = false, dropFirst = false, beforeRetry } = {}) {
  for (let attempt = 1; ; attempt++) {
    if (now() > deadlineAt) throw new Deadline(`${method} ${urlPath}: deadline`)
    let res
    try {
      if (message) {
        inflightPosts++
        // The kill lands while the server has messages in hand: some committed, not yet answered.
        if (crash.armed && inflightPosts >= S.crashInflight) {
          crash.armed = false
          crash.inflightAtKill = inflightPosts
          setTimeout(crash.fire, Math.random() * 3)
        }
      }
      try {
        res = await request(method, urlPath, token, body, dropFirst && attempt === 1)
      } finally {
        if (message) inflightPosts--
      }
    } catch (e) {
      stats.netErrors++
      onFail?.(e)
      await sleep(Math.min(100 * 1.6 ** attempt, 1500) * (0.5 + Math.random()))
      await beforeRetry?.()
      continue
    }
    if (res.status < 500) return res
    count(stats.statuses, `${method} ${routeOf(urlPath)} → ${res.status}`)
    onFail?.(res)
    await sleep(Math.min(100 * 1.6 ** attempt, 1500) * (0.5 + Math.random()))
  }
}

async function ok(token, method, urlPath, body, opts) {
  const res = await call(token, method, urlPath, body, opts)
  if (res.status >= 300) {
    count(stats.statuses, `${method} ${routeOf(urlPath)} → ${res.status}`)
    throw new Error(`${method} ${urlPath} → ${res.status}: ${res.text.slice(0, 300)}`)
  }
  return res.json
}

// ---------------------------------------------------------------------------------------------
// WebSocket (/api/v1/events, spoken over a raw socket as tests/http/websocket.test.mjs does)

function clientFrame(opcode, payload) {
  const mask = randomBytes(4)
  const p = Buffer.from(payload)
  for (let i = 0; i < p.length; i++) p[i] ^= mask[i % 4]
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | p.length]), mask, p])  // control frames < 126 bytes
}

/**
 * Connects and resolves once the server's "hello" arrived (the client is then subscribed, so a
 * resume fetched afterwards misses nothing). onEvent(obj, receivedAt); onClose() after a drop.
 */
function connectEvents(token, onEvent, onClose) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port: PORT, host: '127.0.0.1' })
    sock.setNoDelay(true)
    let buf = Buffer.alloc(0)
    let upgraded = false
    let ready = false
    let settled = false
    let fragments = []
    const timer = setTimeout(() => sock.destroy(new Error('WebSocket handshake timed out')), 10_000)
    const fail = (e) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      reject(e)
    }
    sock.on('connect', () =>
      sock.write(upgradeRequest(PORT, { key: newWsKey(), headers: { Cookie: `haoban_session=${token}` } })),
    )
    sock.on('data', (d) => {
      const at = now()
      buf = buf.length ? Buffer.concat([buf, d]) : d
      try {
        if (!upgraded) {
          const r = parseResponse(buf)
          if (!r) return
          buf = buf.subarray(r.used)
          if (r.value.status !== 101) throw new Error(`WebSocket upgrade answered ${r.value.status}`)
          upgraded = true
        }
        for (;;) {
          const f = parseFrame(buf)
          if (!f) break
          buf = buf.subarray(f.used)
          const { fin, opcode, payload } = f.value
          if (opcode === 0x9) sock.write(clientFrame(0xa, payload))
          else if (opcode === 0x8) sock.end()
          else if (opcode === 0x1 || opcode === 0x0) {
            fragments.push(payload)
            if (!fin) continue
            const msg = JSON.parse(Buffer.concat(fragments).toString('utf8'))
            fragments = []
            if (!ready && msg.type === 'hello') {
              ready = true
              settled = true
              clearTimeout(timer)
              resolve({ close: () => sock.destroy() })
            } else onEvent(msg, at)
          }
        }
      } catch (e) {
        sock.destroy(e)
      }
    })
    sock.on('error', (e) => fail(e))
    sock.on('close', () => {
      fail(new Error('connection closed before the hello'))
      if (ready) onClose()
    })
  })
}

// ---------------------------------------------------------------------------------------------
// A client's view of one conversation: messages by seq, from events, its own POSTs and fetches.

class ConversationView {
  constructor(id, owner) {
    this.id = id
    this.owner = owner
    this.msgs = new Map()
    this.contiguous = 0  // every seq up to this one is present
    this.maxEventSeq = 0
    this.state = ''
    this.waiters = new Set()
    this.gapTimer = null
    this.trace = []  // what happened to this view, for the report when a poll finds something
  }

  note(what) {
    if (this.trace.length < 24) this.trace.push(`${what} @${crash.killAt ? Math.round(now() - crash.killAt) : Math.round(now() - T_START)}ms`)
  }

  /** Adds a message; `via` is event | ack | resume | gap | poll | queue. Returns true when new. */
  add(m, via, at = now()) {
    if (via === 'event') {
      if (m.seq < this.maxEventSeq) stats.eventsOutOfOrder++
      this.maxEventSeq = Math.max(this.maxEventSeq, m.seq)
    }
    const had = this.msgs.get(m.seq)
    if (had) {
      if (had.id !== m.id || had.body !== m.body)
        stats.viewConflicts.push({ client: this.owner.username, conversation: this.id, seq: m.seq, had: had.id, got: m.id })
      else if (via === 'event') otherPartyHeard(this.owner, m, via, at)  // the event after a fetch: late, not lost
      return false
    }
    this.msgs.set(m.seq, { id: m.id, seq: m.seq, sender_kind: m.sender_kind, client_id: m.client_id, body: m.body, created_at: m.created_at, via, at })
    this.note(`+${m.seq} by ${via}`)
    while (this.msgs.has(this.contiguous + 1)) this.contiguous++
    if (this.contiguous < this.maxSeq()) this.scheduleGapFill()
    this.owner.heard(this, m, via, at)
    this.changed()
    return true
  }

  maxSeq() {
    let max = 0
    for (const s of this.msgs.keys()) max = Math.max(max, s)
    return max
  }

  changed() {
    for (const w of this.waiters) w()
  }

  /** Fetches what came after the last contiguous seq (resume after a reconnect, gap fill, poll). */
  async fetch(via) {
    const res = await ok(this.owner.token, 'GET', `/api/v1/help/conversations/${this.id}/messages?after=${this.contiguous}`)
    let found = 0
    for (const m of res.items) {
      if (!this.add(m, via)) continue
      found++
      if (via === 'poll') {
        const rec = records.get(tagOf(m.body) ?? '')
        stats.pollFinds.push({
          client: this.owner.username,
          conversation: this.id,
          tag: tagOf(m.body),
          sinceSendMs: rec ? Math.round(now() - rec.sendAt) : null,
          sinceKillMs: crash.killAt ? Math.round(now() - crash.killAt) : null,
          trace: this.trace,
        })
      }
    }
    return found
  }

  scheduleGapFill() {
    if (this.gapTimer) return
    this.gapTimer = setTimeout(async () => {
      this.gapTimer = null
      if (this.contiguous >= this.maxSeq()) return
      stats.gapFills++
      await this.fetch('gap').catch(() => {})
    }, 300)
  }

  /** Resolves when pred() holds; polls the server after STALL_SECONDS without news. */
  async until(pred, refresh) {
    while (!pred()) {
      if (now() > deadlineAt) throw new Deadline(`${this.owner.username}: waiting on conversation ${this.id}`)
      let wake
      const changed = new Promise((r) => (wake = r))
      this.waiters.add(wake)
      const timer = setTimeout(wake, S.stall * 1000)
      const before = this.msgs.size
      const stateBefore = this.state
      await changed
      clearTimeout(timer)
      this.waiters.delete(wake)
      if (!pred() && this.msgs.size === before && this.state === stateBefore && !this.owner.reconnecting) {
        stats.stallPolls++
        const found = await this.fetch('poll')
        if (refresh) await refresh()
        if (found) stats.stallFound += found
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Clients

class Client {
  constructor(username, index) {
    this.username = username
    this.index = index
    this.token = ''
    this.account = 0
    this.ws = null
    this.reconnecting = false
    this.stopped = false
    this.reconnectedAt = []  // when each reconnect's hello arrived (performance.now())
    this.errors = []         // what went wrong outside the main flow (reported; fails the run)
    this.resumedAt = 0
    this.random = rng(S.seed * 1_000_003 + index * 7919 + (this instanceof HelperSim ? 500_009 : 0))
  }

  async login() {
    const t = now()
    const res = await call(null, 'POST', '/api/v1/sessions', { username: this.username, password: PASSWORD })
    if (res.status !== 201) throw new Error(`login as ${this.username}: ${res.status} ${res.text.slice(0, 200)}`)
    stats.loginMs.push(now() - t)
    this.token = res.json.token
    this.account = res.json.user.id
  }

  async connect() {
    this.ws = await connectEvents(this.token, (msg, at) => this.onEvent(msg, at), () => this.dropped())
    stats.wsConnects++
  }

  dropped() {
    this.ws = null
    stats.wsDrops++
    if (this.stopped) return
    this.reconnecting = true
    void this.reconnect()
  }

  async reconnect() {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.connect()
        break
      } catch {
        await sleep(Math.min(100 * 1.5 ** attempt, 1000) * (0.5 + Math.random()))
      }
    }
    if (this.stopped) return
    this.reconnectedAt.push(now())
    try {
      await this.resume()
    } catch (e) {
      if (!(e instanceof Deadline)) this.errors.push(`resume: ${e.message}`)
    } finally {
      this.reconnecting = false
      this.resumedAt = now()
    }
  }

  stop() {
    this.stopped = true
    this.ws?.close()
  }
}

class ApplicantSim extends Client {
  constructor(username, index, arriveAt) {
    super(username, index)
    this.arriveAt = arriveAt
    this.view = null
    this.stash = new Map()  // events of conversations not (yet) known: the open's answer may come after them
    this.done = false
    this.error = null
    this.openedState = ''
    const r = this.random()
    this.rating = r < 0.7 ? 5 : r < 0.9 ? 4 : 3
    this.firstResponseMs = null
    this.openSentAt = 0
  }

  onEvent(msg, at) {
    const d = msg.data
    if (msg.type === 'chat.message') {
      if (this.view?.id === d.conversation) this.view.add(d, 'event', at)
      else {
        if (!this.stash.has(d.conversation)) this.stash.set(d.conversation, [])
        this.stash.get(d.conversation).push([{ type: 'chat.message', data: d }, at])
      }
    } else if (msg.type === 'helpdesk.conversation') {
      if (this.view?.id === d.id) {
        this.view.state = d.state
        this.view.changed()
      } else {
        if (!this.stash.has(d.id)) this.stash.set(d.id, [])
        this.stash.get(d.id).push([{ type: 'helpdesk.conversation', data: d }, at])
      }
    }
  }

  heard(view, m, via, at) {
    if (m.sender_kind === 'helper' && this.firstResponseMs === null) this.firstResponseMs = at - this.openSentAt
    otherPartyHeard(this, m, via, at)
  }

  async resume() {
    if (!this.view) return
    stats.resumeFetches++
    stats.resumeFound += await this.view.fetch('resume')
    await this.refreshState()
  }

  async refreshState() {
    const c = await ok(this.token, 'GET', `/api/v1/help/conversations/${this.view.id}`)
    this.view.state = c.state
    this.view.changed()
  }

  helperMessages() {
    let n = 0
    for (const m of this.view.msgs.values()) if (m.sender_kind === 'helper') n++
    return n
  }

  /**
   * Sends one message and waits for its 2xx, retrying with the same client_id. `drop`: the first
   * answer is lost on the client's side; before resending, the client reads what it missed (as
   * after any reconnect) and notes whether its message is already there.
   */
  async say(clientId, idx, text, drop = false) {
    const tag = `${this.username}|${clientId}`
    const rec = newRecord(tag, this, 'applicant', this.view.id, clientId, idx)
    const body = `【${tag}】${text}`
    if (drop) rec.dropped = true
    const res = await call(this.token, 'POST', `/api/v1/help/conversations/${this.view.id}/messages`, { body, client_id: clientId }, {
      onFail: () => rec.failed++,
      message: true,
      dropFirst: drop,
      beforeRetry: drop
        ? async () => {
            await this.view.fetch('resume').catch(() => {})
            for (const m of this.view.msgs.values()) if (tagOf(m.body) === tag) rec.foundBeforeResend = true
          }
        : undefined,
    }).catch(abandon(rec))
    if (res.status !== 201) throw new Error(`${tag}: POST message → ${res.status} ${res.text.slice(0, 200)}`)
    acked(rec, res.json)
    this.view.add(res.json, 'ack')
  }

  async run() {
    await sleep(Math.max(0, this.arriveAt - now()))
    const think = () => sleep(between(this.random, S.applicantThink))
    try {
      // Open, idempotent by its client id: a retry after a crash returns the conversation it opened.
      const tag = `${this.username}|open`
      const rec = newRecord(tag, this, 'applicant', 0, 'open', 0)
      this.openSentAt = rec.sendAt
      const res = await call(this.token, 'POST', '/api/v1/help/conversations', { text: `【${tag}】${QUESTIONS[this.index % QUESTIONS.length]}`, client_id: `open-${this.username}` }, {
        onFail: () => {
          if (rec.failed++ === 0) stats.openRetries++
        },
      })
      if (res.status !== 201) throw new Error(`open → ${res.status} ${res.text.slice(0, 200)}`)
      const c = res.json
      rec.conversation = c.id
      rec.ackAt = now()
      rec.ack = { seq: 1 }
      rec.openedState = c.state
      this.openedState = c.state
      if (c.state === 'queued') stats.openedQueued++
      if (c.state === 'unstaffed') stats.openedUnstaffed++
      this.view = new ConversationView(c.id, this)
      this.view.state = c.state
      for (const [id, events] of this.stash) {
        if (id !== c.id) continue
        for (const [e, at] of events) this.onEvent(e, at)
      }
      this.stash.delete(c.id)
      for (const id of this.stash.keys()) stats.unknownConversationEvents.add(id)
      const refresh = () => this.refreshState()
      if (c.state === 'unstaffed') throw new Error('nobody online: the conversation was unstaffed')
      await this.view.until(() => this.view.msgs.has(1), refresh)
      await this.view.until(() => this.helperMessages() >= 1, refresh)

      const every = S.lostAnswers > 0 ? Math.max(1, Math.floor(S.applicants / S.lostAnswers)) : 0
      const dropAt = every && this.index % every === every - 1 && this.index < every * S.lostAnswers ? Math.min(2, S.messages) : 0
      for (let i = 1; i <= S.messages; i++) {
        await think()
        await this.say(`m${i}`, i, FOLLOW_UPS[(this.index + i) % FOLLOW_UPS.length], i === dropAt)
        await this.view.until(() => this.helperMessages() >= i + 1, refresh)
      }
      await think()
      await this.say('end', S.messages + 1, '好的，明白了，谢谢！没有其他问题了。')
      await this.view.until(() => this.helperMessages() >= S.messages + 2 && this.view.state === 'resolved', refresh)

      // Rate, then confirm; after a crash the retry may find it already done.
      const id = this.view.id
      const rated = await call(this.token, 'POST', `/api/v1/help/conversations/${id}/rating`, { rating: this.rating })
      if (rated.status === 409) {
        const cur = await ok(this.token, 'GET', `/api/v1/help/conversations/${id}`)
        if (cur.rating !== this.rating) throw new Error(`rating → 409 and the conversation has rating ${cur.rating}`)
        stats.idempotentRetries++
      } else if (rated.status !== 200) throw new Error(`rating → ${rated.status} ${rated.text.slice(0, 200)}`)
      const confirmed = await call(this.token, 'POST', `/api/v1/help/conversations/${id}/confirm`, {})
      if (confirmed.status === 409) {
        const cur = await ok(this.token, 'GET', `/api/v1/help/conversations/${id}`)
        if (cur.state !== 'closed') throw new Error(`confirm → 409 and the conversation is ${cur.state}`)
        stats.idempotentRetries++
      } else if (confirmed.status !== 200) throw new Error(`confirm → ${confirmed.status} ${confirmed.text.slice(0, 200)}`)
      this.view.state = 'closed'
      this.done = true
      this.doneAt = now()
    } catch (e) {
      this.error = e.message
    }
  }
}

class HelperSim extends Client {
  constructor(username, index) {
    super(username, index)
    this.late = index < S.lateHelpers
    this.convs = new Map()  // id → {view, answered: Set of applicant seqs, chain: Promise, learnedAt, replies}
  }

  conversation(id, how) {
    let hc = this.convs.get(id)
    if (!hc) {
      hc = { view: new ConversationView(id, this), answered: new Set(), chain: Promise.resolve(), learnedAt: now(), replies: 0, how }
      hc.view.note(`known by ${how}`)
      this.convs.set(id, hc)
    }
    return hc
  }

  onEvent(msg, at) {
    const d = msg.data
    if (msg.type === 'chat.message') {
      const hc = this.conversation(d.conversation, 'event')
      hc.view.add(d, 'event', at)
    } else if (msg.type === 'helpdesk.conversation') {
      if (d.helper !== this.account) return
      const fresh = !this.convs.has(d.id)
      const hc = this.conversation(d.id, 'event')
      hc.view.note(`helpdesk.conversation ${d.state}`)
      hc.view.state = d.state
      // A conversation assigned by the ticker has no chat.message for us: read it. One assigned at
      // open is followed by the opening message's event, so wait for that a moment first.
      if (fresh)
        setTimeout(() => {
          if (hc.view.contiguous === 0)
            void hc.view.fetch('assign').catch((e) => {
              hc.view.note(`assign fetch failed: ${e.message}`)
              this.errors.push(`conversation ${hc.view.id}: reading it on assignment: ${e.message}`)
            })
        }, 250)
    } else if (msg.type === 'helpdesk.sla_missed') {
      stats.slaMissedEvents++
    }
  }

  heard(view, m, via, at) {
    otherPartyHeard(this, m, via, at)
    this.schedule(this.convs.get(view.id))
  }

  /** Queues one answer per applicant message, in seq order, one at a time per conversation. */
  schedule(hc) {
    if (!hc) return
    for (let seq = 1; seq <= hc.view.contiguous; seq++) {
      const m = hc.view.msgs.get(seq)
      if (m.sender_kind !== 'applicant' || hc.answered.has(seq)) continue
      hc.answered.add(seq)
      hc.chain = hc.chain.then(() => this.answer(hc, m)).catch((e) => {
        if (!(e instanceof Deadline)) this.errors.push(e.message)
      })
    }
  }

  async answer(hc, m) {
    const first = hc.replies === 0
    if (first && this.late) await sleep(Math.max(0, hc.learnedAt + S.lateSeconds * 1000 - now()))
    await sleep(between(this.random, S.helperThink))
    const clientId = `r-${m.seq}`
    const tag = `${this.username}|c${hc.view.id}|${clientId}`
    const rec = newRecord(tag, this, 'helper', hc.view.id, clientId, m.seq)
    const text = m.client_id === 'end' ? '不客气，祝您办事顺利！本次咨询将标记为已解决。' : ANSWERS[(m.seq + this.index) % ANSWERS.length]
    const res = await call(this.token, 'POST', `/api/v1/help/conversations/${hc.view.id}/messages`, { body: `【${tag}】${text}`, client_id: clientId }, {
      onFail: () => rec.failed++,
      message: true,
    }).catch(abandon(rec))
    if (res.status !== 201) throw new Error(`${tag}: POST → ${res.status} ${res.text.slice(0, 200)}`)
    acked(rec, res.json)
    hc.replies++
    hc.view.add(res.json, 'ack')
    if (m.client_id === 'end') {
      const r = await call(this.token, 'POST', `/api/v1/help/conversations/${hc.view.id}/resolve`, { category: '咨询解答' })
      if (r.status === 409) {
        const cur = await ok(this.token, 'GET', `/api/v1/help/conversations/${hc.view.id}`)
        if (cur.state !== 'resolved' && cur.state !== 'closed') throw new Error(`resolve → 409 and the conversation is ${cur.state}`)
        stats.idempotentRetries++
      } else if (r.status !== 200) throw new Error(`resolve → ${r.status} ${r.text.slice(0, 200)}`)
      hc.view.state = 'resolved'
    }
  }

  /** After a reconnect, or as the console's periodic refresh: my queue, then what I missed. */
  async syncQueue(via) {
    const q = await ok(this.token, 'GET', '/api/v1/help/queue')
    for (const c of q.items) {
      if (c.state !== 'active') continue
      const known = this.convs.has(c.id)
      const hc = this.conversation(c.id, via)
      if (!known && via === 'queue') stats.queuePollsFound++
      if (via === 'resume' || c.last_seq > hc.view.contiguous) hc.view.note(`${via}: queue says last_seq ${c.last_seq}, assigned ${c.assigned_at}`)
      hc.view.state = c.state
      if (c.last_seq > hc.view.contiguous) {
        // The first read of a conversation assigned after it queued (often by this helper's own
        // heartbeat, whose tick assigns the queue) is how its opening message arrives: no
        // chat.message is addressed to a helper before the assignment.
        const first = hc.view.contiguous === 0
        const found = await hc.view.fetch(via === 'queue' ? (first ? 'assign' : 'poll') : 'resume')
        if (via === 'queue' && found && !first) stats.stallFound += found
        if (via === 'resume') stats.resumeFound += found
      }
    }
  }

  async resume() {
    stats.resumeFetches++
    await ok(this.token, 'PUT', '/api/v1/help/presence', { presence: 'online' })
    await this.syncQueue('resume')
  }

  /** Heartbeat every 30 s (the console's), queue refresh every 15 s. */
  async background() {
    let last = now()
    while (!this.stopped) {
      await sleep(15_000 * (0.8 + 0.4 * this.random()))
      if (this.stopped || this.reconnecting) continue
      try {
        if (now() - last > 25_000) {
          await ok(this.token, 'PUT', '/api/v1/help/presence', { presence: 'online' })
          last = now()
        }
        await this.syncQueue('queue')
      } catch (e) {
        if (!(e instanceof Deadline)) this.errors.push(e.message)
      }
    }
  }
}

function newRecord(tag, client, kind, conversation, clientId, idx) {
  let rec = records.get(tag)
  if (!rec) {
    rec = { tag, from: client.username, kind, conversation, clientId, idx, sendAt: now(), failed: 0, ack: null, ackAt: 0, otherAt: 0, otherVia: '', otherEventAt: 0 }
    records.set(tag, rec)
  }
  return rec
}

/** At the deadline a client gives up its unanswered message: "unfinished", not "lost". */
const abandon = (rec) => (e) => {
  if (e instanceof Deadline) rec.abandoned = true
  throw e
}

function acked(rec, m) {
  rec.ackAt = now()
  rec.ack = { id: m.id, seq: m.seq, created_at: m.created_at }
  if (rec.failed === 0) stats.postMs.push(rec.ackAt - rec.sendAt)
}

/** The first time the other party has a message: the delivery that the latency figure measures. */
function otherPartyHeard(client, m, via, at) {
  const tag = tagOf(m.body)
  const rec = tag && records.get(tag)
  if (!rec || rec.from === client.username) return
  if (!rec.otherAt) {
    rec.otherAt = at
    rec.otherVia = via
  }
  if (via === 'event' && !rec.otherEventAt) rec.otherEventAt = at
}

const QUESTIONS = [
  '你好，我想咨询一下个体工商户营业执照怎么办理，需要准备哪些材料？',
  '请问失业登记在网上怎么申请？我上个月刚离职。',
  '食品经营许可证办下来一般要多久？可以加急吗？',
  '公司变更法定代表人需要本人到现场吗？',
  '我的申请被退回了，说材料不全，具体缺什么？',
  '灵活就业人员社保补贴怎么申请，有什么条件？',
]
const FOLLOW_UPS = [
  '好的，那身份证复印件需要正反面吗？',
  '如果房屋是租的，租赁合同要备案吗？',
  '网上提交以后还要去窗口吗？',
  '大概几个工作日能有结果？',
  '办理进度在哪里可以查到？',
]
const ANSWERS = [
  '您好，我是帮办人员。可以在“一网通办”上直接申请，系统会自动带出您的基本信息，按提示上传材料即可。',
  '需要的，请上传身份证正反面的清晰照片，电子证照库里已有的材料可以免于提交。',
  '全程网办的事项不需要到窗口，审批通过后证照会推送到您的电子证照库。',
  '一般是 5 个工作日内办结，进度可以在“我的办件”里随时查看。',
  '租赁合同不需要单独备案，上传合同扫描件即可，系统会核验地址。',
]

// ---------------------------------------------------------------------------------------------
// The server: a template store per binary, a copy per run, serve with an optional fake clock.

async function run(bin, args, opts = {}) {
  const { stdout } = await execFileP(bin, args, { cwd: REPO_DIR, maxBuffer: 16 << 20, ...opts })
  return stdout
}

async function newest(dir) {
  let latest = 0
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) latest = Math.max(latest, (await stat(path.join(e.parentPath ?? e.path, e.name))).mtimeMs)
  return latest
}

/** A store seeded with the demo district and the bench accounts, seeded once per binary and data/. */
async function template() {
  const b = statSync(S.bin)
  // At least the default counts, so that smaller runs use the same template (a subset of accounts).
  const [na, nh] = [Math.max(S.applicants, 300), Math.max(S.helpers, 30)]
  const key = `${Math.round(b.mtimeMs)}-${b.size}-${Math.round(await newest(path.join(REPO_DIR, 'data')))}-${na}x${nh}`
  const dir = path.join(S.seedCache, key)
  if (existsSync(dir)) return { dir, seeded: false }
  await mkdir(S.seedCache, { recursive: true })
  const lock = `${dir}.lock`
  for (;;) {
    try {
      await mkdir(lock)
      break
    } catch {
      let pid = 0
      try {
        pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'))
      } catch {
        // no pid yet
      }
      let alive = false
      try {
        if (pid > 0) alive = process.kill(pid, 0)
      } catch {
        // gone
      }
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0
      if (!alive && (pid > 0 || age > 600_000)) await rm(lock, { recursive: true, force: true })
      await sleep(500)
      if (existsSync(dir)) return { dir, seeded: false }
    }
  }
  try {
    await writeFile(path.join(lock, 'pid'), String(process.pid))
    // Templates of other binaries or counts are of no further use (each is ~230 MB).
    for (const old of await readdir(S.seedCache))
      if (!old.endsWith('.lock') && !existsSync(path.join(S.seedCache, `${old.replace(/\.partial$/, '')}.lock`)))
        await rm(path.join(S.seedCache, old), { recursive: true, force: true })
    const partial = `${dir}.partial`
    await rm(partial, { recursive: true, force: true })
    log(`seeding a template store: demo district + ${na} applicants and ${nh} helpers (once per binary, ~40 s)…`)
    await run(S.bin, ['seed', '--profile', 'demo', '--data', partial, '--bench-accounts', `${na},${nh}`], {
      env: { ...env, HAOBAN_LOG_LEVEL: 'warn' },
    })
    await rename(partial, dir)
  } finally {
    await rm(lock, { recursive: true, force: true })
  }
  return { dir, seeded: true }
}

/** China-time parts of an epoch-ms instant. */
function china(ms) {
  const d = new Date(ms + 8 * 3600_000)
  return { date: d.toISOString().slice(0, 10), minutes: d.getUTCHours() * 60 + d.getUTCMinutes() }
}
const isWorking = async (date) => (await run(S.bin, ['calendar', 'is-working', date])).trim() === 'yes'

/**
 * The clock offset (s) that puts the server inside business hours: 0 when the real time already is
 * (with an hour to spare), else the next working day at 10:00 China time.
 */
async function clockOffset() {
  if (S.fakeTime === 'off') return { offset: 0, reason: 'FAKE_TIME=off' }
  if (!S.faketimeLib || !existsSync(S.faketimeLib)) return { offset: 0, reason: 'libfaketime not found' }
  if (S.fakeTime !== 'auto') {
    const target = Date.parse(`${S.fakeTime.replace(' ', 'T')}:00+08:00`)
    if (Number.isNaN(target)) throw new Error(`FAKE_TIME=${S.fakeTime}: want YYYY-MM-DD HH:MM (China time)`)
    return { offset: Math.round((target - Date.now()) / 1000), reason: `FAKE_TIME=${S.fakeTime}` }
  }
  const c = china(Date.now())
  if (c.minutes >= 9 * 60 && c.minutes < 16 * 60 && (await isWorking(c.date))) return { offset: 0, reason: 'real time is in business hours' }
  let day = Date.parse(`${c.date}T10:00:00+08:00`)
  if (c.minutes >= 10 * 60 || !(await isWorking(c.date))) {
    do day += 86_400_000
    while (!(await isWorking(china(day).date)))
  }
  return { offset: Math.round((day - Date.now()) / 1000), reason: `moved to ${china(day).date} 10:00 China time` }
}

class Server {
  constructor(dataDir, webRoot, offset, logDir) {
    Object.assign(this, { dataDir, webRoot, offset, logDir })
    this.generation = 0
    // Whatever ends this process (a failure, Ctrl-C) takes the server with it.
    process.on('exit', () => this.child?.exitCode === null && this.child.signalCode === null && this.child.kill('SIGKILL'))
  }

  async start() {
    this.generation++
    const childEnv = { ...env, HAOBAN_LOG_ACCESS_LOG: 'false', HAOBAN_LOG_LEVEL: env.HAOBAN_LOG_LEVEL ?? 'warn' }
    if (this.offset !== 0) {
      Object.assign(childEnv, {
        LD_PRELOAD: S.faketimeLib,
        FAKETIME: `${this.offset >= 0 ? '+' : ''}${this.offset}`,
        FAKETIME_DONT_FAKE_MONOTONIC: '1',  // Asio timers and steady clocks stay real
        FAKETIME_DONT_RESET: '1',
      })
    }
    const logFile = path.join(this.logDir, `serve-${this.generation}.log`)
    const fd = openSync(logFile, 'a')
    const t = now()
    this.child = spawn(S.bin, ['serve', '--data', this.dataDir, '--listen', `127.0.0.1:${PORT}`, '--web-root', this.webRoot], {
      cwd: REPO_DIR,
      env: childEnv,
      stdio: ['ignore', fd, fd],
    })
    this.exited = new Promise((r) => this.child.once('exit', (code, signal) => r({ code, signal })))
    this.cpu0 = null
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`haoban serve exited early; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`)
      try {
        const res = await request('GET', '/readyz')
        if (res.status === 200) break
      } catch {
        // not listening yet
      }
      if (now() - t > 60_000) throw new Error(`haoban serve not ready within 60 s; see ${logFile}`)
      await sleep(50)
    }
    this.readyMs = now() - t
    return this.readyMs
  }

  /** user+system CPU seconds of the process so far (/proc/PID/stat). */
  cpuSeconds() {
    try {
      const f = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
      return (Number(f[11]) + Number(f[12])) / 100
    } catch {
      return 0
    }
  }

  async kill(signal) {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    this.child.kill(signal)
    if (signal === 'SIGTERM') {
      const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
      await this.exited
      clearTimeout(t)
    } else await this.exited
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

const pct = (xs, p) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length, Math.max(1, Math.ceil(p * s.length))) - 1]
}
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—')
const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '—')
const secs = (iso) => Date.parse(iso) / 1000

/** Everything the server has, read as admin: conversations by id, each with its messages. */
async function readServer(adminToken, knownMax) {
  const convs = new Map()
  let misses = 0
  for (let id = 1; misses < 20 || id <= knownMax; id++) {
    const res = await call(adminToken, 'GET', `/api/v1/help/conversations/${id}`)
    if (res.status === 404) {
      misses++
      continue
    }
    if (res.status !== 200) throw new Error(`GET conversation ${id} → ${res.status}`)
    misses = 0
    const c = res.json
    c.messages = []
    for (let after = 0; ; ) {
      const page = await ok(adminToken, 'GET', `/api/v1/help/conversations/${id}/messages?after=${after}`)
      c.messages.push(...page.items)
      if (page.items.length < 1000) break
      after = page.items.at(-1).seq
    }
    convs.set(id, c)
  }
  return convs
}

function check(results, name, failures, detail = '') {
  results.push({ name, pass: failures.length === 0, failures: failures.slice(0, 10), failed: failures.length, detail })
}

function verify(server, applicants, helpers, { businessDay, assessment }) {
  const results = []
  const fakeKillMs = crash.fakeKillMs

  // 0. Every applicant got through: opened, answered, resolved, rated, confirmed.
  check(results, 'every applicant finished (answered, resolved, rated, confirmed) before the deadline',
    applicants.filter((a) => !a.done).map((a) => `${a.username}: ${a.error ?? 'unfinished'}`))

  // 1. Lost: each client_id sent is on the server exactly once, and acknowledged ones as acknowledged.
  const lost = []
  const ackMismatch = []
  const serverTags = new Map()  // tag → [message, conversation id]
  const dupTags = []
  for (const [cid, c] of server) {
    for (const m of c.messages) {
      const tag = tagOf(m.body)
      if (!tag) continue
      if (serverTags.has(tag)) {
        const [, other] = serverTags.get(tag)
        if (!tag.endsWith('|open') || other === cid) dupTags.push(`${tag} in conversation ${cid} seq ${m.seq} and ${other}`)
        continue  // a second open of the same applicant: reported as an orphan below
      }
      serverTags.set(tag, [m, cid])
    }
  }
  for (const rec of records.values()) {
    const hit = serverTags.get(rec.tag)
    if (!hit && rec.abandoned) continue  // given up at the deadline: the first check fails instead
    if (!hit) {
      lost.push(`${rec.tag} (conversation ${rec.conversation}, ${rec.ack ? 'acknowledged' : 'never acknowledged'})`)
      continue
    }
    const [m, cid] = hit
    if (rec.conversation && cid !== rec.conversation && rec.clientId !== 'open') ackMismatch.push(`${rec.tag}: in conversation ${cid}, sent to ${rec.conversation}`)
    if (rec.ack && rec.clientId !== 'open' && (rec.ack.id !== m.id || rec.ack.seq !== m.seq))
      ackMismatch.push(`${rec.tag}: acknowledged as id ${rec.ack.id} seq ${rec.ack.seq}, stored as id ${m.id} seq ${m.seq}`)
    if (m.client_id !== rec.clientId) ackMismatch.push(`${rec.tag}: client_id ${m.client_id} stored, ${rec.clientId} sent`)
  }
  check(results, 'no message lost: every client_id sent is stored (acknowledged ones as acknowledged: same id and seq)', [...lost, ...ackMismatch])

  // 2. Duplicated: per conversation, (sender, client_id) and body tags once; seq 1..last_seq with no gap.
  const dups = [...dupTags]
  for (const [cid, c] of server) {
    const seen = new Set()
    c.messages.forEach((m, i) => {
      const k = `${m.sender_kind}|${m.sender_name}|${m.client_id}`
      if (seen.has(k)) dups.push(`conversation ${cid}: ${k} twice`)
      seen.add(k)
      if (m.seq !== i + 1) dups.push(`conversation ${cid}: message #${i + 1} has seq ${m.seq}`)
    })
    if (c.messages.length !== c.last_seq) dups.push(`conversation ${cid}: ${c.messages.length} messages, last_seq ${c.last_seq}`)
  }
  const viewDiffs = stats.viewConflicts.map((v) => `${v.client} conversation ${v.conversation} seq ${v.seq}: ids ${v.had} and ${v.got}`)
  for (const cl of [...applicants, ...helpers]) {
    const views = cl instanceof ApplicantSim ? (cl.view ? [cl.view] : []) : [...cl.convs.values()].map((h) => h.view)
    for (const v of views) {
      const s = server.get(v.id)
      if (!s) {
        viewDiffs.push(`${cl.username}: conversation ${v.id} not on the server`)
        continue
      }
      const want = s.messages.map((m) => `${m.seq}:${m.id}`).join(',')
      const got = [...v.msgs.values()].sort((a, b) => a.seq - b.seq).map((m) => `${m.seq}:${m.id}`).join(',')
      if (want !== got) viewDiffs.push(`${cl.username} conversation ${v.id}: saw [${got}], server has [${want}]`)
    }
  }
  check(results, 'no message duplicated on the server (sender+client_id once, seq 1..last_seq without gaps)', dups)
  check(results, "each client's view, deduplicated by seq, equals the server's list", viewDiffs)

  // 3. Order: seq strictly increasing; each sender's messages in the order they were sent.
  const order = []
  for (const [cid, c] of server) {
    const lastIdx = new Map()
    let lastSeq = 0
    for (const m of c.messages) {
      if (m.seq <= lastSeq) order.push(`conversation ${cid}: seq ${m.seq} after ${lastSeq}`)
      lastSeq = m.seq
      const rec = records.get(tagOf(m.body) ?? '')
      if (!rec) continue
      const prev = lastIdx.get(rec.from) ?? -1
      if (rec.idx <= prev) order.push(`conversation ${cid}: ${rec.tag} (sent #${rec.idx}) stored after #${prev}`)
      lastIdx.set(rec.from, rec.idx)
    }
  }
  check(results, 'order kept per conversation (seq strictly increasing; each sender in sending order)', order)

  // 4. First-response timers.
  const sla = []
  let met = 0
  let missed = 0
  let dueChecked = 0
  const firstResponse = []
  const firstResponseQueued = []
  const firstResponseDirect = []
  for (const [cid, c] of server) {
    const fr = c.sla.filter((t) => t.kind === 'first_response')
    if (fr.length !== 1) {
      sla.push(`conversation ${cid}: ${fr.length} first_response timers`)
      continue
    }
    const t = fr[0]
    if (t.started_at !== c.created_at) sla.push(`conversation ${cid}: timer started ${t.started_at}, conversation created ${c.created_at}`)
    const opening = c.messages[0]
    if (opening && opening.created_at !== c.created_at)
      sla.push(`conversation ${cid}: created (and its timer started) ${c.created_at}, but the opening message was stored at ${opening.created_at}`)
    const created = secs(c.created_at)
    const cd = china(created * 1000)
    const exact = Boolean(businessDay && cd.date === businessDay && cd.minutes >= 9 * 60 && cd.minutes + 1 < 17 * 60)
    if (exact) {
      dueChecked++
      if (secs(t.due_at) !== created + FIRST_RESPONSE_TARGET_S) sla.push(`conversation ${cid}: due ${t.due_at}, want created ${c.created_at} + 60 s`)
    } else if (secs(t.due_at) < created + FIRST_RESPONSE_TARGET_S) sla.push(`conversation ${cid}: due ${t.due_at} less than a minute after ${c.created_at}`)
    const firstHelper = c.messages.find((m) => m.sender_kind === 'helper')
    if (c.first_response_at) {
      const took = secs(c.first_response_at) - created
      firstResponse.push(took)
      const queued = records.get(`${c.messages[0] ? tagOf(c.messages[0].body) : ''}`)?.openedState === 'queued'
      ;(queued ? firstResponseQueued : firstResponseDirect).push(took)
      if (!firstHelper || firstHelper.created_at !== c.first_response_at)
        sla.push(`conversation ${cid}: first_response_at ${c.first_response_at} (the timer stopped ${t.stopped_at}), but the first helper message (seq ${firstHelper?.seq}) was stored at ${firstHelper?.created_at}`)
      if (t.stopped_at !== c.first_response_at) sla.push(`conversation ${cid}: timer stopped ${t.stopped_at}, first response ${c.first_response_at}`)
      const within = secs(c.first_response_at) <= secs(t.due_at)
      const want = within ? 'met' : 'missed'
      if (t.state !== want) sla.push(`conversation ${cid}: first response after ${took} s (due ${t.due_at}) but the timer says ${t.state}`)
      if (exact && (took <= FIRST_RESPONSE_TARGET_S) !== within)
        sla.push(`conversation ${cid}: answered after ${took} s, yet within-due is ${within}`)
      if (t.state === 'met') met++
      else missed++
    } else {
      if (firstHelper) sla.push(`conversation ${cid}: a helper answered (seq ${firstHelper.seq}) but first_response_at is empty`)
      if (t.stopped_at) sla.push(`conversation ${cid}: no first response, timer stopped ${t.stopped_at}`)
    }
    if (c.state === 'closed') {
      const running = c.sla.filter((x) => !x.stopped_at)
      if (running.length) sla.push(`conversation ${cid}: closed with timers running: ${running.map((x) => x.kind).join(', ')}`)
    }
  }
  if (assessment) {
    const sum = (k) => assessment.rows.reduce((a, r) => a + r[k], 0)
    const assigned = [...server.values()].filter((c) => c.helper !== 0).length
    const responded = [...server.values()].filter((c) => c.helper !== 0 && c.first_response_at).length
    if (sum('conversations') !== assigned) sla.push(`assessment: ${sum('conversations')} conversations, the store has ${assigned} assigned`)
    if (sum('responded') !== responded) sla.push(`assessment: ${sum('responded')} responded, the store has ${responded}`)
    if (sum('within_target') !== met) sla.push(`assessment: ${sum('within_target')} within target, ${met} timers met`)
  }
  check(results, 'first-response timers correct (met iff the first helper message came by the due time; started/stopped = the opening / first helper message)', sla,
    `${met} met, ${missed} missed; due time recomputed for ${dueChecked} conversations`)

  // 5. The restart.
  const restart = []
  if (crash.planned) {
    if (!crash.done) restart.push('the server was not restarted')
    for (const cl of [...applicants, ...helpers]) {
      if (!cl.reconnectedAt.some((t) => t > crash.killAt)) restart.push(`${cl.username}: no WebSocket reconnect after the restart`)
      else if (cl.resumedAt < crash.killAt) restart.push(`${cl.username}: reconnected but did not resume`)
    }
    check(results, 'the restart: server killed (SIGKILL) and restarted; every connected client reconnected and resumed', restart)
  }

  // Live delivery: a message sent and answered well clear of the restart reached the other party by
  // its WebSocket event (perhaps after a fetch had found it: late is not lost). Not the opening message
  // of a conversation queued at open: no event is addressed to a helper before the assignment.
  const live = []
  const lastResume = crash.done ? Math.max(...[...applicants, ...helpers].map((c) => c.resumedAt)) : 0
  for (const rec of records.values()) {
    if (!rec.ack || rec.failed || !rec.otherAt) continue
    if (crash.done && !(rec.ackAt < crash.killAt - 100 || rec.sendAt > lastResume)) continue
    if (rec.otherEventAt || rec.openedState === 'queued') continue
    live.push(`${rec.tag}: no chat.message event reached the other party (it had the message by ${rec.otherVia}, ${f0(rec.otherAt - rec.sendAt)} ms after sending)`)
  }
  check(results, 'live delivery: outside the restart window every message reached the other party by its WebSocket event', live)

  // Orphans: a conversation opened by a retried POST whose first answer was lost. Opens carry a
  // client id, so a retry must return the conversation the first attempt opened: none may exist.
  const orphans = []
  const opened = new Set(applicants.map((a) => a.view?.id).filter(Boolean))
  for (const [cid, c] of server)
    if (!opened.has(cid))
      orphans.push({ id: cid, applicant: c.applicant_name, state: c.state, helper: c.helper_name, messages: c.messages.map((m) => `${m.seq} ${m.sender_kind} ${m.client_id}`), created_at: c.created_at })
  check(results, 'no orphan conversations: a retried open returns the conversation it opened', orphans.map((o) => `conversation ${o.id} of ${o.applicant} (${o.state})`))

  // Answers dropped by the client: was the message stored anyway, and did the resend return it?
  const dropped = [...records.values()].filter((r) => r.dropped)
  const droppedStored = dropped.filter((r) => r.foundBeforeResend).length

  // Resends after the crash: stored before it (the answer was lost) or by the resend.
  const resent = [...records.values()].filter((r) => r.failed > 0 && r.clientId !== 'open' && !r.dropped)
  let storedBefore = 0
  for (const r of resent) {
    const hit = serverTags.get(r.tag)
    if (hit && crash.done && Date.parse(hit[0].created_at) <= fakeKillMs) storedBefore++
  }

  return { results, met, missed, dueChecked, firstResponse, firstResponseQueued, firstResponseDirect, orphans, resent: resent.length, storedBefore, dropped: dropped.length, droppedStored }
}

// ---------------------------------------------------------------------------------------------
// Main

async function machine() {
  const m = { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu: '', date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), commit: '', node: process.version }
  try {
    m.cpu = (await execFileP('lscpu')).stdout.match(/^Model name:\s*(.+)$/m)?.[1]?.trim() ?? ''
  } catch {
    m.cpu = os.cpus()[0]?.model ?? ''
  }
  try {
    m.commit = (await execFileP('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR })).stdout.trim()
  } catch {
    m.commit = '?'
  }
  return m
}

/** Busy and total CPU jiffies of the whole machine (/proc/stat), to tell a quiet run from a shared one. */
function machineCpu() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const idle = f[3] + (f[4] ?? 0)
    const total = f.reduce((a, b) => a + b, 0)
    return { busy: (total - idle) / 100, total: total / 100 }
  } catch {
    return { busy: 0, total: 0 }
  }
}

async function pool(items, n, fn) {
  let i = 0
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) await fn(items[i++])
  }))
}

async function main() {
  if (!existsSync(S.bin)) throw new Error(`${S.bin} not found: build first or set HAOBAN_BIN`)
  const help = await run(S.bin, ['seed', '--help'])
  if (!help.includes('--bench-accounts')) throw new Error(`${S.bin} has no \`seed --bench-accounts\`: rebuild it`)
  if (S.applicants < 1 || S.helpers < 1 || S.lateHelpers >= S.helpers) throw new Error('want APPLICANTS ≥ 1 and HELPERS > LATE_HELPERS')
  if (crash.planned && S.down < 1) log('note: DOWN_SECONDS < 1 — "stored before the crash" may be miscounted (timestamps have whole seconds)')

  const info = await machine()
  log(`haoban 帮办 load: ${S.applicants} applicants, ${S.helpers} helpers (${S.lateHelpers} late), ${S.messages + 2} applicant messages each; ${info.nproc} CPUs, ${info.cpu}; commit ${info.commit}`)

  await mkdir(S.workDir, { recursive: true })
  const runDir = await mkdtemp(path.join(S.workDir, 'run-'))
  const dataDir = path.join(runDir, 'store')
  const webRoot = path.join(runDir, 'web')
  await mkdir(webRoot)
  const tpl = await template()
  await cp(tpl.dir, dataDir, { recursive: true })
  const { offset, reason } = await clockOffset()
  const businessDay = await (async () => {
    const c = china(Date.now() + offset * 1000)
    return c.minutes >= 9 * 60 && c.minutes < 17 * 60 && (await isWorking(c.date)) ? c.date : null
  })()
  const fakeNote = offset ? `server clock ${offset >= 0 ? '+' : ''}${offset} s (libfaketime; ${reason})` : `server clock real (${reason})`
  log(`${tpl.seeded ? 'seeded' : 'copied'} store ${dataDir}; ${fakeNote}${businessDay ? '' : ' — NOT in business hours: timers count from the next opening'}`)

  PORT = await freePort()
  const server = new Server(dataDir, webRoot, offset, runDir)
  const readyMs = await server.start()
  log(`haoban serve ready on 127.0.0.1:${PORT} in ${f0(readyMs)} ms`)

  const helpers = Array.from({ length: S.helpers }, (_, i) => new HelperSim(`load.helper.${String(i + 1).padStart(S.helpers > 99 ? 3 : 2, '0')}`, i))
  const applicants = Array.from({ length: S.applicants }, (_, i) => new ApplicantSim(`load.applicant.${String(i + 1).padStart(4, '0')}`, i, 0))
  const admin = new HelperSim('admin', -1)

  let t = now()
  await admin.login()
  await pool([...helpers, ...applicants], 8, (c) => c.login())
  const loginSeconds = (now() - t) / 1000
  log(`${helpers.length + applicants.length} logins in ${f1(loginSeconds)} s (p50 ${f0(pct(stats.loginMs, 0.5))} ms: argon2id)`)
  t = now()
  await pool([...helpers, ...applicants], 32, (c) => c.connect())
  log(`${stats.wsConnects} WebSockets open in ${f1((now() - t) / 1000)} s`)
  for (const h of helpers) await ok(h.token, 'PUT', '/api/v1/help/presence', { presence: 'online' })
  log(`${helpers.length} helpers online (3 seats each; ${S.lateHelpers} answer new conversations only after ${S.lateSeconds} s)`)

  // The conversation phase.
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const t0 = now()
  deadlineAt = t0 + S.deadline * 1000
  let cpu0 = server.cpuSeconds()
  let cpuBefore = 0  // CPU of the killed process during the phase
  const machine0 = machineCpu()
  const client0 = process.cpuUsage()
  const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0]
  const r = rng(S.seed)
  applicants.forEach((a, i) => (a.arriveAt = t0 + (S.arrival * 1000 * (i + r())) / S.applicants))
  for (const h of helpers) void h.background()
  const runs = applicants.map((a) => a.run())

  let crashTask = Promise.resolve()
  if (crash.planned) {
    crashTask = (async () => {
      await sleep(S.crashAt * 1000)
      // Armed: the next time CRASH_INFLIGHT message POSTs are outstanding (or after 10 s regardless).
      await new Promise((resolve) => {
        crash.fire = resolve
        crash.armed = true
        setTimeout(resolve, 10_000)
      })
      crash.armed = false
      cpuBefore = server.cpuSeconds() - cpu0
      crash.killAt = now()
      crash.killWall = Date.now()
      crash.fakeKillMs = crash.killWall + offset * 1000
      await server.kill('SIGKILL')
      const unacked = [...records.values()].filter((x) => !x.ack).length
      log(`SIGKILL to haoban serve at ${f1((crash.killAt - t0) / 1000)} s (server time ${new Date(crash.fakeKillMs).toISOString()}) with ${unacked} message(s) sent and unanswered (${records.size} sent so far)`)
      await sleep(S.down * 1000)
      crash.spawnWall = Date.now()
      const ms = await server.start()
      cpu0 = server.cpuSeconds()  // the restarted process's start-up is not load
      crash.readyAt = now()
      crash.done = true
      log(`restarted on the same store and port: ready ${f0(ms)} ms after spawn, ${f1((crash.readyAt - crash.killAt) / 1000)} s after the kill`)
    })()
  }
  const progress = setInterval(() => {
    const done = applicants.filter((a) => a.done).length
    const active = applicants.filter((a) => a.view && !a.done).length
    log(`${done} done, ${active} in conversation, ${records.size} messages sent`)
  }, 10_000)
  await crashTask
  await Promise.all(runs)
  clearInterval(progress)
  const tEnd = Math.max(...applicants.map((a) => a.doneAt ?? now()))
  const phase = (tEnd - t0) / 1000
  const cpu = cpuBefore + server.cpuSeconds() - cpu0
  const machine1 = machineCpu()
  const clientCpu = Object.values(process.cpuUsage(client0)).reduce((a, b) => a + b, 0) / 1e6
  const machineBusy = machine1.busy - machine0.busy
  const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0]
  loop.disable()
  log(`conversation phase over in ${f1(phase)} s: ${applicants.filter((a) => a.done).length}/${applicants.length} applicants done`)

  // Let helpers finish what is in flight (an answer to an orphan), then stop everyone.
  deadlineAt = Infinity
  await sleep(1500)
  for (const c of [...helpers, ...applicants]) c.stop()
  await Promise.all(helpers.flatMap((h) => [...h.convs.values()].map((hc) => hc.chain)))

  // Read everything back as admin and check.
  const knownMax = Math.max(0, ...applicants.map((a) => a.view?.id ?? 0))
  const serverState = await readServer(admin.token, knownMax)
  const assessmentRes = await call(admin.token, 'GET', '/api/v1/help/assessment?by=helper')
  const assessment = assessmentRes.status === 200 ? assessmentRes.json : null
  const v = verify(serverState, applicants, helpers, { businessDay, assessment })

  // Figures.
  const stored = [...serverState.values()].reduce((a, c) => a + c.messages.length, 0)
  const acks = [...records.values()].filter((x) => x.ackAt).map((x) => x.ackAt - t0).sort((x, y) => x - y)
  let peak10 = 0
  for (let i = 0, j = 0; i < acks.length; i++) {
    while (acks[i] - acks[j] > 10_000) j++
    peak10 = Math.max(peak10, i - j + 1)
  }
  const spans = applicants.filter((a) => a.view).flatMap((a) => [[a.openSentAt, 1], [a.doneAt ?? tEnd, -1]]).sort((x, y) => x[0] - y[0] || x[1] - y[1])
  let concurrent = 0
  let peakConcurrent = 0
  for (const [, d] of spans) peakConcurrent = Math.max(peakConcurrent, (concurrent += d))
  const direct = [...records.values()].filter((x) => x.failed === 0 && x.otherAt && x.otherVia === 'event' && x.ackAt)
  const sendToEvent = direct.map((x) => x.otherAt - x.sendAt)
  const ackToEvent = direct.map((x) => x.otherAt - x.ackAt)
  // The other party had it by a fetch, not by its event; a queued conversation's opening message
  // reaches the helper by the fetch on assignment (no event is addressed to a helper before that).
  const byFetch = [...records.values()].filter((x) => x.otherAt && !['event', 'ack', 'assign'].includes(x.otherVia))
  const eventAfterFetch = byFetch.filter((x) => x.otherEventAt).length
  const frClient = applicants.map((a) => a.firstResponseMs).filter((x) => x !== null)
  const reconnects = crash.done ? [...applicants, ...helpers].flatMap((c) => c.reconnectedAt.filter((t) => t > crash.killAt).slice(0, 1).map((t) => t - crash.readyAt)) : []
  const lastResume = crash.done ? Math.max(0, ...[...applicants, ...helpers].map((c) => (c.resumedAt > crash.killAt ? c.resumedAt : 0))) : 0
  const clientErrors = [...helpers, ...applicants].flatMap((c) => c.errors.map((e) => `${c.username}: ${e}`))
  const figures = {
    machine: info,
    settings: { ...S, bin: path.relative(REPO_DIR, S.bin) || S.bin },
    clock: fakeNote,
    businessDay,
    applicants: S.applicants,
    helpers: S.helpers,
    conversations: serverState.size,
    unknownConversationEvents: [...stats.unknownConversationEvents],
    orphanConversations: v.orphans,
    openedQueued: stats.openedQueued,
    messagesStored: stored,
    messagesSentByClients: records.size,
    phaseSeconds: phase,
    messagesPerSecond: stored / phase,
    peakMessagesPer10s: peak10 / 10,
    peakConcurrentConversations: peakConcurrent,
    deliverySendToEventMs: { n: sendToEvent.length, p50: pct(sendToEvent, 0.5), p90: pct(sendToEvent, 0.9), p99: pct(sendToEvent, 0.99), max: pct(sendToEvent, 1) },
    deliveryAckToEventMs: { p50: pct(ackToEvent, 0.5), p90: pct(ackToEvent, 0.9), p99: pct(ackToEvent, 0.99), eventFirst: ackToEvent.filter((x) => x < 0).length },
    postMs: { n: stats.postMs.length, p50: pct(stats.postMs, 0.5), p90: pct(stats.postMs, 0.9), p99: pct(stats.postMs, 0.99) },
    deliveredByFetch: byFetch.length,
    eventAfterFetch,
    droppedAnswers: { messages: v.dropped, storedBeforeResend: v.droppedStored },
    firstResponseServerS: {
      all: { n: v.firstResponse.length, p50: pct(v.firstResponse, 0.5), p90: pct(v.firstResponse, 0.9), max: pct(v.firstResponse, 1) },
      assignedAtOnce: { n: v.firstResponseDirect.length, p50: pct(v.firstResponseDirect, 0.5), p90: pct(v.firstResponseDirect, 0.9) },
      queuedFirst: { n: v.firstResponseQueued.length, p50: pct(v.firstResponseQueued, 0.5), p90: pct(v.firstResponseQueued, 0.9) },
    },
    firstResponseClientMs: { n: frClient.length, p50: pct(frClient, 0.5), p90: pct(frClient, 0.9) },
    sla: { met: v.met, missed: v.missed, dueRecomputed: v.dueChecked, missedEvents: stats.slaMissedEvents },
    restart: crash.done
      ? {
          downSeconds: (crash.readyAt - crash.killAt) / 1000,
          serverReadyMs: server.readyMs,
          wsReconnects: reconnects.length,
          reconnectAfterReadyMs: { p50: pct(reconnects, 0.5), p90: pct(reconnects, 0.9), max: pct(reconnects, 1) },
          allResumedAfterKillS: lastResume ? (lastResume - crash.killAt) / 1000 : NaN,
          resumeFetches: stats.resumeFetches,
          resumeFound: stats.resumeFound,
          resentMessages: v.resent,
          resentAlreadyStored: v.storedBefore,
          openRetries: stats.openRetries,
          inflightAtKill: crash.inflightAtKill,
          killAtSeconds: (crash.killAt - t0) / 1000,
        }
      : null,
    http: { netErrors: stats.netErrors, statuses: Object.fromEntries(stats.statuses) },
    events: { outOfOrder: stats.eventsOutOfOrder, gapFills: stats.gapFills, stallPolls: stats.stallPolls, stallFound: stats.stallFound, pollFinds: stats.pollFinds, queuePollsFound: stats.queuePollsFound, unknownConversations: [...stats.unknownConversationEvents] },
    idempotentRetries: stats.idempotentRetries,
    loginSeconds,
    serverCpuPercent: (100 * cpu) / phase,
    serverCpuSeconds: cpu,
    clientCpuSeconds: clientCpu,
    otherCpuSeconds: Math.max(0, machineBusy - cpu - clientCpu),
    loadAverage: [load0, load1],
    clientLoopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    clientErrors,
    checks: v.results,
  }

  report(figures)
  if (S.results) await writeFile(S.results, JSON.stringify(figures, null, 2))

  const failed = v.results.some((c) => !c.pass) || clientErrors.length > 0
  await server.kill('SIGTERM')
  agent.destroy()
  if (S.keep || failed) log(`store and server logs kept in ${runDir}`)
  else await rm(runDir, { recursive: true, force: true })
  return failed ? 1 : 0
}

function report(F) {
  const d = F.deliverySendToEventMs
  const a = F.deliveryAckToEventMs
  const fr = F.firstResponseServerS
  const out = []
  out.push('')
  out.push(`## 帮办 load — ${F.machine.date}, commit ${F.machine.commit}, ${F.machine.nproc} CPUs (${F.machine.cpu}), Node ${F.machine.node}`)
  out.push(`clock: ${F.clock}`)
  out.push('')
  out.push('| figure | value |')
  out.push('| --- | --- |')
  out.push(`| applicants / helpers (late) | ${F.applicants} / ${F.helpers} (${F.settings.lateHelpers}) |`)
  out.push(`| conversations (queued at open; orphans) | ${F.conversations} (${F.openedQueued}; ${F.orphanConversations.length}) |`)
  out.push(`| messages stored / sent by clients | ${F.messagesStored} / ${F.messagesSentByClients} |`)
  out.push(`| conversation phase | ${f1(F.phaseSeconds)} s: ${f1(F.messagesPerSecond)} messages/s overall, ${f1(F.peakMessagesPer10s)}/s in the busiest 10 s |`)
  out.push(`| conversations at once (peak) | ${F.peakConcurrentConversations} (every applicant and helper has its WebSocket open throughout) |`)
  out.push(`| delivery, POST sent → other party's event (n=${d.n}) | p50 ${f1(d.p50)} ms, p90 ${f1(d.p90)} ms, p99 ${f1(d.p99)} ms, max ${f1(d.max)} ms |`)
  out.push(`| delivery, POST 2xx → other party's event | p50 ${f1(a.p50)} ms, p90 ${f1(a.p90)} ms, p99 ${f1(a.p99)} ms (${a.eventFirst} events before the 2xx) |`)
  out.push(`| message POST, first attempt (n=${F.postMs.n}) | p50 ${f1(F.postMs.p50)} ms, p90 ${f1(F.postMs.p90)} ms, p99 ${f1(F.postMs.p99)} ms |`)
  out.push(`| first response, server (created → first helper message) | p50 ${f0(fr.all.p50)} s, p90 ${f0(fr.all.p90)} s, max ${f0(fr.all.max)} s (n=${fr.all.n}) |`)
  out.push(`| … assigned at once / queued first | p50 ${f0(fr.assignedAtOnce.p50)} s, p90 ${f0(fr.assignedAtOnce.p90)} s (n=${fr.assignedAtOnce.n}) / p50 ${f0(fr.queuedFirst.p50)} s, p90 ${f0(fr.queuedFirst.p90)} s (n=${fr.queuedFirst.n}) |`)
  out.push(`| first response, applicant (open POST → helper message seen) | p50 ${f0(F.firstResponseClientMs.p50)} ms, p90 ${f0(F.firstResponseClientMs.p90)} ms |`)
  out.push(`| first-response SLA | ${F.sla.met} met, ${F.sla.missed} missed (${F.sla.missedEvents} helpdesk.sla_missed events) |`)
  if (F.restart) {
    const R = F.restart
    out.push(`| restart: SIGKILL at | ${f1(R.killAtSeconds)} s into the phase, ${R.inflightAtKill} message POSTs outstanding |`)
    out.push(`| restart: kill → ready | ${f1(R.downSeconds)} s (serve ready ${f0(R.serverReadyMs)} ms after spawn; down ${F.settings.down} s before it) |`)
    out.push(`| restart: WebSocket reconnects after ready | ${R.wsReconnects}: p50 ${f0(R.reconnectAfterReadyMs.p50)} ms, p90 ${f0(R.reconnectAfterReadyMs.p90)} ms, max ${f0(R.reconnectAfterReadyMs.max)} ms; all resumed ${f1(R.allResumedAfterKillS)} s after the kill |`)
    out.push(`| restart: resume fetches (messages found) | ${R.resumeFetches} (${R.resumeFound}) |`)
    out.push(`| restart: messages resent with the same client_id (of which already stored) | ${R.resentMessages} (${R.resentAlreadyStored}); conversation opens retried ${R.openRetries} |`)
  }
  out.push(`| answers dropped by the client, resent with the same client_id (found already stored before the resend) | ${F.droppedAnswers.messages} (${F.droppedAnswers.storedBeforeResend}) |`)
  out.push(`| messages the other party had first by a fetch (its event came later) | ${F.deliveredByFetch} (${F.eventAfterFetch}) |`)
  out.push(`| events out of seq order / gap fills / stall polls (found) | ${F.events.outOfOrder} / ${F.events.gapFills} / ${F.events.stallPolls} (${F.events.stallFound}) |`)
  out.push(`| HTTP: no answer / unexpected statuses | ${F.http.netErrors} / ${JSON.stringify(F.http.statuses)} |`)
  out.push(`| server CPU during the phase | ${f1(F.serverCpuSeconds)} s (${f0(F.serverCpuPercent)}% of one core; ${f1((1000 * F.serverCpuSeconds) / F.messagesStored)} ms per stored message, all requests included) |`)
  out.push(`| client CPU / other processes' CPU during the phase | ${f1(F.clientCpuSeconds)} s / ${f1(F.otherCpuSeconds)} s (${f0((100 * F.otherCpuSeconds) / F.phaseSeconds)}% of one core; load average ${F.loadAverage.join(' → ')}) |`)
  out.push(`| client event-loop delay | p99 ${f1(F.clientLoopDelayMs.p99)} ms, max ${f1(F.clientLoopDelayMs.max)} ms |`)
  out.push(`| logins | ${F.applicants + F.helpers} in ${f1(F.loginSeconds)} s |`)
  out.push('')
  out.push('| check | result |')
  out.push('| --- | --- |')
  for (const c of F.checks) out.push(`| ${c.name} | ${c.pass ? 'PASS' : `FAIL (${c.failed})`}${c.detail ? ` — ${c.detail}` : ''} |`)
  for (const c of F.checks) if (!c.pass) for (const f of c.failures) out.push(`  ✗ ${f}`)
  for (const e of F.clientErrors.slice(0, 10)) out.push(`  ✗ ${e}`)
  for (const p of F.events.pollFinds.slice(0, 10))
    out.push(`  · a poll found ${p.tag} for ${p.client}, ${p.sinceSendMs} ms after it was sent${p.sinceKillMs !== null ? `, ${p.sinceKillMs} ms after the kill` : ''}: ${p.trace.join('; ')}`)
  for (const o of F.orphanConversations)
    out.push(`  ! conversation ${o.id} (${o.applicant}, created ${o.created_at}) was opened by a POST /help/conversations whose answer the crash swallowed; ` +
      `the retry opened another (no idempotency key, no list of one's conversations). It stays ${o.state} with ${o.helper || 'no helper'}: messages ${o.messages.join('; ')}`)
  const failed = F.checks.some((c) => !c.pass) || F.clientErrors.length
  out.push('')
  out.push(failed ? 'RESULT: FAIL' : `RESULT: PASS — no message lost or duplicated, order kept, first-response timers correct${F.restart ? ', the restart lost nothing' : ' (no restart: CRASH_AT=0)'}`)
  console.log(out.join('\n'))
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`help_load: ${e.stack ?? e}`)
    process.exit(1)
  },
)

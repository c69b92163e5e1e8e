// Starts a real haoban server on a seeded temporary data dir for the browser and HTTP tests (a copy
// of a district seeded once per build: see seededTemplate).
//
//   HAOBAN_BIN  server binary (default: ../build/src/app/haoban relative to web/)
//   HAOBAN_WEB_ROOT  the built web app to serve (default: web/dist)
//
// The server serves the built app from web/dist, so run `npm run build` first.

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DIST_DIR = path.join(WEB_DIR, 'dist')
/** The server runs from the repository root, where it finds data/ (calendar, gazetteer). */
export const REPO_DIR = path.resolve(WEB_DIR, '..')

const READY_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 5_000
const MAX_LOG_CHARS = 64 * 1024

export function serverBinary() {
  return path.resolve(WEB_DIR, process.env.HAOBAN_BIN ?? '../build/src/app/haoban')
}

/** A port that was free a moment ago (bind to port 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** Keeps the tail of a child's output for error messages. */
function collect(stream) {
  const log = { text: '' }
  stream.setEncoding('utf8')
  stream.on('data', (chunk) => {
    log.text = (log.text + chunk).slice(-MAX_LOG_CHARS)
  })
  return log
}

function run(bin, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'] })
    const out = collect(child.stdout)
    const err = collect(child.stderr)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code === 0) resolve()
      else
        reject(
          new Error(
            `${path.basename(bin)} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n` +
              `--- stdout ---\n${out.text}\n--- stderr ---\n${err.text}`,
          ),
        )
    })
  })
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms))

/** The newest modification time under `dir` (the definitions, calendar, gazetteer…). */
async function newest(dir) {
  let latest = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    latest = Math.max(latest, (await stat(path.join(entry.parentPath ?? entry.path, entry.name))).mtimeMs)
  }
  return latest
}

/**
 * Whether a seeding lock was left by a process that is gone: its pid no longer runs (or, for a lock
 * without a pid yet, it is over ten minutes old). Seeding on a loaded 2-core machine can take
 * minutes, so age alone does not make a lock stale.
 */
async function abandoned(lock) {
  const pid = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => ''))
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0)
      return false
    } catch (e) {
      return e.code === 'ESRCH'
    }
  }
  const held = await stat(lock).catch(() => null)
  return held !== null && Date.now() - held.mtimeMs > 10 * 60_000
}

/**
 * A seeded demo district to copy from. Seeding takes tens of seconds (20,000 knowledge entries,
 * 70,000 standard addresses); the same binary and data/ always seed the same district, so it is
 * seeded once per build and copied for each server. Test processes run in parallel: the first
 * to take the lock (an atomic mkdir) seeds, the others wait for the finished template.
 */
export async function seededTemplate(bin) {
  const b = statSync(bin)
  const key = `${Math.round(b.mtimeMs)}-${b.size}-${Math.round(await newest(path.join(REPO_DIR, 'data')))}`
  // One folder per checkout, so that two checkouts' tests never remove each other's templates.
  const checkout = createHash('sha256').update(REPO_DIR).digest('hex').slice(0, 12)
  const root = path.join(os.tmpdir(), `haoban-seed-templates-${checkout}`)
  const template = path.join(root, key)
  const lock = `${template}.lock`
  await mkdir(root, { recursive: true })
  const deadline = Date.now() + 10 * 60_000
  while (!existsSync(template)) {
    try {
      await mkdir(lock)
    } catch {
      if (await abandoned(lock)) await rm(lock, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock}: remove it if no test is seeding`)
      await delay(250)
      continue
    }
    try {
      await writeFile(path.join(lock, 'pid'), String(process.pid))
      // Templates of older builds of this checkout are of no further use; another build's seeding
      // in progress (its lock held) is left alone.
      for (const old of await readdir(root)) {
        if (old.startsWith(key) || old.endsWith('.lock')) continue
        const base = old.endsWith('.partial') ? old.slice(0, -'.partial'.length) : old
        if (existsSync(path.join(root, `${base}.lock`))) continue
        await rm(path.join(root, old), { recursive: true, force: true })
      }
      const partial = `${template}.partial`
      await rm(partial, { recursive: true, force: true })
      await run(bin, ['seed', '--profile', 'demo', '--data', partial])
      await rename(partial, template)
    } finally {
      await rm(lock, { recursive: true, force: true })
    }
  }
  return template
}

/**
 * Seeds a temporary data dir with the demo profile and starts `haoban serve` on it.
 * Resolves once GET /readyz answers 200. Call `stop()` when done.
 */
export async function startServer({ bin = serverBinary(), webRoot = process.env.HAOBAN_WEB_ROOT ?? DIST_DIR } = {}) {
  if (!existsSync(bin)) {
    throw new Error(`haoban server binary not found at ${bin}: build the server or set HAOBAN_BIN`)
  }
  if (!existsSync(path.join(webRoot, 'index.html'))) {
    throw new Error(`${webRoot}/index.html is missing: run \`npm run build\` in web/ first`)
  }

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haoban-e2e-'))
  let child = null
  let stderr = { text: '' }
  let stdout = { text: '' }

  const cleanup = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    }
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    await cp(await seededTemplate(bin), dataDir, { recursive: true })

    const port = await freePort()
    const baseURL = `http://127.0.0.1:${port}`
    child = spawn(
      bin,
      ['serve', '--data', dataDir, '--listen', `127.0.0.1:${port}`, '--web-root', webRoot],
      { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    stdout = collect(child.stdout)
    stderr = collect(child.stderr)
    let spawnError = null
    child.on('error', (e) => (spawnError = e))

    const deadline = Date.now() + READY_TIMEOUT_MS
    for (;;) {
      if (spawnError) throw spawnError
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`haoban serve exited early (${child.signalCode ?? `exit ${child.exitCode}`})`)
      }
      try {
        const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(1_000) })
        await res.arrayBuffer()
        if (res.status === 200) break
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`haoban serve did not answer 200 on /readyz within ${READY_TIMEOUT_MS / 1000} s`)
      }
      await delay(100)
    }

    return {
      baseURL,
      dataDir,
      /** The server's output so far, for failure messages. */
      logs: () => `--- stdout ---\n${stdout.text}\n--- stderr ---\n${stderr.text}`,
      stop: cleanup,
    }
  } catch (err) {
    const logs = child ? `\n--- serve stdout ---\n${stdout.text}\n--- serve stderr ---\n${stderr.text}` : ''
    await cleanup()
    throw new Error(`${err.message}${logs}`, { cause: err })
  }
}

// A thin variant of web/e2e/server.mjs's startServer for the two suites that need what it does not
// offer: extra environment for `haoban serve` (HAOBAN_SERVER_READ_TIMEOUT_SECONDS=1) and the child
// process itself (to send SIGTERM and read the exit code). It reuses the harness's binary lookup,
// paths, free-port helper and seeded template; seeding and readiness polling mirror it.

import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { DIST_DIR, REPO_DIR, freePort, seededTemplate, serverBinary } from '../../web/e2e/server.mjs'

function tail(stream) {
  const log = { text: '' }
  stream.setEncoding('utf8')
  stream.on('data', (c) => (log.text = (log.text + c).slice(-32 * 1024)))
  return log
}

function exitOf(child) {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

/**
 * Seeds a temporary data dir with the demo profile, with `env` too (the ledger's keys shape what
 * the seed signs) — or, with `template: true` when `env` only concerns serving, copies the seeded
 * demo district (seededTemplate) — and starts `haoban serve` with `env` added to
 * the environment. Returns {baseURL, port, child, exited, logs(), stop()}; `exited` resolves with
 * {code, signal} when the server process ends.
 */
export async function startCustomServer({ env = {}, template = false } = {}) {
  const bin = serverBinary()
  const childEnv = { ...process.env, ...env }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haoban-http-'))
  let child = null
  let exited = null
  let out = { text: '' }
  let err = { text: '' }
  const logs = () => `--- stdout ---\n${out.text}\n--- stderr ---\n${err.text}`

  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    if (template) {
      await cp(await seededTemplate(bin), dataDir, { recursive: true })
    } else {
      const seed = spawn(bin, ['seed', '--profile', 'demo', '--data', dataDir], { cwd: REPO_DIR, env: childEnv })
      const seedErr = tail(seed.stderr)
      tail(seed.stdout)
      const seeded = await exitOf(seed)
      if (seeded.code !== 0) throw new Error(`haoban seed failed (${JSON.stringify(seeded)}): ${seedErr.text}`)
    }

    const port = await freePort()
    const baseURL = `http://127.0.0.1:${port}`
    child = spawn(bin, ['serve', '--data', dataDir, '--listen', `127.0.0.1:${port}`, '--web-root', DIST_DIR], {
      cwd: REPO_DIR,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    exited = exitOf(child)
    out = tail(child.stdout)
    err = tail(child.stderr)

    const deadline = Date.now() + 20_000
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error('haoban serve exited early')
      try {
        const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(1_000) })
        await res.arrayBuffer()
        if (res.status === 200) break
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('haoban serve did not become ready within 20 s')
      await new Promise((r) => setTimeout(r, 100))
    }
    return { baseURL, port, child, exited, logs, stop }
  } catch (e) {
    const l = logs()
    await stop()
    throw new Error(`${e.message}\n${l}`, { cause: e })
  }
}

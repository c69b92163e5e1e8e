// 小宝 with the optional LLM: an OpenAI-compatible endpoint (a stand-in here: the real one is
// someone else's server) rewrites the answer from the cited entries only; when it fails, the
// composed answer is kept.

import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, test } from 'node:test'

import { startCustomServer } from './custom-server.mjs'

let llm, server
const requests = []
let failing = false

before(async () => {
  llm = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      requests.push({ url: req.url, body: JSON.parse(body) })
      if (failing) {
        res.writeHead(500).end('overloaded')
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: '【改写】营业执照遗失可在一网通办申请补领。' } }] }))
    })
  })
  await new Promise((r) => llm.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${llm.address().port}/v1`
  server = await startCustomServer({
    env: { HAOBAN_ASSISTANT_LLM_URL: url, HAOBAN_ASSISTANT_LLM_MODEL: 'qwen-test' },
    template: true,
  })
})
after(async () => {
  await server?.stop()
  llm?.close()
})

const ask = async (text) => {
  const res = await fetch(`${server.baseURL}/api/v1/assistant/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
  })
  assert.equal(res.status, 200, await res.clone().text())
  return res.json()
}

test('the endpoint rewrites the answer from the cited entries, citations kept', async () => {
  const a = await ask('营业执照丢了怎么补办')
  assert.equal(a.rewritten, true)
  assert.equal(a.text, '【改写】营业执照遗失可在一网通办申请补领。')
  assert.ok(a.citations.length > 0)
  const call = requests.at(-1)
  assert.equal(call.url, '/v1/chat/completions')
  assert.equal(call.body.model, 'qwen-test')
  assert.match(call.body.messages[0].content, /只根据给出的知识条目回答/)
  assert.match(call.body.messages[1].content, new RegExp(a.citations[0].code))
})

test('when the endpoint fails, the composed answer stands', async () => {
  failing = true
  const a = await ask('营业执照丢了怎么补办')
  assert.equal(a.rewritten, false)
  assert.ok(a.text.length > 0 && !a.text.startsWith('【改写】'))
  failing = false
})

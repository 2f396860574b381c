// Many annotators at once, each asking for its next task and annotating it
// back to back, from one Node.js process: a Python client on the same two
// cores took a third of the CPU the server needed, and the figures measured
// the client as much as the server.
//
//   node bench/stream/annotators.mjs URL PROJECT REQUESTS WARM_UP TOKEN...
//
// Prints one JSON object: every next-task latency in ms after the warm-up,
// the task ids each annotator was handed, and the pairs per second.

import http from "node:http";

const [url, project, requests, warmUp, ...tokens] = process.argv.slice(2);
const base = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: tokens.length });
const result = [
  { from_name: "section", to_name: "text", type: "choices", value: { choices: ["libs"] } },
];

function call(method, path, token, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: {
          Authorization: `Token ${token}`,
          ...(payload ? { "Content-Type": "application/json" } : {}),
        },
      },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

async function annotator(token, latencies, handed) {
  for (let number = 0; number < Number(requests) + Number(warmUp); number += 1) {
    const started = process.hrtime.bigint();
    const next = await call("GET", `/api/projects/${project}/next/`, token);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (number >= Number(warmUp)) latencies.push(elapsed);
    if (next.status === 404) return;
    if (next.status !== 200) throw new Error(`next answered ${next.status}: ${next.body}`);
    const taskId = JSON.parse(next.body).id;
    handed.push(taskId);
    const saved = await call("POST", `/api/tasks/${taskId}/annotations/`, token, { result });
    if (saved.status !== 201) throw new Error(`annotate answered ${saved.status}: ${saved.body}`);
  }
}

const latencies = [];
const handed = tokens.map(() => []);
const started = process.hrtime.bigint();
await Promise.all(tokens.map((token, index) => annotator(token, latencies, handed[index])));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const pairs = handed.reduce((sum, ids) => sum + ids.length, 0);
process.stdout.write(
  JSON.stringify({ latencies, handed, pairs_per_second: pairs / seconds }) + "\n",
);
agent.destroy();

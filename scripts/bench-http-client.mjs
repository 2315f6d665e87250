// A bench's HTTP client in a process of its own, as a remote client would be: the
// server's event loop doesn't also run the client. Reads one JSON job on stdin
// ({ urls, headers, expect }), sends the requests one at a time over keep-alive, and
// writes each one's time in ms as JSON on stdout.
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { urls, headers, expect } = JSON.parse(input);
const times = [];
for (const url of urls) {
  const started = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== expect) {
    console.error(`expected ${expect}, got ${response.status} for ${url}`);
    process.exit(1);
  }
  times.push(performance.now() - started);
}
process.stdout.write(JSON.stringify(times));

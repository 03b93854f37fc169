// Child of item 5: many plain WebSocket clients in their own process, so the process under test only
// does the fan-out. Counts, per round, the text frames that carry the round's marker; reports when all
// expected frames arrived, or when none came for a while after the sender finished (the rest is lost),
// with the CPU time this process spent receiving.
import WebSocket from 'ws';

const QUIET_MS = 2000;
const BATCH = 50;

const sockets: WebSocket[] = [];
let marker = Buffer.alloc(0);
let expected = 0;
let received = 0;
let stray = 0;
let reported = true;
let sent = false;
let quietTimer: NodeJS.Timeout | undefined;
let cpuAtArm = process.cpuUsage();

function report(): void {
  if (reported) return;
  reported = true;
  clearTimeout(quietTimer);
  const cpu = process.cpuUsage(cpuAtArm);
  // CPU µs this process spent receiving the round (its last 2 quiet seconds, if any, cost nothing).
  process.send?.({ type: 'done', received, stray, cpuMicros: cpu.user + cpu.system });
}

function onFrame(data: WebSocket.RawData, isBinary: boolean): void {
  // Every server under test sends the same JSON bodies as text frames; anything else is stray.
  if (!isBinary && Buffer.isBuffer(data) && data.includes(marker)) received++;
  else stray++;
  if (received === expected) report();
  else if (sent) armQuietTimer();
}

function armQuietTimer(): void {
  clearTimeout(quietTimer);
  quietTimer = setTimeout(report, QUIET_MS);
}

function open(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => {
      sockets.push(socket);
      resolve();
    });
    socket.once('error', reject);
    socket.on('message', onFrame);
  });
}

async function connect(url: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, () => open(url)));
  }
}

type Command =
  | { type: 'connect'; url: string; clients: number }
  | { type: 'round'; marker: string; messages: number }
  | { type: 'sent' };

process.on('message', (command: Command) => {
  if (command.type === 'connect') {
    connect(command.url, command.clients).then(
      () => process.send?.({ type: 'connected', open: sockets.length }),
      (error: Error) =>
        process.send?.({ type: 'connected', open: sockets.length, error: error.message }),
    );
  } else if (command.type === 'round') {
    marker = Buffer.from(command.marker);
    expected = sockets.length * command.messages;
    received = 0;
    stray = 0;
    sent = false;
    reported = false;
    cpuAtArm = process.cpuUsage();
    process.send?.({ type: 'armed', expected });
  } else if (command.type === 'sent') {
    sent = true;
    if (received === expected) report();
    else armQuietTimer();
  }
});

process.on('disconnect', () => {
  for (const socket of sockets) socket.terminate();
  process.exit(0);
});
process.send?.({ type: 'ready' });

import WebSocket from 'ws';

/** A websocket client that collects messages and can wait for one matching a predicate. */
export async function openSocket(url: string) {
  const socket = new WebSocket(url);
  const messages: any[] = [];
  const waiters: Array<{ test: (m: any) => boolean; resolve: (m: any) => void }> = [];
  let closed: { code: number } | null = null;
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw));
    messages.push(message);
    for (const w of [...waiters])
      if (w.test(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
  });
  socket.on('close', (code) => (closed = { code }));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    closed: () => closed,
    next(test: (m: any) => boolean, timeoutMs = 5000): Promise<any> {
      const found = messages.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`)),
          timeoutMs,
        );
        waiters.push({
          test,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    close: () => socket.close(),
  };
}

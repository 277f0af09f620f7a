// The boards' live channel: a snapshot on connect, then coalesced deltas over WS /ws/board (scoped by its query);
// reconnects and resyncs. The connection status is kept as a state, so the language toggle can say it again.
import { t } from '/assets/common.js';
import { onWake, retryDelay, serverAnswers, STEP_TIMEOUT_MS } from '/assets/shared/reconnect.js';

const STATUS = {
  connecting: () => t('… Đang kết nối', '… Connecting'),
  live: () => t('● Trực tiếp', '● Live'),
  reconnecting: () => t('○ Đang kết nối lại…', '○ Reconnecting…'),
};

/** The server sends a heartbeat every 15 s: a socket silent for three of them is a dead one (a changed network). */
const SILENT_MS = 45_000;

/**
 * Opens the board's websocket at `path` (e.g. `/ws/board?site=kim-dong`) and keeps it open. After any outage it
 * reconnects soon (assets/shared/reconnect.js): retries at most 2 s apart, each asking the server over HTTP before
 * opening a websocket; a handshake that hangs, or a silent socket, is given up. Each connect's snapshot resyncs.
 * @param {{ path: string, statusEl: HTMLElement, onSnapshot: (stats: any) => void, onDelta: (changed: any, ticker: any[]) => void }} options
 * @returns {{ renderStatus: () => void }}
 */
export function liveBoard({ path, statusEl, onSnapshot, onDelta }) {
  let state = 'connecting';
  let attempt = 0;
  let socket = null;
  let retryTimer = null;
  let synced = false;
  let lastSeen = 0;
  let tries = 0; // numbers each attempt: one overtaken by a newer one (a wake) drops its result
  const renderStatus = () => {
    statusEl.textContent = STATUS[state]();
    statusEl.dataset.state = state;
  };
  const retry = () => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => connect(true), retryDelay(attempt++));
  };
  const lost = () => {
    socket = null;
    synced = false;
    state = 'reconnecting';
    renderStatus();
    retry();
  };
  /** Gives a socket up at once (its own close, which may take minutes on a lost network, then changes nothing). */
  const drop = (ws) => {
    if (socket !== ws) return;
    ws.close();
    lost();
  };
  const connect = async (probe = false) => {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (socket) return;
    const mine = ++tries;
    if (probe && !(await serverAnswers())) {
      if (mine === tries && !socket) retry();
      return;
    }
    if (mine !== tries || socket) return;
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`);
    socket = ws;
    lastSeen = Date.now();
    const handshake = setTimeout(() => drop(ws), STEP_TIMEOUT_MS);
    ws.onopen = () => {
      clearTimeout(handshake);
      attempt = 0;
      state = 'live';
      renderStatus();
    };
    ws.onmessage = (message) => {
      lastSeen = Date.now();
      const m = JSON.parse(message.data);
      if (m.type === 'snapshot') {
        synced = true;
        onSnapshot(m.stats);
      }
      if (m.type === 'delta' && synced) onDelta(m.changed ?? {}, m.ticker ?? []);
      document.body.dataset.updatedAt = m.generatedAt ?? m.stats?.generatedAt ?? document.body.dataset.updatedAt;
    };
    ws.onclose = () => {
      clearTimeout(handshake);
      if (socket === ws) lost();
    };
  };
  setInterval(() => {
    if (socket?.readyState === WebSocket.OPEN && Date.now() - lastSeen > SILENT_MS) drop(socket);
  }, 5_000);
  onWake(() => {
    if (socket) return;
    attempt = 0;
    connect(true);
  });
  renderStatus();
  connect();
  return { renderStatus };
}

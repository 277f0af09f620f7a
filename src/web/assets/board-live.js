// The boards' live channel: a snapshot on connect, then coalesced deltas over WS /ws/board (scoped by its query);
// reconnects and resyncs. The connection status is kept as a state, so the language toggle can say it again.
import { t } from '/assets/common.js';

// Reconnects soon, whatever the outage: the first retry after 250 ms, then at most every 1.5 s, so a board is live
// again within 2 s of the server (or its database) coming back. A tab shown again or a network back tries at once.
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 1500;

const STATUS = {
  connecting: () => t('… Đang kết nối', '… Connecting'),
  live: () => t('● Trực tiếp', '● Live'),
  reconnecting: () => t('○ Đang kết nối lại…', '○ Reconnecting…'),
};

/**
 * Opens the board's websocket at `path` (e.g. `/ws/board?site=kim-dong`) and keeps it open.
 * @param {{ path: string, statusEl: HTMLElement, onSnapshot: (stats: any) => void, onDelta: (changed: any, ticker: any[]) => void }} options
 * @returns {{ renderStatus: () => void }}
 */
export function liveBoard({ path, statusEl, onSnapshot, onDelta }) {
  let state = 'connecting';
  let retry = RETRY_FIRST_MS;
  let socket = null;
  let retryTimer = null;
  let synced = false;
  const renderStatus = () => {
    statusEl.textContent = STATUS[state]();
    statusEl.dataset.state = state;
  };
  const connect = () => {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (socket) return;
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`);
    socket = ws;
    ws.onopen = () => {
      retry = RETRY_FIRST_MS;
      state = 'live';
      renderStatus();
    };
    ws.onmessage = (message) => {
      const m = JSON.parse(message.data);
      if (m.type === 'snapshot') {
        synced = true;
        onSnapshot(m.stats);
      }
      if (m.type === 'delta' && synced) onDelta(m.changed ?? {}, m.ticker ?? []);
      document.body.dataset.updatedAt = m.generatedAt ?? m.stats?.generatedAt ?? document.body.dataset.updatedAt;
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      synced = false;
      state = 'reconnecting';
      renderStatus();
      retryTimer = setTimeout(connect, retry); // the next snapshot resyncs whatever was missed
      retry = Math.min(retry * 2, RETRY_MAX_MS);
    };
  };
  const wake = () => {
    if (!document.hidden && !socket) {
      retry = RETRY_FIRST_MS;
      connect();
    }
  };
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('online', wake);
  renderStatus();
  connect();
  return { renderStatus };
}

// The recorded voice: plays the word clips of src/web/assets/voice/ (scripts/voice-clips.ts) back to back with Web
// Audio, for phones with no Vietnamese speech voice (the way bank payment speakers play recorded words).
// Each clip is fetched and decoded once per page; the service worker keeps the files for offline use.

const VOICE = '/assets/voice/';
/** A short breath between words: the clips are trimmed to the sound, and words run together without it. */
const GAP = 0.04;

let manifest = null;
/** word → Promise<AudioBuffer>, so a word said twice ("hai triệu hai trăm…") is fetched and decoded once. */
const buffers = new Map();

function clipFiles() {
  manifest ??= fetch(`${VOICE}manifest.json`)
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`voice manifest: HTTP ${r.status}`))))
    .catch((error) => {
      manifest = null; // offline on a first visit: try again at the next payment
      throw error;
    });
  return manifest;
}

function clip(audio, word, files) {
  if (!buffers.has(word)) {
    const file = files[word];
    const loading = file
      ? fetch(`${VOICE}${file}`)
          .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${file}: HTTP ${r.status}`))))
          .then((bytes) => audio.decodeAudioData(bytes))
      : Promise.reject(new Error(`no clip for "${word}"`));
    loading.catch(() => buffers.delete(word)); // a failed load is tried again next time
    buffers.set(word, loading);
  }
  return buffers.get(word);
}

/** Announcements in the order they came: the words of one never mix with the next one's. */
let queue = Promise.resolve();
let busyUntil = 0;

/**
 * Plays `words` (voice-words.js's receiptWords) in order, the first at `startAt` (AudioContext time), or once all are
 * decoded and any earlier announcement has finished if that is later. Resolves to what was scheduled:
 * [{ word, at, duration }].
 */
export function playClips(audio, words, startAt = 0) {
  // Fetched at once, in the order of the words; only the scheduling waits its turn.
  const decoded = clipFiles().then(({ files }) => Promise.all(words.map((word) => clip(audio, word, files))));
  const played = queue
    .then(() => decoded)
    .then((buffers) => {
      let when = Math.max(startAt, busyUntil, audio.currentTime + 0.05);
      return buffers.map((buffer, i) => {
        const source = audio.createBufferSource();
        source.buffer = buffer;
        source.connect(audio.destination);
        source.start(when); // scheduled on the audio clock: no gap from timers or the network between words
        const at = when;
        when += buffer.duration + GAP;
        busyUntil = when;
        return { word: words[i], at, duration: buffer.duration };
      });
    });
  queue = played.catch(() => {});
  return played;
}

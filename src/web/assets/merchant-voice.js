// What the stall phone says and plays when money arrives: the amount in words (the invoices' implementation), a
// chime, and a voice: the browser's speech synthesis, or recorded word clips where the phone has no Vietnamese voice.
import { amountInWords as sharedAmountInWords, MAX_AMOUNT_IN_WORDS } from '/assets/shared/amount-in-words.js';
import { receiptWords } from '/assets/shared/voice-words.js';
import { playClips } from '/assets/merchant-clips.js';

// ---------- Amount in Vietnamese words: the invoices' own implementation, shared ----------
/** 45000 → "Bốn mươi lăm nghìn đồng"; '' for what the keypad cannot hold (the shared reader throws there). */
export function amountInWords(n) {
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_AMOUNT_IN_WORDS ? sharedAmountInWords(n) : '';
}

/** What the phone says when money arrives: "Đã nhận bốn mươi lăm nghìn đồng". */
export const spokenReceipt = (n) => `Đã nhận ${amountInWords(n).toLowerCase()}`;

// ---------- Sound: an oscillator chime ----------
let audio = null;
export function unlockAudio() {
  // Browsers only start audio after a tap: every tap on the page readies it for the next payment.
  try {
    if (!audio) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
      // Older iOS unlocks Web Audio only for a sound started inside the tap: an empty one is enough.
      const silence = audio.createBufferSource();
      silence.buffer = audio.createBuffer(1, 1, audio.sampleRate);
      silence.connect(audio.destination);
      silence.start();
    }
    if (audio.state === 'suspended') audio.resume();
  } catch {
    /* no WebAudio: the screen still shows the payment */
  }
}

function tone(freq, start, length, gain = 0.25) {
  const osc = audio.createOscillator(),
    env = audio.createGain();
  osc.type = 'sine';
  osc.frequency.value = freq;
  env.gain.setValueAtTime(0.0001, start);
  env.gain.exponentialRampToValueAtTime(gain, start + 0.02);
  env.gain.exponentialRampToValueAtTime(0.0001, start + length);
  osc.connect(env).connect(audio.destination);
  osc.start(start);
  osc.stop(start + length + 0.05);
}

/** Plays the chime; returns when it ends (AudioContext time), so a voice can follow it. */
export function chime(ok = true) {
  if (!audio) return 0;
  const now = audio.currentTime + 0.05;
  if (ok) {
    tone(880, now, 0.35);
    tone(1318.5, now + 0.18, 0.6);
  } // a bright rising two-note chime
  else {
    tone(330, now, 0.25);
    tone(330, now + 0.3, 0.25);
  } // a low double beep: look at the screen
  return now + (ok ? 0.8 : 0.6);
}

// ---------- Voice: the merchant's choice (Today → My stall), kept on the phone ----------
export const VOICE_KEY = 'merchantVoice';
export const VOICE_MODES = ['auto', 'clips', 'speech', 'off'];
export function voiceMode() {
  try {
    const mode = localStorage.getItem(VOICE_KEY);
    return VOICE_MODES.includes(mode) ? mode : 'auto';
  } catch {
    return 'auto';
  }
}
export function setVoiceMode(mode) {
  try {
    localStorage.setItem(VOICE_KEY, VOICE_MODES.includes(mode) ? mode : 'auto');
  } catch {
    /* not kept: automatic again after a reload */
  }
}

const vietnameseVoice = () =>
  'speechSynthesis' in window
    ? speechSynthesis.getVoices().find((v) => v.lang?.toLowerCase().replace('_', '-').startsWith('vi'))
    : undefined;

/** What was last announced and how (the page's tests read it): { amount, mode, words?, clips? }. */
export let lastAnnouncement = null;

/**
 * Says that `amount` arrived, after the chime ending at `after`: in the phone's voice when it has a Vietnamese one
 * (or the merchant chose it), else with the recorded clips; nothing when the merchant turned the voice off.
 */
export function announce(amount, after = 0) {
  const chosen = voiceMode();
  const mode = chosen === 'auto' ? (vietnameseVoice() ? 'speech' : 'clips') : chosen;
  lastAnnouncement = { amount, mode };
  if (mode === 'speech') speak(spokenReceipt(amount));
  if (mode !== 'clips') return;
  let words;
  try {
    words = receiptWords(amount);
  } catch {
    return; // not an amount the voice can read: the screen shows it
  }
  unlockAudio();
  if (!audio) return;
  const announcement = lastAnnouncement;
  announcement.words = words;
  playClips(audio, words, after)
    .then((clips) => (announcement.clips = clips))
    .catch((error) => (announcement.error = String(error))); // offline on a first visit: the chime was heard
}

export function speak(text) {
  if (!('speechSynthesis' in window)) return;
  const say = new SpeechSynthesisUtterance(text);
  say.lang = 'vi-VN';
  say.rate = 0.95;
  const voice = vietnameseVoice();
  if (voice) say.voice = voice;
  speechSynthesis.cancel();
  speechSynthesis.speak(say);
}

// What the stall phone says and plays when money arrives: the amount in words (the invoices' implementation), a
// chime, and the browser's speech synthesis.
import { amountInWords as sharedAmountInWords, MAX_AMOUNT_IN_WORDS } from '/assets/shared/amount-in-words.js';

// ---------- Amount in Vietnamese words: the invoices' own implementation, shared ----------
/** 45000 → "Bốn mươi lăm nghìn đồng"; '' for what the keypad cannot hold (the shared reader throws there). */
export function amountInWords(n) {
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_AMOUNT_IN_WORDS ? sharedAmountInWords(n) : '';
}

/** What the phone says when money arrives: "Đã nhận bốn mươi lăm nghìn đồng". */
export const spokenReceipt = (n) => `Đã nhận ${amountInWords(n).toLowerCase()}`;

// ---------- Sound and voice (no audio files: an oscillator chime and the browser's speech synthesis) ----------
let audio = null;
export function unlockAudio() {
  // Browsers only start audio after a tap: every tap on the page readies it for the next payment.
  try {
    audio ??= new (window.AudioContext || window.webkitAudioContext)();
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

export function chime(ok = true) {
  if (!audio) return;
  const now = audio.currentTime + 0.05;
  if (ok) {
    tone(880, now, 0.35);
    tone(1318.5, now + 0.18, 0.6);
  } // a bright rising two-note chime
  else {
    tone(330, now, 0.25);
    tone(330, now + 0.3, 0.25);
  } // a low double beep: look at the screen
}

export function speak(text) {
  if (!('speechSynthesis' in window)) return;
  const say = new SpeechSynthesisUtterance(text);
  say.lang = 'vi-VN';
  say.rate = 0.95;
  const voice = speechSynthesis.getVoices().find((v) => v.lang?.toLowerCase().replace('_', '-').startsWith('vi'));
  if (voice) say.voice = voice;
  speechSynthesis.cancel();
  speechSynthesis.speak(say);
}

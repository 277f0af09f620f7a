// The merchant's choice of payment voice (Today → My stall): automatic (the phone's Vietnamese voice if it has one,
// else the recorded words), always the recorded words, always the phone's voice, or the chime alone.
import { setVoiceMode, voiceMode } from '/assets/merchant-voice.js';

const select = document.getElementById('voice-mode');
select.value = voiceMode();
select.addEventListener('change', () => setVoiceMode(select.value));

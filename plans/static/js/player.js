// The session player: walks through the phases the server rendered into #player-data
// (the session's own dose), speaks each change, beeps, vibrates, and keeps the screen awake.
// Without this script the page still shows the whole session as a list.
// A phone with no voice (no speechSynthesis, or no voice in the page's language) says so on
// screen and relies on the beep and buzz. Both choices are kept on this phone (localStorage):
// whether a voice exists is a fact about the device, not the person.
(function () {
  "use strict";
  var dataNode = document.getElementById("player-data");
  var root = document.getElementById("player");
  if (!dataNode || !root) return;
  var data = JSON.parse(dataNode.textContent);
  var phases = data.phases;
  var words = data.words;
  var speed = Math.max(1, Number(data.speed) || 1);

  var el = function (id) { return document.getElementById(id); };
  var title = el("player-title"), bout = el("player-bout"), hint = el("player-hint");
  var picture = el("player-picture"), time = el("player-time"), next = el("player-next");
  var progress = el("player-progress"), live = el("player-live"), voice = el("player-voice");
  var beepBox = el("player-beep"), noVoice = el("player-no-voice"), voiceRow = el("player-voice-row");
  var startButton = el("player-start"), pauseButton = el("player-pause"), stopButton = el("player-stop");
  var timeLabel = el("player-time-label");
  var runningOnly = [bout, picture, el("player-clock"), hint, next, progress];
  var CHOICES = "backward-walk.player.cues";
  var VOICE_GONE = ["not-allowed", "synthesis-unavailable", "synthesis-failed",
    "language-unavailable", "voice-unavailable"];

  var index = -1;          // current phase
  var doneBefore = 0;      // session seconds of the phases already finished
  var phaseStartedAt = 0;  // performance.now() when the current phase (re)started
  var phaseUsed = 0;       // session seconds of the current phase done before a pause
  var timer = null, paused = false, over = false;
  var audio = null, wakeLock = null;
  var spoken = null;       // the voice for the page's language; null while none is known
  var wantVoice = true;    // the person's own choice, kept even while no voice is found
  var announced = [];      // the phase kinds announced so far (read by tests as data-announced)

  root.hidden = false;

  function clock(seconds) {
    seconds = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // --- The person's choices, kept on this phone ---------------------------------------------

  function loadChoices() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(CHOICES) || "{}");
      if (typeof kept.voice === "boolean") wantVoice = kept.voice;
      if (typeof kept.beep === "boolean") beepBox.checked = kept.beep;
    } catch (e) { /* storage switched off: the boxes keep their defaults */ }
  }

  function keepChoices() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(CHOICES) || "{}");
      kept.voice = wantVoice;
      kept.beep = beepBox.checked;
      window.localStorage.setItem(CHOICES, JSON.stringify(kept));
    } catch (e) { /* storage full or switched off: the choice holds for this visit */ }
  }

  // --- The voice -----------------------------------------------------------------------------

  function synth() {
    return window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;
  }

  function voiceFor(lang) {
    var engine = synth();
    if (!engine) return null;
    var voices = [];
    try { voices = engine.getVoices() || []; } catch (e) { voices = []; }
    var want = String(lang).toLowerCase().split(/[-_]/)[0], fallback = null;
    for (var i = 0; i < voices.length; i++) {
      var code = String(voices[i].lang || "").toLowerCase().replace("_", "-");
      if (code.split("-")[0] !== want) continue;
      if (voices[i]["default"]) return voices[i];
      fallback = fallback || voices[i];
    }
    return fallback;
  }

  function showVoice(found) {
    spoken = found;
    noVoice.hidden = !!found;
    voiceRow.hidden = !found;  // no box to tick for a voice that is not there: the notice says so
    voice.checked = !!found && wantVoice;
  }

  // Voices arrive late on some phones (Chrome fires voiceschanged): wait a moment before
  // telling the person there is none.
  function lookForVoice() {
    var engine = synth();
    if (!engine) { showVoice(null); return; }
    var found = voiceFor(data.lang);
    if (found) { showVoice(found); return; }
    var settle = window.setTimeout(function () { if (!spoken) showVoice(null); }, 1500);
    if (engine.addEventListener) {
      engine.addEventListener("voiceschanged", function () {
        var late = voiceFor(data.lang);
        if (late) { window.clearTimeout(settle); showVoice(late); }
      });
    }
  }

  function say(text) {
    live.textContent = text;
    var engine = synth();
    if (!voice.checked || !spoken || !engine) return;
    try {
      engine.cancel();
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = spoken.lang || data.lang;
      utterance.voice = spoken;
      utterance.rate = 0.9;
      utterance.onerror = function (event) {
        // The voice cannot speak here at all (not just cut short by the next change): say so.
        if (event && VOICE_GONE.indexOf(event.error) >= 0) showVoice(null);
      };
      engine.speak(utterance);
    } catch (e) { showVoice(null); }
  }

  // --- The beep and the buzz -----------------------------------------------------------------

  function wakeAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) { try { audio = new Context(); } catch (e) { audio = null; } }
    if (audio && audio.state === "suspended" && audio.resume) audio.resume().catch(function () {});
  }

  // Two short tones at 660 Hz (heard better than high tones by older ears), one oscillator.
  function beep() {
    if (!beepBox.checked) return;
    try {
      if (audio) {
        if (audio.state === "suspended" && audio.resume) audio.resume().catch(function () {});
        var osc = audio.createOscillator(), gain = audio.createGain(), now = audio.currentTime;
        osc.frequency.value = 660;
        gain.gain.setValueAtTime(0.0001, now);
        [0, 0.3].forEach(function (at) {
          gain.gain.exponentialRampToValueAtTime(0.6, now + at + 0.02);
          gain.gain.setValueAtTime(0.6, now + at + 0.18);
          gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.22);
        });
        osc.connect(gain).connect(audio.destination);
        osc.start(now);
        osc.stop(now + 0.6);
      }
    } catch (e) { /* no sound: the buzz and the screen still say it */ }
    if (navigator.vibrate && (!navigator.userActivation || navigator.userActivation.hasBeenActive)) {
      try { navigator.vibrate([300, 150, 300]); } catch (e) { /* no buzz on this device */ }
    }
  }

  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }, function () {
      wakeLock = null; // not allowed here (battery saver, a frame): the player works anyway
    });
  }

  function letSleep() {
    if (wakeLock) { wakeLock.release().catch(function () {}); wakeLock = null; }
  }

  document.addEventListener("visibilitychange", function () {
    if (timer && !paused && !wakeLock) keepAwake();
  });

  function sessionSecondsDone() {
    var current = index >= 0 && index < phases.length ? phaseUsed + running() : 0;
    return doneBefore + Math.min(current, index >= 0 && index < phases.length ? phases[index].seconds : 0);
  }

  function running() {
    return paused || !phaseStartedAt ? 0 : (performance.now() - phaseStartedAt) / 1000 * speed;
  }

  function show(phase) {
    title.textContent = phase.title;
    bout.textContent = phase.bout;
    hint.textContent = phase.hint;
    next.textContent = phase.next;
    picture.src = phase.picture;
    picture.alt = phase.alt;
    root.setAttribute("data-kind", phase.kind);
  }

  function enter(i) {
    index = i;
    phaseUsed = 0;
    phaseStartedAt = performance.now();
    var phase = phases[i];
    announced.push(phase.kind);
    root.setAttribute("data-announced", announced.join(" "));
    show(phase);
    beep();
    say(phase.say);
  }

  function tick() {
    if (paused || over) return;
    var phase = phases[index];
    var used = phaseUsed + running();
    // A slow tick (or a fast test speed) may pass several phases: announce each in turn.
    while (used >= phase.seconds) {
      doneBefore += phase.seconds;
      var carry = used - phase.seconds;
      if (index + 1 >= phases.length) { finish(); return; }
      enter(index + 1);
      phase = phases[index];
      phaseUsed = carry;
      used = carry;
    }
    time.textContent = clock((phase.seconds - used) / 1);
    progress.textContent = clock(sessionSecondsDone()) + " / " + clock(data.total_minutes * 60);
  }

  // The running screen replaces the welcome in place.
  function showRunning() {
    el("player-ready").hidden = true;
    runningOnly.forEach(function (node) { node.hidden = false; });
    startButton.hidden = true;
    pauseButton.hidden = false;
    stopButton.hidden = false;
  }

  // If the buttons end below the screen (a small phone), the player's top is brought up to
  // the screen's top once, at Start, so nobody has to scroll while walking (guide.css sizes
  // the picture so that the rest then fits).
  function bringPlayerUp() {
    if (pauseButton.getBoundingClientRect().bottom <= window.innerHeight &&
        root.getBoundingClientRect().top >= 0) return;
    try { root.scrollIntoView({block: "start", behavior: "instant"}); }
    catch (e) { root.scrollIntoView(true); }  // browsers that know only "auto" and "smooth"
  }

  function start() {
    wakeAudio();  // inside the tap: phones only allow sound that a tap started
    showRunning();
    keepAwake();
    enter(0);
    bringPlayerUp();
    timer = window.setInterval(tick, Math.max(20, Math.min(250, 250 / speed)));
    tick();
    pauseButton.focus();
  }

  function togglePause() {
    if (over) return;
    if (!paused) {
      phaseUsed += running();
      paused = true;
      pauseButton.textContent = words.carry_on;
      pauseButton.setAttribute("aria-pressed", "true");
      timeLabel.textContent = words.paused_label;
      letSleep();
      say(words.paused);
    } else {
      paused = false;
      phaseStartedAt = performance.now();
      pauseButton.textContent = words.pause;
      pauseButton.setAttribute("aria-pressed", "false");
      timeLabel.textContent = words.time_left;
      keepAwake();
      say(words.resumed);
    }
    root.setAttribute("data-paused", paused ? "true" : "false");
  }

  function end(sectionId, message) {
    var done = sessionSecondsDone();
    over = true;
    window.clearInterval(timer);
    letSleep();
    root.hidden = true;
    var minutes = Math.max(1, Math.round(done / 60));
    var field = el("player-minutes"), shown = el("player-minutes-words");
    if (field) field.value = String(minutes);
    if (shown) shown.textContent = String(minutes);
    var section = el(sectionId);
    section.hidden = false;
    root.setAttribute("data-minutes", String(minutes));
    say(message);
    var heading = section.querySelector("h2");
    if (heading) heading.focus();
  }

  function finish() {
    doneBefore = data.total_minutes * 60;
    index = phases.length;
    beep();
    end("player-finished", words.finished);
  }

  function stop() {
    if (over) return;
    if (!paused) { phaseUsed += running(); paused = true; }
    end("player-stopped", words.stopped);
  }

  time.textContent = clock(phases.length ? phases[0].seconds : 0);
  loadChoices();
  voice.checked = wantVoice;
  lookForVoice();
  voice.addEventListener("change", function () {
    wantVoice = voice.checked;
    keepChoices();
  });
  beepBox.addEventListener("change", function () {
    keepChoices();
    if (beepBox.checked) wakeAudio();  // a tap: sound may start now
  });
  startButton.addEventListener("click", start);
  pauseButton.addEventListener("click", togglePause);
  stopButton.addEventListener("click", stop);
})();

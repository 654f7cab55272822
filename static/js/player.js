// The session player: walks through the phases the server rendered into #player-data
// (the session's own dose), speaks each change, beeps, vibrates, and keeps the screen awake.
// Without this script the page still shows the whole session as a list.
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
  var startButton = el("player-start"), pauseButton = el("player-pause"), stopButton = el("player-stop");

  var index = -1;          // current phase
  var doneBefore = 0;      // session seconds of the phases already finished
  var phaseStartedAt = 0;  // performance.now() when the current phase (re)started
  var phaseUsed = 0;       // session seconds of the current phase done before a pause
  var timer = null, paused = false, over = false;
  var audio = null, wakeLock = null;
  var announced = [];      // the phase kinds announced so far (read by tests as data-announced)

  root.hidden = false;

  function clock(seconds) {
    seconds = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function say(text) {
    live.textContent = text;
    if (!voice.checked || !("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = data.lang;
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    } catch (e) { /* no voice on this device: the words are on screen */ }
  }

  function beep() {
    try {
      if (!audio) return;
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.4);
    } catch (e) { /* no sound: voice and screen still say it */ }
    if (navigator.vibrate && navigator.userActivation && navigator.userActivation.hasBeenActive) {
      navigator.vibrate([200, 100, 200]);
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

  function start() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) { try { audio = new Context(); } catch (e) { audio = null; } }
    startButton.hidden = true;
    pauseButton.hidden = false;
    stopButton.hidden = false;
    keepAwake();
    enter(0);
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
      letSleep();
      say(words.paused);
    } else {
      paused = false;
      phaseStartedAt = performance.now();
      pauseButton.textContent = words.pause;
      pauseButton.setAttribute("aria-pressed", "false");
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
    end("player-finished", words.finished);
  }

  function stop() {
    if (over) return;
    if (!paused) { phaseUsed += running(); paused = true; }
    end("player-stopped", words.stopped);
  }

  time.textContent = clock(phases.length ? phases[0].seconds : 0);
  startButton.addEventListener("click", start);
  pauseButton.addEventListener("click", togglePause);
  stopButton.addEventListener("click", stop);
})();

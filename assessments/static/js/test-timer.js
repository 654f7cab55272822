// The functional tests' timer (assessments/templates/tests/_timer.html). A plain <button> does the work,
// so a tap, Space, Enter and a screen reader's "activate" all start and stop it; a status
// region with aria-live says "Started", "Stopped at 5.4 seconds" and what comes next. The
// times go into the form below, which also works on its own without this script.
(function () {
  "use strict";
  var box = document.querySelector("[data-timer]");
  if (!box) return;
  var kind = box.dataset.timer;
  var display = box.querySelector("[data-timer-display]");
  var status = box.querySelector("[data-timer-status]");
  var stepLine = box.querySelector("[data-timer-step]");
  var button = box.querySelector("[data-timer-button]");
  var early = box.querySelector("[data-timer-early]");
  var words = box.dataset;
  var started = null;
  var tick = null;
  var step = 0;

  // Numbers as the page's language writes them (5.4, 5,4); the form takes either mark.
  var language = document.documentElement.lang || "en";
  function number(value, places) {
    try {
      return value.toLocaleString(language, { minimumFractionDigits: places, maximumFractionDigits: places, useGrouping: false });
    } catch (error) {
      return value.toFixed(places);
    }
  }
  function fill(text, value) {
    return text.replace("%s", value);
  }
  function field(name) {
    return document.getElementById("id_" + name);
  }
  function say(text) {
    status.textContent = text;
  }
  function seconds() {
    return (Date.now() - started) / 1000;
  }
  function show(value) {
    display.textContent = number(value, 1);
  }
  function startClock(update) {
    started = Date.now();
    tick = window.setInterval(update, 100);
  }
  function stopClock() {
    window.clearInterval(tick);
    tick = null;
  }

  // A stopwatch for one or more walks: 3MBWT = practice, walk 1, walk 2; TUG = one.
  function stopwatch(steps) {
    function label() {
      var current = steps[step];
      stepLine.textContent = current ? current.label : "";
    }
    label();
    button.addEventListener("click", function () {
      if (step >= steps.length) return;
      if (tick === null) {
        startClock(function () { show(seconds()); });
        button.textContent = words.wordStop;
        say(words.wordStarted);
        return;
      }
      var taken = seconds();
      stopClock();
      show(taken);
      button.textContent = words.wordStart;
      var rounded = number(taken, 2);
      var current = steps[step];
      if (current.field) field(current.field).value = rounded;
      step += 1;
      var next = steps[step];
      say(fill(words.wordStopped, number(taken, 1)) + " " + (next ? next.label + "." : words.wordDone));
      label();
      if (!next) button.disabled = true;
    });
  }

  // The chair stand: a 30-second countdown, then the count is typed in.
  function countdown(total) {
    show(total);
    button.addEventListener("click", function () {
      if (tick !== null) {
        stopClock();
        button.textContent = words.wordStart;
        say(fill(words.wordStopped, number(seconds(), 1)));
        return;
      }
      startClock(function () {
        var left = Math.max(0, total - seconds());
        show(left);
        if (left <= 0) {
          stopClock();
          button.textContent = words.wordStart;
          say(words.wordCountdownOver);
          field("stands").focus();
        }
      });
      button.textContent = words.wordStop;
      say(words.wordStarted);
    });
  }

  // The 4-stage balance test: 10 seconds per stance; stop early and the test ends there.
  function stances(count, hold) {
    function label() {
      stepLine.textContent = step < count ? fill(words.wordStance, step + 1) : "";
    }
    function finish(held) {
      stopClock();
      early.hidden = true;
      button.hidden = false;
      field("stance_" + (step + 1)).value = number(held, 1);
      step += 1;
      if (held < hold || step >= count) {
        for (var rest = step + 1; rest <= count; rest += 1) field("stance_" + rest).value = "0";
        step = count;
        button.disabled = true;
        say(fill(words.wordStopped, number(held, 1)) + " " + words.wordBalanceOver);
        label();
        button.focus();
        return;
      }
      label();
      say(words.wordHeld + " " + fill(words.wordStance, step + 1) + ".");
      button.focus();
    }
    label();
    show(hold);
    button.addEventListener("click", function () {
      if (step >= count || tick !== null) return;
      startClock(function () {
        var left = Math.max(0, hold - seconds());
        show(left);
        if (left <= 0) finish(hold);
      });
      say(words.wordStarted);
      early.hidden = false;
      button.hidden = true;
      early.focus();
    });
    early.addEventListener("click", function () {
      if (tick === null) return;
      finish(Math.min(seconds(), hold - 0.1));
    });
  }

  if (kind === "backward-walk") {
    stopwatch([
      { label: words.wordPractice, field: null },
      { label: fill(words.wordWalk, 1), field: "walk_1" },
      { label: fill(words.wordWalk, 2), field: "walk_2" }
    ]);
  } else if (kind === "tug") {
    stopwatch([{ label: "", field: "seconds" }]);
  } else if (kind === "chair-stand") {
    countdown(30);
  } else if (kind === "balance") {
    stances(4, 10);
  }
  box.hidden = false;
})();

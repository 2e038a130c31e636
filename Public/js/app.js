/*
 * 九业就业服务平台 — progressive enhancement only. Every page works without
 * this file; it is loaded with `defer` from /js/app.js (CSP script-src 'self').
 *
 *  1. <form data-confirm="…"> (or a submit button with data-confirm) asks
 *     confirm() before submitting.
 *  2. <input data-strength-meter> gets a password strength meter after it.
 *  3. On a wide screen the left menu (<details class="menu">) is opened, for
 *     browsers whose CSS cannot force it open.
 *  4. <button data-close="CLASS"> hides its enclosing .CLASS (message popup).
 *
 * Plain ES5 so that older in-app browsers run it too.
 */
(function () {
  "use strict";

  // ---------- 1. Confirm before submit ----------

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.nodeName !== "FORM") return;
    var submitter = event.submitter;
    var message =
      (submitter && submitter.getAttribute && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // ---------- 2. Password strength meter ----------
  //
  // Mirrors JiuyeDomain.PasswordPolicy: at least 8 characters and at least
  // 3 of the 4 classes (lower-case, upper-case, ASCII digit, anything else),
  // at most 72 UTF-8 bytes; `strength(of:)` scores 0–4 the same way.
  // Keep COMMON in step with PasswordPolicy.commonPasswords.

  var MIN_LENGTH = 8;
  var REQUIRED_CLASSES = 3;
  var MAX_BYTES = 72;
  var COMMON = [
    "123456", "1234567", "12345678", "123456789", "1234567890", "111111", "11111111",
    "000000", "00000000", "666666", "888888", "88888888", "123123", "123321", "654321",
    "password", "password1", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwerty123",
    "qwertyuiop", "abc123", "abc12345", "abcd1234", "a123456", "a12345678", "aa123456",
    "qq123456", "1qaz2wsx", "1q2w3e4r", "iloveyou", "woaini", "woaini1314", "5201314",
    "admin", "admin123", "admin@123", "root123", "welcome", "welcome1", "letmein", "zxcvbnm",
    "asdfghjkl", "112233", "147258369", "abcdefg", "abcdefgh", "password123", "password@123"
  ];
  var LABELS = ["弱", "弱", "中", "强", "强"];

  /** The password's characters (grapheme clusters where supported). */
  function characters(text) {
    if (window.Intl && Intl.Segmenter) {
      var result = [];
      var segments = new Intl.Segmenter("zh", { granularity: "grapheme" }).segment(text);
      var iterator = segments[Symbol.iterator]();
      for (var step = iterator.next(); !step.done; step = iterator.next()) {
        result.push(step.value.segment);
      }
      return result;
    }
    return Array.from ? Array.from(text) : text.split("");
  }

  function utf8Length(text) {
    if (window.TextEncoder) return new TextEncoder().encode(text).length;
    return unescape(encodeURIComponent(text)).length;
  }

  function classCount(chars) {
    var lower = false, upper = false, digit = false, symbol = false;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (c >= "0" && c <= "9" && c.length === 1) {
        digit = true;
      } else if (c !== c.toUpperCase() && c === c.toLowerCase()) {
        lower = true;
      } else if (c !== c.toLowerCase() && c === c.toUpperCase()) {
        upper = true;
      } else {
        symbol = true;
      }
    }
    return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
  }

  function distinctCount(chars) {
    var seen = {};
    var count = 0;
    for (var i = 0; i < chars.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(seen, chars[i])) {
        seen[chars[i]] = true;
        count++;
      }
    }
    return count;
  }

  /** { score: 0–4, meetsPolicy: bool, tooLong: bool } */
  function assess(password) {
    var chars = characters(password);
    var length = chars.length;
    var bytes = utf8Length(password);
    var classes = classCount(chars);
    var hasNul = password.indexOf("\u0000") !== -1;
    var tooLong = bytes > MAX_BYTES;
    var meetsPolicy = length >= MIN_LENGTH && classes >= REQUIRED_CLASSES && !tooLong && !hasNul;

    var score = 0;
    if (length >= 6 && !tooLong && !hasNul && COMMON.indexOf(password.toLowerCase()) === -1) {
      var points = Math.max(0, classes - 1);
      if (length >= 8) points++;
      if (length >= 12) points++;
      if (length >= 16) points++;
      score = points <= 1 ? 1 : points <= 3 ? 2 : points === 4 ? 3 : 4;
      if (length < MIN_LENGTH || distinctCount(chars) < 4) score = Math.min(score, 1);
    }
    return { score: score, meetsPolicy: meetsPolicy, tooLong: tooLong };
  }

  function attachMeter(input, index) {
    var meter = document.createElement("div");
    meter.className = "strength-meter";
    meter.id = (input.id || "password-" + index) + "-strength";
    meter.setAttribute("data-score", "0");
    meter.hidden = true;

    var track = document.createElement("span");
    track.className = "strength-track";
    track.setAttribute("aria-hidden", "true");
    var fill = document.createElement("span");
    fill.className = "strength-fill";
    track.appendChild(fill);

    var text = document.createElement("span");
    text.className = "strength-text";
    text.setAttribute("aria-live", "polite");

    meter.appendChild(track);
    meter.appendChild(text);
    input.parentNode.insertBefore(meter, input.nextSibling);

    function update() {
      var value = input.value;
      if (!value) {
        meter.hidden = true;
        meter.setAttribute("data-score", "0");
        text.textContent = "";
        return;
      }
      var result = assess(value);
      meter.hidden = false;
      meter.setAttribute("data-score", String(result.score));
      var label = "密码强度：" + LABELS[result.score];
      if (result.tooLong) {
        label += "（过长，最多 " + MAX_BYTES + " 个字节）";
      } else if (!result.meetsPolicy) {
        label += "（须至少 " + MIN_LENGTH + " 位，含大写字母、小写字母、数字、符号中的至少 " + REQUIRED_CLASSES + " 类）";
      }
      text.textContent = label;
    }

    input.addEventListener("input", update);
    update();
  }

  // ---------- 3. Left menu open on wide screens ----------

  function syncMenus(wide) {
    var menus = document.querySelectorAll("details.menu");
    for (var i = 0; i < menus.length; i++) {
      menus[i].open = wide;
    }
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-strength-meter]");
    for (var i = 0; i < inputs.length; i++) attachMeter(inputs[i], i);

    if (window.matchMedia) {
      var wide = window.matchMedia("(min-width: 769px)");
      syncMenus(wide.matches);
      var onChange = function (event) { syncMenus(event.matches); };
      if (wide.addEventListener) wide.addEventListener("change", onChange);
      else if (wide.addListener) wide.addListener(onChange);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // ---------- 4. Close buttons (the unread-messages popup) ----------
  //
  // <button data-close="CLASS"> hides the nearest ancestor with that class.

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.getAttribute) return;
    var name = target.getAttribute("data-close");
    if (!name) return;
    for (var node = target.parentNode; node && node !== document; node = node.parentNode) {
      if (node.classList && node.classList.contains(name)) {
        node.hidden = true;
        return;
      }
    }
  });
})();

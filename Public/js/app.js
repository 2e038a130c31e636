/*
 * 九业就业服务平台 — progressive enhancement only. Every page works without
 * this file; it is loaded with `defer` from /js/app.js (CSP script-src 'self').
 *
 *  1. <form data-confirm="…"> (or a submit button with data-confirm) asks
 *     confirm() before submitting.
 *  2. <input data-strength-meter> gets a password strength meter after it.
 *  3. On a wide screen the left menu (<details class="menu">) is opened, for
 *     browsers whose CSS cannot force it open.
 *  4. <button data-close="CLASS"> hides its enclosing .CLASS (message popup);
 *     <button data-print> prints a generated document.
 *
 *  5. 毕业去向登记 (#dest-matrix): the fields, labels and required marks of
 *     the chosen 毕业去向 follow the select.
 *
 *  6. The installable web app: /sw.js is registered (it keeps the shell and a
 *     student's 入场券 for offline display); 注销登录 deletes the kept tickets.
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

  // <button data-print> prints the page (generated documents on A4).

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.getAttribute) return;
    if (target.getAttribute("data-print") && window.print) window.print();
    // A link with data-confirm (a download of personal data) asks first.
    var question = target.tagName === "A" && target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // ---------- 4b. Region pickers: the next level without a click ----------
  //
  // Province → city → county works by GET steps (the server offers the next
  // level and drops a choice that no longer belongs). With JavaScript, choosing
  // a province or a city in a GET form submits it at once.

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select || select.tagName !== "SELECT") return;
    if (select.name !== "province" && select.name !== "city") return;
    var form = select.form;
    if (!form || (form.getAttribute("method") || "get").toLowerCase() !== "get") return;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });

  // ---------- 5. Uploads: shrink large photos, progress, errors ----------
  //
  // <form data-upload data-image-limit="…" data-pdf-limit="…"> (the upload page).
  // A JPG or PNG over the image limit is redrawn on a canvas as a JPEG that
  // fits (phone photos are 3–8 MB); a PDF over its limit is refused before
  // sending. The file goes up with XMLHttpRequest (progress, Chinese errors
  // from the server's JSON). The server checks everything again and decides
  // the type by the file's bytes. Without FormData the form posts as is.

  var UPLOAD_MAX_SIDE = 3000;

  function formatSize(bytes) {
    if (bytes >= 1048576) {
      var mb = bytes / 1048576;
      return (Math.round(mb * 10) / 10) + " MB";
    }
    if (bytes >= 1024) return Math.round(bytes / 1024) + " KB";
    return bytes + " 字节";
  }

  function uploadKind(file) {
    var type = (file.type || "").toLowerCase();
    var name = (file.name || "").toLowerCase();
    if (type === "image/jpeg" || /\.(jpe?g|jpe)$/.test(name)) return "image";
    if (type === "image/png" || /\.png$/.test(name)) return "image";
    if (type === "application/pdf" || /\.pdf$/.test(name)) return "pdf";
    return "other";
  }

  // Decodes an image file into something drawImage accepts.
  function loadImage(file, done) {
    if (window.createImageBitmap) {
      window.createImageBitmap(file).then(function (bitmap) {
        done(null, bitmap, bitmap.width, bitmap.height);
      }, function () { loadImageByReader(file, done); });
      return;
    }
    loadImageByReader(file, done);
  }

  // A data: URL (the page's CSP allows data: images, not blob:).
  function loadImageByReader(file, done) {
    if (!window.FileReader) { done(new Error("no reader")); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var image = new Image();
      image.onload = function () { done(null, image, image.naturalWidth, image.naturalHeight); };
      image.onerror = function () { done(new Error("decode")); };
      image.src = reader.result;
    };
    reader.onerror = function () { done(new Error("read")); };
    reader.readAsDataURL(file);
  }

  function canvasToBlob(canvas, quality, done) {
    if (canvas.toBlob) {
      canvas.toBlob(function (blob) { done(blob); }, "image/jpeg", quality);
      return;
    }
    var url = canvas.toDataURL("image/jpeg", quality);
    var binary = window.atob(url.split(",")[1]);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    done(new Blob([bytes], { type: "image/jpeg" }));
  }

  // Redraws the image smaller (first at most UPLOAD_MAX_SIDE px, quality 0.85,
  // then lower quality, then smaller) until the JPEG fits in `limit` bytes.
  function shrinkImage(file, limit, done) {
    loadImage(file, function (error, source, width, height) {
      if (error || !width || !height) { done(error || new Error("empty")); return; }
      var scale = Math.min(1, UPLOAD_MAX_SIDE / Math.max(width, height));
      var quality = 0.85;
      var attempts = 0;
      function attempt() {
        var w = Math.max(1, Math.round(width * scale));
        var h = Math.max(1, Math.round(height * scale));
        var canvas = document.createElement("canvas");
        canvas.width = w;
        canvas.height = h;
        var context = canvas.getContext("2d");
        if (!context) { done(new Error("canvas")); return; }
        // A transparent PNG becomes a JPEG on white, not on black.
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, w, h);
        context.drawImage(source, 0, 0, w, h);
        canvasToBlob(canvas, quality, function (blob) {
          if (!blob) { done(new Error("encode")); return; }
          if (blob.size <= limit) { done(null, blob, w, h); return; }
          attempts += 1;
          if (attempts >= 10) { done(new Error("too large")); return; }
          if (quality > 0.65) quality -= 0.1;
          else scale *= 0.8;
          attempt();
        });
      }
      attempt();
    });
  }

  function jpegName(name) {
    var base = (name || "照片").replace(/\.[^.\/\\]*$/, "");
    return (base || "照片") + ".jpg";
  }

  function fireChange(input) {
    var event = document.createEvent("Event");
    event.initEvent("change", true, false);
    input.dispatchEvent(event);
  }

  // Replaces the browser's own file button (labelled in the browser's
  // language) with a Chinese one and a drop zone. The input stays in the
  // page, focusable and labelled, only out of sight.
  var PICKER_EMPTY = window.matchMedia && window.matchMedia("(pointer: fine)").matches
    ? "未选择文件（也可把文件拖到这里）" : "未选择文件";

  function enhancePicker(input) {
    var picker = document.createElement("div");
    picker.className = "upload-picker";
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("span");
    button.className = "btn btn-secondary upload-picker-button";
    button.textContent = "选择文件";
    var name = document.createElement("span");
    name.className = "upload-picker-name";
    name.textContent = PICKER_EMPTY;
    picker.appendChild(button);
    picker.appendChild(name);
    input.parentNode.insertBefore(picker, input.nextSibling);
    input.className += " upload-input-enhanced";
    picker.addEventListener("click", function () { input.click(); });
    picker.addEventListener("dragover", function (event) {
      event.preventDefault();
      picker.className = "upload-picker is-dragover";
    });
    picker.addEventListener("dragleave", function () { picker.className = "upload-picker"; });
    picker.addEventListener("drop", function (event) {
      event.preventDefault();
      picker.className = "upload-picker";
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      try { input.files = files; } catch (ignored) { return; }
      fireChange(input);
    });
    return name;
  }

  function setupUploadForm(form) {
    var input = form.querySelector("input[type=file]");
    if (!input || !window.FormData || !window.XMLHttpRequest) return;
    var status = form.querySelector(".upload-status");
    var progress = form.querySelector(".upload-progress");
    var errorBox = form.querySelector(".upload-error");
    var submit = form.querySelector("button[type=submit]");
    var imageLimit = parseInt(form.getAttribute("data-image-limit"), 10) || 2097152;
    var pdfLimit = parseInt(form.getAttribute("data-pdf-limit"), 10) || 10485760;
    var busy = false;
    var pickerName = enhancePicker(input);

    function say(text) { if (status) status.textContent = text; }

    function showError(text) {
      if (errorBox) {
        errorBox.textContent = text;
        errorBox.hidden = false;
      } else {
        say(text);
      }
      if (progress) progress.hidden = true;
    }

    function clearError() {
      if (errorBox) { errorBox.textContent = ""; errorBox.hidden = true; }
    }

    function finish() {
      busy = false;
      if (submit) submit.disabled = false;
    }

    input.addEventListener("change", function () {
      clearError();
      var file = input.files && input.files[0];
      if (pickerName) {
        pickerName.textContent = file ? file.name + "（" + formatSize(file.size) + "）" : PICKER_EMPTY;
      }
      if (!file) { say(""); return; }
      var kind = uploadKind(file);
      var text = pickerName ? "" : "已选择：" + file.name + "（" + formatSize(file.size) + "）。";
      if (kind === "image" && file.size > imageLimit) {
        text += "图片超过 " + formatSize(imageLimit) + "，上传前会自动压缩。";
      } else if (kind === "pdf" && file.size > pdfLimit) {
        showError("PDF 文件不能超过 " + formatSize(pdfLimit) + "，请压缩或拆分后再上传。");
      } else if (kind === "other") {
        showError("只能上传 JPG、PNG 图片或 PDF 文件，请重新选择。");
      }
      say(text);
    });

    function send(file, name) {
      var data = new FormData();
      var fields = form.elements;
      for (var i = 0; i < fields.length; i++) {
        var field = fields[i];
        if (!field.name || field.disabled || field.type === "file" || field.type === "submit" || field.type === "button") continue;
        if ((field.type === "checkbox" || field.type === "radio") && !field.checked) continue;
        data.append(field.name, field.value);
      }
      data.append(input.name || "file", file, name);

      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("Accept", "application/json");
      var token = /[?&]_csrf=([^&]*)/.exec(form.getAttribute("action") || "");
      if (token) xhr.setRequestHeader("X-CSRF-Token", decodeURIComponent(token[1]));
      if (progress) { progress.value = 0; progress.hidden = false; }
      if (xhr.upload) {
        xhr.upload.onprogress = function (event) {
          if (!event.lengthComputable) return;
          var percent = Math.round(event.loaded * 100 / event.total);
          if (progress) progress.value = percent;
          say("正在上传 " + name + "（" + formatSize(file.size) + "）… " + percent + "%");
        };
      }
      xhr.onload = function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = null; }
        if (xhr.status === 201 && answer && answer.redirect) {
          say("上传成功，正在返回…");
          window.location.href = answer.redirect;
          return;
        }
        finish();
        say("");
        showError((answer && answer.error) || "上传失败（错误 " + xhr.status + "），请稍后重试。");
      };
      xhr.onerror = function () {
        finish();
        say("");
        showError("网络连接中断，文件没有上传成功。请检查网络后重试。");
      };
      xhr.send(data);
    }

    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (!file) return;            // the browser's own "required" message
      event.preventDefault();
      if (busy) return;
      clearError();
      var kind = uploadKind(file);
      if (kind === "pdf" && file.size > pdfLimit) {
        showError("PDF 文件不能超过 " + formatSize(pdfLimit) + "，请压缩或拆分后再上传。");
        return;
      }
      busy = true;
      if (submit) submit.disabled = true;
      if (kind !== "image" || file.size <= imageLimit) {
        send(file, file.name);
        return;
      }
      say("图片 " + formatSize(file.size) + "，超过 " + formatSize(imageLimit) + "，正在压缩…");
      shrinkImage(file, imageLimit, function (error, blob, width, height) {
        if (error) {
          finish();
          say("");
          showError("这张图片无法自动压缩到 " + formatSize(imageLimit) + " 以内。请换一张图片，或先用其他工具压缩后再上传。");
          return;
        }
        say("已压缩为 " + formatSize(blob.size) + "（" + width + "×" + height + "），正在上传…");
        send(blob, jpegName(file.name));
      });
    });
  }

  // A plain file field (the graduate import) gets the same Chinese picker; the form posts as usual.
  function setupPlainPicker(input) {
    var name = enhancePicker(input);
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      name.textContent = file ? file.name + "（" + formatSize(file.size) + "）" : PICKER_EMPTY;
    });
  }

  function initUploads() {
    var forms = document.querySelectorAll("form[data-upload]");
    for (var i = 0; i < forms.length; i++) setupUploadForm(forms[i]);
    var plain = document.querySelectorAll("form:not([data-upload]) .upload-file-field input[type=file]");
    for (var j = 0; j < plain.length; j++) setupPlainPicker(plain[j]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initUploads);
  } else {
    initUploads();
  }
  // ---------- 5. 毕业去向登记: the fields of the chosen 毕业去向 ----------
  //
  // #dest-matrix holds {code: {f: {field: ["r"|"o", label]}, h: heading}}; fields the
  // category does not ask for are hidden and not sent.

  function initDestination() {
    var holder = document.getElementById("dest-matrix");
    var select = document.getElementById("category");
    if (!holder || !select) return;
    var matrix;
    try { matrix = JSON.parse(holder.getAttribute("data-matrix")); } catch (e) { return; }
    function apply() {
      var row = matrix[select.value];
      var boxes = document.querySelectorAll("[data-dest-field]");
      for (var i = 0; i < boxes.length; i++) {
        var box = boxes[i];
        var spec = row && row.f[box.getAttribute("data-dest-field")];
        box.hidden = !spec;
        var controls = box.querySelectorAll("input, select, textarea");
        for (var c = 0; c < controls.length; c++) {
          if (!controls[c].hasAttribute("data-locked")) controls[c].disabled = !spec;
        }
        var label = box.querySelector("label");
        if (label && spec && label.firstChild && label.firstChild.nodeType === 3) label.firstChild.nodeValue = spec[1];
        var mark = box.querySelector(".req");
        if (spec && spec[0] === "r" && !mark && label) {
          mark = document.createElement("span");
          mark.className = "req";
          mark.setAttribute("aria-hidden", "true");
          mark.textContent = "*";
          label.appendChild(mark);
        }
        if (mark) mark.hidden = !(spec && spec[0] === "r");
      }
      var lists = document.querySelectorAll("[data-dest-heading]");
      for (var j = 0; j < lists.length; j++) {
        var active = !!row && row.h === lists[j].getAttribute("data-dest-heading");
        lists[j].hidden = !active;
        var inner = lists[j].querySelector("select");
        if (inner) {
          inner.disabled = !active;
          if (active && !inner.name) inner.name = "subtype";
        }
      }
    }
    select.addEventListener("change", apply);
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initDestination);
  } else {
    initDestination();
  }

  // 6. Service worker: installable app, 入场券 offline. Logging out forgets the tickets.
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form && form.getAttribute && form.getAttribute("action") === "/logout") {
        if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("logout");
        if (window.caches) window.caches["delete"]("jiuye-tickets");
      }
    }, true);
  }
})();

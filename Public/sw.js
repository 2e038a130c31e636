// 九业就业服务平台 service worker: the installable web app's shell (styles, script, icons, the
// offline page) from the cache, and a student's 入场券 pages kept for display at the venue when
// the phone has no signal. Every other page always comes from the network; nothing personal but
// the tickets is stored, and logging out deletes them (see app.js).
const SHELL = "jiuye-shell-v1";
const TICKETS = "jiuye-tickets";
const SHELL_FILES = ["/css/app.css", "/js/app.js", "/icons/icon-192.png", "/icons/icon.svg", "/offline.html"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== SHELL && key !== TICKETS).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

function isTicketPage(url) {
  return url.origin === self.location.origin && /^\/jobcentre\/tickets(\/\d+)?$/.test(url.pathname);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isTicketPage(url)) {
    // Network first; the last copy when offline.
    event.respondWith(fetch(request).then((response) => {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(TICKETS).then((cache) => cache.put(request, copy));
      }
      return response;
    }).catch(() => caches.match(request).then((cached) => cached || caches.match("/offline.html"))));
    return;
  }
  if (SHELL_FILES.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "logout") caches.delete(TICKETS);
});

{% autoescape off %}// easeplan's service worker. It keeps the offline page and the static files that page
// needs, and nothing else: pages always come from the network, so no page with a person's
// visits, notes or messages is ever stored on the device.
const CACHE = "{{ version }}";
const PRECACHE = {{ precache }};
const STATIC = {{ static_prefix }};
const OFFLINE = {{ offline_url }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(STATIC)) {
    // From the network while there is one; offline, the kept copy (if it is one we keep).
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  } else if (request.mode === "navigate") {
    // A page: always the network. Offline, the offline page stands in; nothing is stored.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  }
});
{% endautoescape %}

// `early-<hash>.js`: a classic async script that `cargo xtask build` puts first in index.html's head
// (xtask/src/build.rs fills in MODULES and ROUTES). It runs as soon as it arrives, before the
// console's wasm has even downloaded, so the first screen's downloads and its one bearer call
// start at once instead of after the wasm has started (which then holds the main thread).
// None of it is needed: the console (src/api/boot.rs) takes these answers only when they are for
// exactly what it would ask itself, and asks itself otherwise.
// The script is async: should it run only after the console has started (the console then marks
// `__quayBoot` itself, src/api/boot.rs), the console has asked for everything and this does nothing.
if (!window.__quayBoot) {
  const boot = (window.__quayBoot = { at: Date.now() });
  // 1. The wasm modules of the page in the address bar.
  const modules = MODULES;
  for (const [route, area] of ROUTES) {
    if (route.test(location.pathname)) {
      // A part of the area opened by a query parameter (a tag's drawer: `?tag=`) comes too.
      const query = new URLSearchParams(location.search);
      const parts = PARTS.filter(([a, key]) => a === area && query.get(key)).map(([, , part]) => part);
      const files = new Set([area, ...parts].flatMap((name) => modules[name] || []));
      for (const file of files) {
        const link = document.createElement('link');
        link.rel = 'preload';
        link.as = 'fetch';
        link.crossOrigin = 'anonymous';
        link.href = new URL(file, document.baseURI).href;
        document.head.append(link);
      }
      break;
    }
  }
  // Each answer as [status, body, url, Retry-After]; null when there is none (network error).
  const answer = (url) => (response) => response.text()
    .then((text) => [response.status, text, url, response.headers.get('Retry-After')]);
  // 2. config.json, as src/api/config.rs asks for it.
  const configUrl = new URL('config.json', document.baseURI).href;
  boot.config = fetch(configUrl, { headers: { Accept: 'application/json' }, cache: 'no-cache' })
    .then(answer(configUrl), () => null);
  // 3. The first request of a deep link into the tags, the robots, the applications or the logs, as
  //    src/views/early.rs, src/api/robots.rs, src/api/applications.rs and src/views/logs/ ask for it
  //    (default filters and plain names only), for a tab that holds a usable token
  //    (src/auth/session.rs) granting the scope the request needs.
  try {
    const token = JSON.parse(sessionStorage.getItem('quay-console.token') || 'null');
    const base = new URL(document.baseURI).pathname;
    const route = location.pathname.startsWith(base) ? location.pathname.slice(base.length - 1) : '';
    const search = new URLSearchParams(location.search);
    const unset = (...keys) => keys.every((key) => !(search.get(key) || '').trim());
    const name = '([a-z0-9][a-z0-9._-]*)';
    const match = (pattern) => new RegExp(`^${pattern}$`).exec(route);
    // The logs' default window: the last 7 days, today included (UTC), as MM%2FDD%2FYYYY.
    const day = (ms) => {
      const d = new Date(ms);
      const two = (n) => String(n).padStart(2, '0');
      return `${two(d.getUTCMonth() + 1)}%2F${two(d.getUTCDate())}%2F${d.getUTCFullYear()}`;
    };
    const week = `?starttime=${day(Date.now() - 6 * 86400000)}&endtime=${day(Date.now())}`;
    let m;
    let early = null; // [path, the scopes that allow it]
    if ((m = match(`/repository/${name}/${name}/tags`)) && unset('filter')) {
      early = [`/repository/${m[1]}/${m[2]}/tag/?page=1&limit=100&onlyActiveTags=true`, ['repo:read', 'repo:write', 'repo:admin']];
    } else if ((m = match(`/organization/${name}/robots`))) {
      // src/api/robots.rs: every robot with its permissions, without tokens (also under a drawer).
      early = [`/organization/${m[1]}/robots?permissions=true&token=false`, ['org:admin']];
    } else if (route === '/user/robots') {
      early = ['/user/robots?permissions=true&token=false', ['user:admin']];
    } else if ((m = match(`/organization/${name}/applications`)) && unset('app')) {
      // src/api/applications.rs: the list (an application's own page, `?app=`, asks for that one).
      early = [`/organization/${m[1]}/applications`, ['org:admin']];
    } else if (!unset('from', 'to', 'performer')) {
      early = null;
    } else if ((m = match(`/repository/${name}/${name}/logs`))) {
      early = [`/repository/${m[1]}/${m[2]}/logs${week}`, ['repo:admin']];
    } else if ((m = match(`/organization/${name}/logs`))) {
      early = [`/organization/${m[1]}/logs${week}`, ['org:admin']];
    } else if (route === '/user/logs') {
      early = [`/user/logs${week}`, ['user:admin']];
    } else if (route === '/superuser/logs') {
      early = [`/superuser/logs${week}`, ['super:user']];
    }
    const usable = token && typeof token.access_token === 'string'
      && !(typeof token.expires_at_ms === 'number' && token.expires_at_ms <= Date.now());
    const granted = (scopes) => !Array.isArray(token.scopes) || token.scopes.length === 0
      || token.scopes.some((s) => scopes.includes(s));
    if (early && usable && granted(early[1])) {
      const path = early[0];
      // The console waits for this (at most a second) before it starts (src/lib.rs): once it has
      // started it holds the main thread, and the request would leave only after it.
      let sent;
      boot.ready = new Promise((done) => { sent = done; setTimeout(done, 1000); });
      boot.earlyPath = path;
      boot.early = boot.config.then((config) => {
        const quay = config && config[0] === 200 ? JSON.parse(config[1]).quay_url : null;
        if (typeof quay !== 'string') return null;
        const url = `${quay.trim().replace(/\/+$/, '')}/api/v1${path}`;
        const headers = {
          Authorization: `Bearer ${token.access_token}`,
          'X-Requested-With': 'XMLHttpRequest',
          Accept: 'application/json',
        };
        // The client's time limit (src/api/client.rs `time_limit`: 30 s, or shorter for this tab
        // by `quay-console.timeout-ms`, at least 500 ms): at its end the console shows a time-out.
        const shorter = (sessionStorage.getItem('quay-console.timeout-ms') || '').trim();
        const limit = /^[0-9]+$/.test(shorter) ? Math.min(30000, Math.max(500, Number(shorter))) : 30000;
        const request = fetch(url, { headers, cache: 'no-store', signal: AbortSignal.timeout(limit) });
        boot.sentAt = Date.now();
        sent();
        return request.then(answer(url), (e) => (e && e.name === 'TimeoutError' ? [0, 'timeout', url, null] : null));
      }).catch(() => null).finally(sent);
    }
  } catch (e) {
    // Storage off or odd contents: the console asks itself.
  }
}

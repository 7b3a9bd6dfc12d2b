// Injected into the merchant page before any of its scripts (Playwright addInitScript).
// Plays a hostile third-party script: it hooks everything a page script can hook and records
// what it sees into window.__hostile, so the test can prove no card data reached the page.
(() => {
  const records = [];
  const note = (kind, value) => {
    try {
      records.push(kind + ' ' + (typeof value === 'string' ? value : JSON.stringify(value)));
    } catch {
      records.push(kind + ' [unserializable]');
    }
  };
  Object.defineProperty(window, '__hostile', { value: records });

  for (const type of [
    'input',
    'beforeinput',
    'change',
    'keydown',
    'keyup',
    'keypress',
    'paste',
    'copy',
    'cut',
    'focusin',
    'compositionend',
  ]) {
    window.addEventListener(
      type,
      (event) => {
        const target = event.composedPath ? event.composedPath()[0] : event.target;
        note('event:' + type, {
          key: event.key,
          data: event.data,
          value: target && 'value' in target ? target.value : undefined,
          clipboard: event.clipboardData ? event.clipboardData.getData('text') : undefined,
        });
      },
      true,
    );
  }
  window.addEventListener('message', (event) => note('message', { origin: event.origin, data: event.data }), true);
  for (const name of [
    'antom-ready',
    'antom-change',
    'antom-submit',
    'antom-authorized',
    'antom-failed',
    'antom-processing',
    'antom-error',
    'antom-session-expired',
    'antom-card-saved',
    'antom-remove-card',
    'antom-challenge',
    'antom-cancel',
  ]) {
    window.addEventListener(name, (event) => note('antom:' + name, event.detail), true);
  }

  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    note('fetch', {
      url: String(input && input.url ? input.url : input),
      body: init && typeof init.body === 'string' ? init.body : undefined,
    });
    return originalFetch.apply(this, arguments);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    note('xhr.open', String(url));
    return open.apply(this, arguments);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    note('xhr.send', body === undefined ? '' : String(body));
    return send.apply(this, arguments);
  };
  if (navigator.sendBeacon) {
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      note('beacon', { url: String(url), data: typeof data === 'string' ? data : undefined });
      return beacon(url, data);
    };
  }
  const wsSend = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    note('websocket', String(data));
    return wsSend.apply(this, arguments);
  };
  const windowPost = window.postMessage;
  window.postMessage = function (data) {
    note('window.postMessage', data);
    return windowPost.apply(this, arguments);
  };
  const portPost = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (data) {
    note('port.postMessage', data);
    return portPost.apply(this, arguments);
  };
  const portListener = MessagePort.prototype.addEventListener;
  MessagePort.prototype.addEventListener = function (type, listener, options) {
    return portListener.call(this, type, listener, options);
  };
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    configurable: true,
    get() {
      return onmessage.get.call(this);
    },
    set(handler) {
      onmessage.set.call(
        this,
        handler &&
          function (event) {
            note('port.message', event.data);
            return handler.call(this, event);
          },
      );
    },
  });
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    note('storage', { key, value });
    return setItem.apply(this, arguments);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get() {
      return cookie.get.call(document);
    },
    set(value) {
      note('cookie', value);
      cookie.set.call(document, value);
    },
  });
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[level];
    console[level] = function (...args) {
      note('console.' + level, args.map(String).join(' '));
      return original.apply(this, args);
    };
  }

  const observe = (root) =>
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === 'characterData') note('mutation.text', m.target.data);
        else if (m.type === 'attributes')
          note('mutation.attr', { name: m.attributeName, value: m.target.getAttribute(m.attributeName) });
        else for (const node of m.addedNodes) note('mutation.add', node.outerHTML ?? node.textContent ?? '');
      }
    }).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, { ...init, mode: 'open' });
    observe(root);
    return root;
  };
  observe(document);
})();

/**
 * The script of a fake frame: it stands where the gateway's card frame or 3-D Secure container
 * stands (on another origin than the test page) and does nothing by itself. On load it hands the
 * test page a control port; over it the test says when to say hello (or never), and what to send
 * the element, and hears every message the element sends over the channel port, untouched.
 */
import { PROTOCOL_VERSION, isHandshake } from '../../../src/shared/channel/messages.js';
import type { HarnessAnnouncement, HarnessCommand, HarnessReport } from './fake-frame.js';

const fragment = new URLSearchParams(location.hash.slice(1));
const nonce = fragment.get('nonce') ?? '';
const parentOrigin = fragment.get('origin') ?? '';
const control = new MessageChannel();
let elementPort: MessagePort | null = null;

const report = (message: HarnessReport): void => control.port1.postMessage(message);

/** Takes the element's port the way the real frame does: only from the parent, its origin, this nonce. */
function onConnect(event: MessageEvent): void {
  const port = event.ports[0];
  if (
    event.source !== window.parent ||
    event.origin !== parentOrigin ||
    event.ports.length !== 1 ||
    !port ||
    !isHandshake(event.data, 'antom:connect', nonce)
  ) {
    return;
  }
  window.removeEventListener('message', onConnect);
  elementPort = port;
  port.onmessage = (message: MessageEvent) => report({ kind: 'message', data: message.data });
  report({ kind: 'connected' });
}

control.port1.onmessage = (event: MessageEvent) => {
  const command = event.data as HarnessCommand;
  if (command.cmd === 'hello') {
    window.addEventListener('message', onConnect);
    window.parent.postMessage(
      { v: PROTOCOL_VERSION, type: 'antom:hello', nonce: command.nonce ?? nonce },
      parentOrigin,
    );
  } else {
    elementPort?.postMessage(command.message);
  }
};

const announcement: HarnessAnnouncement = { type: 'harness:frame', path: location.pathname, search: location.search };
window.parent.postMessage(announcement, parentOrigin, [control.port2]);

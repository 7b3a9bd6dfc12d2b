// Injected into every document of a page (the merchant page and each frame, Playwright
// addInitScript): notes every Content-Security-Policy violation, Trusted Types included, into
// window.__cspViolations, so a test can prove a whole flow ran with none.
(() => {
  const violations = [];
  Object.defineProperty(window, '__cspViolations', { value: violations });
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(
      `${location.origin}: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`,
    );
  });
})();

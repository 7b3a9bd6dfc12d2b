// Antom's Web SDK, bundled: a separate chunk that only sessions minted by Antom load. Plain
// JavaScript on purpose: TypeScript reads load-sdk.d.ts instead of the package's own typings.
export function loadBundledSdk() {
  return import('@alipay/ams-checkout');
}

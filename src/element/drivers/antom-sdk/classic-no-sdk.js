// Stands in for @alipay/ams-checkout in the classic-script build, which is one file with no lazy
// chunks and so cannot carry Antom's 1.4 MB SDK for the few pages that need it. A session Antom
// minted then stops with this message (SDK_INIT_PARAMETER_ERROR) until `sdk-url` names a copy.
const MESSAGE =
  'the classic script build does not include Antom\'s Web SDK: set sdk-url to an ES module of @alipay/ams-checkout (e.g. the ams-checkout-*.js file of dist/cdn).';

class MissingSdk {
  constructor() {
    throw new Error(MESSAGE);
  }
}

export const AMSCashierPayment = MissingSdk;
export const AMSVaulting = MissingSdk;

/**
 * Where the element finds each locale's outcome texts (what the buyer reads once a payment has an
 * answer: authorized, the declines, the bank's check): one chunk per locale, loaded by the element's
 * `outcomes` chunk when the form is ready, so none of them is downloaded before `antom-ready`.
 */
import type { Catalogue } from './messages.js';
import type { SupportedLocale } from './locales.js';

const LOADERS: Record<SupportedLocale, () => Promise<{ default: Partial<Catalogue> }>> = {
  en_US: () => import('./catalogues/outcome/en_US.json', { with: { type: 'json' } }),
  en_GB: () => import('./catalogues/outcome/en_GB.json', { with: { type: 'json' } }),
  zh_CN: () => import('./catalogues/outcome/zh_CN.json', { with: { type: 'json' } }),
  zh_HK: () => import('./catalogues/outcome/zh_HK.json', { with: { type: 'json' } }),
  zh_TW: () => import('./catalogues/outcome/zh_TW.json', { with: { type: 'json' } }),
  ja_JP: () => import('./catalogues/outcome/ja_JP.json', { with: { type: 'json' } }),
  ko_KR: () => import('./catalogues/outcome/ko_KR.json', { with: { type: 'json' } }),
  th_TH: () => import('./catalogues/outcome/th_TH.json', { with: { type: 'json' } }),
  ms_MY: () => import('./catalogues/outcome/ms_MY.json', { with: { type: 'json' } }),
  in_ID: () => import('./catalogues/outcome/in_ID.json', { with: { type: 'json' } }),
  vi_VN: () => import('./catalogues/outcome/vi_VN.json', { with: { type: 'json' } }),
  tl_PH: () => import('./catalogues/outcome/tl_PH.json', { with: { type: 'json' } }),
  hi_IN: () => import('./catalogues/outcome/hi_IN.json', { with: { type: 'json' } }),
  es_ES: () => import('./catalogues/outcome/es_ES.json', { with: { type: 'json' } }),
  fr_FR: () => import('./catalogues/outcome/fr_FR.json', { with: { type: 'json' } }),
  de_DE: () => import('./catalogues/outcome/de_DE.json', { with: { type: 'json' } }),
  it_IT: () => import('./catalogues/outcome/it_IT.json', { with: { type: 'json' } }),
  nl_NL: () => import('./catalogues/outcome/nl_NL.json', { with: { type: 'json' } }),
  pt_BR: () => import('./catalogues/outcome/pt_BR.json', { with: { type: 'json' } }),
  pt_PT: () => import('./catalogues/outcome/pt_PT.json', { with: { type: 'json' } }),
  pl_PL: () => import('./catalogues/outcome/pl_PL.json', { with: { type: 'json' } }),
  ro_RO: () => import('./catalogues/outcome/ro_RO.json', { with: { type: 'json' } }),
  tr_TR: () => import('./catalogues/outcome/tr_TR.json', { with: { type: 'json' } }),
  ar_SA: () => import('./catalogues/outcome/ar_SA.json', { with: { type: 'json' } }),
  he_IL: () => import('./catalogues/outcome/he_IL.json', { with: { type: 'json' } }),
  ru_RU: () => import('./catalogues/outcome/ru_RU.json', { with: { type: 'json' } }),
  uk_UA: () => import('./catalogues/outcome/uk_UA.json', { with: { type: 'json' } }),
  sv_SE: () => import('./catalogues/outcome/sv_SE.json', { with: { type: 'json' } }),
  da_DK: () => import('./catalogues/outcome/da_DK.json', { with: { type: 'json' } }),
  nb_NO: () => import('./catalogues/outcome/nb_NO.json', { with: { type: 'json' } }),
  fi_FI: () => import('./catalogues/outcome/fi_FI.json', { with: { type: 'json' } }),
  cs_CZ: () => import('./catalogues/outcome/cs_CZ.json', { with: { type: 'json' } }),
  sk_SK: () => import('./catalogues/outcome/sk_SK.json', { with: { type: 'json' } }),
  hu_HU: () => import('./catalogues/outcome/hu_HU.json', { with: { type: 'json' } }),
  el_GR: () => import('./catalogues/outcome/el_GR.json', { with: { type: 'json' } }),
  bg_BG: () => import('./catalogues/outcome/bg_BG.json', { with: { type: 'json' } }),
  hr_HR: () => import('./catalogues/outcome/hr_HR.json', { with: { type: 'json' } }),
  sl_SI: () => import('./catalogues/outcome/sl_SI.json', { with: { type: 'json' } }),
  lt_LT: () => import('./catalogues/outcome/lt_LT.json', { with: { type: 'json' } }),
  lv_LV: () => import('./catalogues/outcome/lv_LV.json', { with: { type: 'json' } }),
  et_EE: () => import('./catalogues/outcome/et_EE.json', { with: { type: 'json' } }),
  ca_ES: () => import('./catalogues/outcome/ca_ES.json', { with: { type: 'json' } }),
};

/** The outcome texts of `locale`. */
export async function outcomeCatalogue(locale: SupportedLocale): Promise<Partial<Catalogue>> {
  return (await LOADERS[locale]()).default;
}

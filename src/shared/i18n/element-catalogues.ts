/**
 * Where the element finds each locale's catalogue: one chunk per locale, so a buyer downloads
 * one language. A module of its own, loaded with the first locale other than `en_US`, so the
 * table of locales and of chunk names stays out of the page's first download.
 */
import type { Catalogue } from './messages.js';
import type { SupportedLocale } from './locales.js';

export { resolveLocale } from './locales.js';

const LOADERS: Record<Exclude<SupportedLocale, 'en_US'>, () => Promise<{ default: Partial<Catalogue> }>> = {
  en_GB: () => import('./catalogues/element/en_GB.json', { with: { type: 'json' } }),
  zh_CN: () => import('./catalogues/element/zh_CN.json', { with: { type: 'json' } }),
  zh_HK: () => import('./catalogues/element/zh_HK.json', { with: { type: 'json' } }),
  zh_TW: () => import('./catalogues/element/zh_TW.json', { with: { type: 'json' } }),
  ja_JP: () => import('./catalogues/element/ja_JP.json', { with: { type: 'json' } }),
  ko_KR: () => import('./catalogues/element/ko_KR.json', { with: { type: 'json' } }),
  th_TH: () => import('./catalogues/element/th_TH.json', { with: { type: 'json' } }),
  ms_MY: () => import('./catalogues/element/ms_MY.json', { with: { type: 'json' } }),
  in_ID: () => import('./catalogues/element/in_ID.json', { with: { type: 'json' } }),
  vi_VN: () => import('./catalogues/element/vi_VN.json', { with: { type: 'json' } }),
  tl_PH: () => import('./catalogues/element/tl_PH.json', { with: { type: 'json' } }),
  hi_IN: () => import('./catalogues/element/hi_IN.json', { with: { type: 'json' } }),
  es_ES: () => import('./catalogues/element/es_ES.json', { with: { type: 'json' } }),
  fr_FR: () => import('./catalogues/element/fr_FR.json', { with: { type: 'json' } }),
  de_DE: () => import('./catalogues/element/de_DE.json', { with: { type: 'json' } }),
  it_IT: () => import('./catalogues/element/it_IT.json', { with: { type: 'json' } }),
  nl_NL: () => import('./catalogues/element/nl_NL.json', { with: { type: 'json' } }),
  pt_BR: () => import('./catalogues/element/pt_BR.json', { with: { type: 'json' } }),
  pt_PT: () => import('./catalogues/element/pt_PT.json', { with: { type: 'json' } }),
  pl_PL: () => import('./catalogues/element/pl_PL.json', { with: { type: 'json' } }),
  ro_RO: () => import('./catalogues/element/ro_RO.json', { with: { type: 'json' } }),
  tr_TR: () => import('./catalogues/element/tr_TR.json', { with: { type: 'json' } }),
  ar_SA: () => import('./catalogues/element/ar_SA.json', { with: { type: 'json' } }),
  he_IL: () => import('./catalogues/element/he_IL.json', { with: { type: 'json' } }),
  ru_RU: () => import('./catalogues/element/ru_RU.json', { with: { type: 'json' } }),
  uk_UA: () => import('./catalogues/element/uk_UA.json', { with: { type: 'json' } }),
  sv_SE: () => import('./catalogues/element/sv_SE.json', { with: { type: 'json' } }),
  da_DK: () => import('./catalogues/element/da_DK.json', { with: { type: 'json' } }),
  nb_NO: () => import('./catalogues/element/nb_NO.json', { with: { type: 'json' } }),
  fi_FI: () => import('./catalogues/element/fi_FI.json', { with: { type: 'json' } }),
  cs_CZ: () => import('./catalogues/element/cs_CZ.json', { with: { type: 'json' } }),
  sk_SK: () => import('./catalogues/element/sk_SK.json', { with: { type: 'json' } }),
  hu_HU: () => import('./catalogues/element/hu_HU.json', { with: { type: 'json' } }),
  el_GR: () => import('./catalogues/element/el_GR.json', { with: { type: 'json' } }),
  bg_BG: () => import('./catalogues/element/bg_BG.json', { with: { type: 'json' } }),
  hr_HR: () => import('./catalogues/element/hr_HR.json', { with: { type: 'json' } }),
  sl_SI: () => import('./catalogues/element/sl_SI.json', { with: { type: 'json' } }),
  lt_LT: () => import('./catalogues/element/lt_LT.json', { with: { type: 'json' } }),
  lv_LV: () => import('./catalogues/element/lv_LV.json', { with: { type: 'json' } }),
  et_EE: () => import('./catalogues/element/et_EE.json', { with: { type: 'json' } }),
  ca_ES: () => import('./catalogues/element/ca_ES.json', { with: { type: 'json' } }),
};

/** The element's catalogue of a non-English locale (English for `en_US`, which is built in). */
export async function elementCatalogue(locale: SupportedLocale): Promise<Partial<Catalogue>> {
  return locale === 'en_US' ? {} : (await LOADERS[locale]()).default;
}

/**
 * Texts of the sandbox issuer's 3-D Secure page, rendered by the gateway (Node): every locale is
 * imported, as a server has no download to save. The page speaks the buyer's browser language
 * (`Accept-Language`), as a real bank's page does.
 */
import { resolveLocale, type SupportedLocale } from './locales.js';
import en_US from './catalogues/issuer/en_US.json' with { type: 'json' };
import en_GB from './catalogues/issuer/en_GB.json' with { type: 'json' };
import zh_CN from './catalogues/issuer/zh_CN.json' with { type: 'json' };
import zh_HK from './catalogues/issuer/zh_HK.json' with { type: 'json' };
import zh_TW from './catalogues/issuer/zh_TW.json' with { type: 'json' };
import ja_JP from './catalogues/issuer/ja_JP.json' with { type: 'json' };
import ko_KR from './catalogues/issuer/ko_KR.json' with { type: 'json' };
import th_TH from './catalogues/issuer/th_TH.json' with { type: 'json' };
import ms_MY from './catalogues/issuer/ms_MY.json' with { type: 'json' };
import in_ID from './catalogues/issuer/in_ID.json' with { type: 'json' };
import vi_VN from './catalogues/issuer/vi_VN.json' with { type: 'json' };
import tl_PH from './catalogues/issuer/tl_PH.json' with { type: 'json' };
import hi_IN from './catalogues/issuer/hi_IN.json' with { type: 'json' };
import es_ES from './catalogues/issuer/es_ES.json' with { type: 'json' };
import fr_FR from './catalogues/issuer/fr_FR.json' with { type: 'json' };
import de_DE from './catalogues/issuer/de_DE.json' with { type: 'json' };
import it_IT from './catalogues/issuer/it_IT.json' with { type: 'json' };
import nl_NL from './catalogues/issuer/nl_NL.json' with { type: 'json' };
import pt_BR from './catalogues/issuer/pt_BR.json' with { type: 'json' };
import pt_PT from './catalogues/issuer/pt_PT.json' with { type: 'json' };
import pl_PL from './catalogues/issuer/pl_PL.json' with { type: 'json' };
import ro_RO from './catalogues/issuer/ro_RO.json' with { type: 'json' };
import tr_TR from './catalogues/issuer/tr_TR.json' with { type: 'json' };
import ar_SA from './catalogues/issuer/ar_SA.json' with { type: 'json' };
import he_IL from './catalogues/issuer/he_IL.json' with { type: 'json' };
import ru_RU from './catalogues/issuer/ru_RU.json' with { type: 'json' };
import uk_UA from './catalogues/issuer/uk_UA.json' with { type: 'json' };
import sv_SE from './catalogues/issuer/sv_SE.json' with { type: 'json' };
import da_DK from './catalogues/issuer/da_DK.json' with { type: 'json' };
import nb_NO from './catalogues/issuer/nb_NO.json' with { type: 'json' };
import fi_FI from './catalogues/issuer/fi_FI.json' with { type: 'json' };
import cs_CZ from './catalogues/issuer/cs_CZ.json' with { type: 'json' };
import sk_SK from './catalogues/issuer/sk_SK.json' with { type: 'json' };
import hu_HU from './catalogues/issuer/hu_HU.json' with { type: 'json' };
import el_GR from './catalogues/issuer/el_GR.json' with { type: 'json' };
import bg_BG from './catalogues/issuer/bg_BG.json' with { type: 'json' };
import hr_HR from './catalogues/issuer/hr_HR.json' with { type: 'json' };
import sl_SI from './catalogues/issuer/sl_SI.json' with { type: 'json' };
import lt_LT from './catalogues/issuer/lt_LT.json' with { type: 'json' };
import lv_LV from './catalogues/issuer/lv_LV.json' with { type: 'json' };
import et_EE from './catalogues/issuer/et_EE.json' with { type: 'json' };
import ca_ES from './catalogues/issuer/ca_ES.json' with { type: 'json' };

/**
 * Every text of the issuer's code form: `title`, `payment` (`{merchant}`, `{amount}`), `vault`
 * (`{merchant}`), the facts' labels (`merchant`, `card`, `ending`), `code` (the field),
 * `emptyCode`, `wrongCode` (`{n}` attempts left), `wrongCodeLast` (one left), `hint`
 * (`{code}`) and the buttons (`verify`, `cancel`).
 */
export type IssuerMessages = typeof en_US;

/** The issuer page's texts by locale. */
export const ISSUER_MESSAGES: Record<SupportedLocale, IssuerMessages> = {
  en_US,
  en_GB,
  zh_CN,
  zh_HK,
  zh_TW,
  ja_JP,
  ko_KR,
  th_TH,
  ms_MY,
  in_ID,
  vi_VN,
  tl_PH,
  hi_IN,
  es_ES,
  fr_FR,
  de_DE,
  it_IT,
  nl_NL,
  pt_BR,
  pt_PT,
  pl_PL,
  ro_RO,
  tr_TR,
  ar_SA,
  he_IL,
  ru_RU,
  uk_UA,
  sv_SE,
  da_DK,
  nb_NO,
  fi_FI,
  cs_CZ,
  sk_SK,
  hu_HU,
  el_GR,
  bg_BG,
  hr_HR,
  sl_SI,
  lt_LT,
  lv_LV,
  et_EE,
  ca_ES,
};

/**
 * The supported locale an `Accept-Language` header asks for first (by `q`), `en_US` when it names
 * none: `de-CH,de;q=0.9,en;q=0.8` is `de_DE`, `xx,fr;q=0.5` is `fr_FR`.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): SupportedLocale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter(({ tag, q }) => tag !== '' && tag !== '*' && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = resolveLocale(tag);
    if (locale !== 'en_US' || /^en\b/i.test(tag)) return locale;
  }
  return 'en_US';
}

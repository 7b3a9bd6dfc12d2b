/** Element messages in zh_CN; loaded on demand so English-only pages do not pay for them. */
import type { Catalogue } from '../messages.js';

const catalogue: Catalogue = {
  pay: '支付 {amount}',
  payGeneric: '支付',
  saveCard: '保存卡片',
  processing: '处理中…',
  loading: '正在加载安全卡片表单',
  frameTitle: '安全卡片表单',
  ready: '卡片表单已就绪',
  authorized: '支付已授权',
  pending: '您的支付正在处理中，稍后将告知结果。',
  declined: '您的卡被拒绝。请换一张卡或联系发卡行。',
  insufficientFunds: '您的卡余额不足。请换一张卡。',
  cardExpired: '您的卡已过期。请换一张卡。',
  checkNumber: '卡号无效。请检查后重试。',
  checkCvc: '安全码无效。请检查后重试。',
  checkExpiry: '有效期无效。请检查后重试。',
  notSupported: '不支持此卡。请换一张卡。',
  overLimit: '支付金额超出卡片限额。请换一张卡。',
  authRequired: '发卡行需要验证此笔支付。请重试。',
  orderClosed: '此订单已支付或已关闭。',
  formInvalid: '请检查标出的卡片信息。',
  sessionExpired: '此结账已过期。请刷新页面重新开始。',
  loadFailed: '无法加载结账。请刷新页面或稍后再试。',
  unreachable: '无法连接安全卡片表单。请检查网络并刷新。',
  networkRetry: '网络问题：支付未确认。请重试，不会重复扣款。',
  configError: '此结账配置不正确。',
};

export default catalogue;

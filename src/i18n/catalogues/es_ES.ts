/** Element messages in es_ES; loaded on demand so English-only pages do not pay for them. */
import type { Catalogue } from '../messages.js';

const catalogue: Catalogue = {
  pay: 'Pagar {amount}',
  payGeneric: 'Pagar',
  saveCard: 'Guardar tarjeta',
  processing: 'Procesando…',
  loading: 'Cargando el formulario seguro de tarjeta',
  frameTitle: 'Formulario seguro de tarjeta',
  ready: 'Formulario de tarjeta listo',
  authorized: 'Pago autorizado',
  pending: 'Tu pago se está procesando. Te informaremos del resultado en breve.',
  declined: 'Tu tarjeta ha sido rechazada. Prueba con otra o contacta con tu banco.',
  insufficientFunds: 'Tu tarjeta no tiene saldo suficiente. Prueba con otra.',
  cardExpired: 'Tu tarjeta ha caducado. Prueba con otra.',
  checkNumber: 'El número de tarjeta no es válido. Revísalo e inténtalo de nuevo.',
  checkCvc: 'El código de seguridad no es válido. Revísalo e inténtalo de nuevo.',
  checkExpiry: 'La fecha de caducidad no es válida. Revísala e inténtalo de nuevo.',
  notSupported: 'Aquí no se acepta esta tarjeta. Prueba con otra.',
  overLimit: 'El pago supera el límite de tu tarjeta. Prueba con otra.',
  authRequired: 'Tu banco necesita verificar este pago. Inténtalo de nuevo.',
  orderClosed: 'Este pedido ya está pagado o cerrado.',
  formInvalid: 'Revisa los datos de tarjeta marcados.',
  sessionExpired: 'Este pago ha caducado. Recarga la página para empezar de nuevo.',
  loadFailed: 'No se pudo cargar el pago. Recarga la página o inténtalo más tarde.',
  unreachable: 'No se pudo conectar con el formulario seguro. Comprueba tu conexión y recarga.',
  networkRetry: 'Problema de red: el pago no se confirmó. Inténtalo de nuevo; no se te cobrará dos veces.',
  configError: 'Este pago no está bien configurado.',
};

export default catalogue;

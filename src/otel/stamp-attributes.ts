/** A verdict as the attributes stamped on a run's span: the public attribute contract. */
import type { Attributes } from '@opentelemetry/api';
import { CLASSIFIER_VERSION } from '../core/classify/classifier.js';
import type { FailureVerdict } from '../core/evidence.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_FAILURE_CATEGORY,
  ATTR_FAILURE_CLASSIFIER_VERSION,
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_DETAIL,
  ATTR_FAILURE_EVIDENCE,
  ATTR_FAILURE_REASON,
  ATTR_FAILURE_RETRY_AFTER_MS,
  ATTR_FAILURE_RULE,
  ATTR_RETRY_RESUME_SAFE,
  ATTR_RETRY_SAFE,
} from './attributes.js';

export interface StampOptions {
  /** Stamp `failure.detail`. */
  detail: boolean;
  /** Backfill `error.type` with the reason. */
  setErrorType: boolean;
}

/**
 * The attributes for a verdict.
 * @param spanAttributes the span's attributes as they are (a present `error.type` is never overwritten)
 * @param runtimeCloseSeen `failure.close_reason` is stamped only when a `runtime_close` event was seen
 */
export function stampAttributes(
  verdict: FailureVerdict,
  spanAttributes: Attributes,
  runtimeCloseSeen: boolean,
  options: StampOptions,
): Attributes {
  const out: Attributes = {};
  // Never relabel: a specific value the instrumentation set (rule `preset` or `preset.foreign`) stays as it is.
  const presetKept = verdict.evidence === 'preset';
  if (!presetKept) out[ATTR_FAILURE_REASON] = verdict.reason;
  if (runtimeCloseSeen && verdict.closeReason !== undefined) out[ATTR_FAILURE_CLOSE_REASON] = verdict.closeReason;
  out[ATTR_RETRY_SAFE] = verdict.retrySafe;
  out[ATTR_FAILURE_CATEGORY] = verdict.category;
  out[ATTR_FAILURE_RULE] = verdict.rule;
  out[ATTR_FAILURE_EVIDENCE] = verdict.evidence;
  out[ATTR_FAILURE_CLASSIFIER_VERSION] = CLASSIFIER_VERSION;
  if (options.detail && verdict.detail !== '') out[ATTR_FAILURE_DETAIL] = verdict.detail;
  out[ATTR_RETRY_RESUME_SAFE] = verdict.resumeSafe;
  if (verdict.retryAfterMs !== undefined) out[ATTR_FAILURE_RETRY_AFTER_MS] = verdict.retryAfterMs;
  if (options.setErrorType) {
    const existing = spanAttributes !== null && typeof spanAttributes === 'object' ? spanAttributes[ATTR_ERROR_TYPE] : undefined;
    // A foreign preset is the instrumentation's own word: error.type is left to it.
    const missing = existing === undefined || existing === null || existing === '';
    if (missing && verdict.rule !== 'preset.foreign') out[ATTR_ERROR_TYPE] = verdict.reason;
  }
  return out;
}

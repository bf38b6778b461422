/** One step's answer inside the classifier, before the verdict is assembled. */
import type { EvidenceKind } from '../evidence.js';
import type { FailureReason } from '../taxonomy.js';

export interface Decision {
  reason: FailureReason;
  rule: string;
  evidence: EvidenceKind;
  /** Raw excerpt, sanitised at the end. */
  excerpt?: string;
  retrySafe?: boolean;
  resumeSafe?: boolean;
}

import { useTranslation } from 'react-i18next';

import { AUDIT_ACTIONS, AUDIT_MODULES } from '../service';

type Module = (typeof AUDIT_MODULES)[number];
type Action = (typeof AUDIT_ACTIONS)[number];

/** Readable names for the log's module and action codes; unknown codes are shown as they are. */
export function useAuditLabels() {
  const { t } = useTranslation();
  const module = (code: string) =>
    (AUDIT_MODULES as readonly string[]).includes(code) ? t(`enums.auditModule.${code as Module}`) : code;
  const action = (code: string) =>
    (AUDIT_ACTIONS as readonly string[]).includes(code) ? t(`enums.auditAction.${code as Action}`) : code;
  const options = (codes: readonly string[], label: (code: string) => string) =>
    codes.map((code) => ({ value: code, label: label(code) }));
  return { module, action, options };
}

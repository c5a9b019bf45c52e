import type zhCN from './zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zhCN };
    keySeparator: false;
    nsSeparator: false;
  }
}

/** customerImport: keys of the import page (en-US). */
import type zh from '../zh-CN/customerImport';

const messages: Record<keyof typeof zh, string> = {
  'pages.customers.import.title': 'Import from the previous system',
};

export default messages;

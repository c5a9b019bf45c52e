/** customers: keys of this area (en-US). */
import type zh from '../zh-CN/customers';

const messages: Record<keyof typeof zh, string> = {
  'menu.customers': 'Customers',
  'menu.customers.list': 'Customer files',
  'menu.customers.new': 'New customer',
  'menu.customers.detail': 'Customer',
  'menu.customers.edit': 'Edit file',
  'menu.customers.import': 'Import',
  'menu.customers.settings': 'Customer settings',
};

export default messages;

/** customers: keys of this area (zh-CN). en-US/customers.ts has exactly the same keys. */
const messages = {
  'menu.customers': '客户',
  'menu.customers.list': '客户档案',
  'menu.customers.new': '新建客户',
  'menu.customers.detail': '客户详情',
  'menu.customers.edit': '修改档案',
  'menu.customers.import': '历史数据导入',
  'menu.customers.settings': '客户设置',
};

export default messages;

/** customerImport: keys of the import page (zh-CN). en-US/customerImport.ts has the same keys. */
const messages = {
  'pages.customers.import.title': '历史数据导入',
};

export default messages;

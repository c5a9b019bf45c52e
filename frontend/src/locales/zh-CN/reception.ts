/** reception: keys of this area (zh-CN). en-US/reception.ts has exactly the same keys. */
const messages = {
  'menu.reception': '前台接待',
  'menu.reception.waiting': '到院候诊',
  'menu.reception.consultation': '咨询记录',
  'menu.reception.complaints': '投诉',
};

export default messages;

/** reception: keys of this area (en-US). */
import type zh from '../zh-CN/reception';

const messages: Record<keyof typeof zh, string> = {
  'menu.reception': 'Reception',
  'menu.reception.waiting': 'Waiting list',
  'menu.reception.consultation': 'Consultation',
  'menu.reception.complaints': 'Complaints',
};

export default messages;

import { describe, expect, it } from 'vitest';

import { buildOperators, defaultSelection, positionFor, slotCandidates } from './operators';

const DOCTOR = { id: 1, code: 'doctor', name: '医生' };
const NURSE = { id: 2, code: 'nurse', name: '护士' };
const THERAPIST = { id: 3, code: 'therapist', name: '治疗师' };
const staff = (id: number, ...positions: (typeof DOCTOR)[]) => ({ id, name: `员工${id}`, staff_number: `S${id}`, positions });

const OPTIONS = [staff(10, DOCTOR), staff(11, NURSE), staff(12, NURSE, THERAPIST), staff(13, THERAPIST)];

describe('slotCandidates', () => {
  it('offers staff holding a position the slot accepts', () => {
    expect(slotCandidates(OPTIONS, 'doctor').map((o) => o.id)).toEqual([10]);
    expect(slotCandidates(OPTIONS, 'nurse').map((o) => o.id)).toEqual([11, 12]);
    expect(slotCandidates(OPTIONS, 'assistant').map((o) => o.id)).toEqual([11, 12, 13]);
  });
});

describe('positionFor', () => {
  it('prefers the first accepted code the person holds', () => {
    expect(positionFor(staff(12, NURSE, THERAPIST), 'assistant')).toBe(THERAPIST.id);
    expect(positionFor(staff(11, NURSE), 'assistant')).toBe(NURSE.id);
    expect(positionFor(staff(10, DOCTOR), 'nurse')).toBeNull();
  });
});

describe('buildOperators', () => {
  it('sends each chosen person with the position of their slot, in slot order', () => {
    expect(buildOperators({ assistant: 13, doctor: 10, nurse: 11 }, OPTIONS)).toEqual([
      { staff: 10, position: DOCTOR.id },
      { staff: 11, position: NURSE.id },
      { staff: 13, position: THERAPIST.id },
    ]);
  });

  it('leaves out empty slots and a person named twice in the same position', () => {
    expect(buildOperators({ doctor: null, nurse: 11, assistant: 11 }, OPTIONS)).toEqual([{ staff: 11, position: NURSE.id }]);
    expect(buildOperators({}, OPTIONS)).toEqual([]);
  });
});

describe('defaultSelection', () => {
  it('puts the signed-in nurse in the nurse slot, a doctor in the doctor slot', () => {
    expect(defaultSelection({ id: 5, positions: [{ code: 'nurse' }] })).toEqual({ nurse: 5 });
    expect(defaultSelection({ id: 6, positions: [{ code: 'director' }, { code: 'doctor' }] })).toEqual({ doctor: 6 });
    expect(defaultSelection({ id: 7, positions: [{ code: 'therapist' }] })).toEqual({ assistant: 7 });
    expect(defaultSelection({ id: 8, positions: [{ code: 'cashier' }] })).toEqual({});
    expect(defaultSelection(null)).toEqual({});
  });
});

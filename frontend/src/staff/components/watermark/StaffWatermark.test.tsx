// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import dayjs from 'dayjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { StaffWatermark } from './StaffWatermark';
import { watermarkLines } from './watermarkLines';

describe('watermarkLines', () => {
  it('names the viewer and the minute', () => {
    expect(watermarkLines({ name: '王磊', staff_number: 'S001' }, dayjs('2026-03-08T09:05:42'))).toEqual([
      '王磊 S001',
      '2026-03-08 09:05',
    ]);
  });
});

describe('StaffWatermark', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-08T01:05:42Z'));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('exposes the watermark text in the clinic time zone to tests and auditors', () => {
    render(
      <StaffWatermark user={{ name: '王磊', staff_number: 'S001' }}>
        <p>内容</p>
      </StaffWatermark>,
    );
    const wrapper = screen.getByTestId('watermark');
    expect(wrapper.dataset.watermark).toBe('王磊 S001 2026-03-08 09:05');
    expect(wrapper.contains(screen.getByText('内容'))).toBe(true);
  });
});

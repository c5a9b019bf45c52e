import { Watermark } from 'antd';
import type { ReactNode } from 'react';

import { useMinuteClock } from './useMinuteClock';
import { watermarkLines } from './watermarkLines';

interface StaffWatermarkProps {
  user: { name: string; staff_number: string };
  children: ReactNode;
}

/** Marks every signed-in page (and its modals and drawers) with the viewer and the time, against leaks by screenshot. */
export function StaffWatermark({ user, children }: StaffWatermarkProps) {
  const lines = watermarkLines(user, useMinuteClock());
  return (
    <Watermark content={lines} font={{ color: 'rgba(0, 0, 0, 0.07)', fontSize: 14 }} gap={[120, 120]}>
      <div data-testid="watermark" data-watermark={lines.join(' ')}>
        {children}
      </div>
    </Watermark>
  );
}

import { Col, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { slotCandidates, SLOT_ORDER, type OperatorSelection, type OperatorSlot } from '../../operators';
import type { OperatorOption } from '../../service';

interface OperatorPickerProps {
  options: readonly OperatorOption[];
  loading: boolean;
  value?: OperatorSelection;
  onChange?: (value: OperatorSelection) => void;
}

/** Who did the treatment, one picker per position; the position decides the operation fee. */
export function OperatorPicker({ options, loading, value = {}, onChange }: OperatorPickerProps) {
  const { t } = useTranslation();
  const label = (slot: OperatorSlot) => t(`pages.treatment.operator.${slot}`);
  return (
    <Row gutter={[12, 8]}>
      {SLOT_ORDER.map((slot) => (
        <Col key={slot} xs={24} md={8}>
          <Typography.Text type="secondary">{label(slot)}</Typography.Text>
          <Select<number | null>
            size="large"
            allowClear
            loading={loading}
            value={value[slot] ?? undefined}
            onChange={(staff) => onChange?.({ ...value, [slot]: staff ?? null })}
            placeholder={t('pages.treatment.operator.placeholder', { position: label(slot) })}
            showSearch={{ optionFilterProp: 'search' }}
            options={slotCandidates(options, slot).map((option) => ({
              value: option.id,
              label: `${option.name}（${option.staff_number}）`,
              search: `${option.name} ${option.staff_number}`,
            }))}
            style={{ width: '100%' }}
            data-testid={`operator-${slot}`}
          />
        </Col>
      ))}
    </Row>
  );
}

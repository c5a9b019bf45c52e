import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';

import { useCustomerLabels } from '../../shared/labels';
import type { OverviewFigure } from '../../shared/service';
import { formatFigure } from '../figures';

/** The key figures the user's permissions open, in the order the modules registered them. */
export function Figures({ figures }: { figures: OverviewFigure[] }) {
  const { t } = useTranslation();
  const labels = useCustomerLabels();
  const phone = useLayoutMode() === 'phone';
  if (figures.length === 0) return null;
  return (
    <Row gutter={phone ? [8, 8] : [12, 12]} data-testid="customer-figures">
      {figures.map((figure) => (
        <Col key={figure.key} flex={phone ? '1 1 96px' : '1 1 140px'}>
          <Card variant="borderless" size="small" style={{ height: '100%' }}>
            <Statistic
              title={labels.titled(figure)}
              value={formatFigure(figure) ?? t('pages.customers.detail.figure.empty')}
              styles={{ title: { fontSize: phone ? 12 : 14 }, content: { fontSize: phone ? 16 : 20 } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

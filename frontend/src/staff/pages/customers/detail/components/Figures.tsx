import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';

import { useCustomerLabels } from '../../shared/labels';
import type { OverviewFigure } from '../../shared/service';
import { formatFigure } from '../figures';

/** The key figures the user's permissions open, in the order the modules registered them. */
export function Figures({ figures }: { figures: OverviewFigure[] }) {
  const { t } = useTranslation();
  const labels = useCustomerLabels();
  if (figures.length === 0) return null;
  return (
    <Row gutter={[12, 12]} data-testid="customer-figures">
      {figures.map((figure) => (
        <Col key={figure.key} flex="1 1 140px">
          <Card variant="borderless" size="small" style={{ height: '100%' }}>
            <Statistic
              title={labels.titled(figure)}
              value={formatFigure(figure) ?? t('pages.customers.detail.figure.empty')}
              styles={{ content: { fontSize: 20 } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

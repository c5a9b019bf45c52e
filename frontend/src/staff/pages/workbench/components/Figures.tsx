/** The workbench's building blocks: a section card, a figure that opens its list, a figure with its trend. */
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Flex, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { formatMoney } from '../../../utils/money';
import type { TrendFigure } from '../service';
import { compare, compareAmounts, DIRECTION_COLORS, type Change } from '../trend';

interface SectionProps {
  title: ReactNode;
  link?: string | null;
  children: ReactNode;
  testId: string;
}

/** A titled card; its "all" link opens the page behind it. */
export function Section({ title, link, children, testId }: SectionProps) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={title}
      extra={
        link ? (
          <Link to={link} data-testid={`${testId}-all`}>
            {t('pages.workbench.all')} <RightOutlined style={{ fontSize: 10 }} />
          </Link>
        ) : null
      }
      styles={{ body: { padding: 12 } }}
      style={{ height: '100%' }}
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

interface StatTileProps {
  title: ReactNode;
  value: number | string;
  link: string | null | undefined;
  /** A line under the figure (an amount beside a count, say). */
  note?: ReactNode;
  tone?: 'danger' | 'warning';
  testId: string;
}

const TONES = { danger: '#cf1322', warning: '#d46b08' };

/** A figure that opens the list it counts. */
export function StatTile({ title, value, link, note, tone, testId }: StatTileProps) {
  const body = (
    <Flex
      vertical
      gap={2}
      style={{ padding: '8px 12px', borderRadius: 8, background: 'rgba(0, 0, 0, 0.02)', height: '100%' }}
    >
      <Statistic
        title={title}
        value={value}
        styles={{ content: { fontSize: 24, color: tone ? TONES[tone] : undefined } }}
      />
      {note && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      )}
    </Flex>
  );
  return link ? (
    <Link to={link} data-testid={testId} style={{ color: 'inherit', display: 'block', height: '100%' }}>
      {body}
    </Link>
  ) : (
    <div data-testid={testId} style={{ height: '100%' }}>
      {body}
    </div>
  );
}

function ChangeText({ label, change, amount }: { label: string; change: Change; amount: boolean }) {
  const icon = { up: <ArrowUpOutlined />, down: <ArrowDownOutlined />, flat: <MinusOutlined /> }[change.direction];
  const size = amount ? formatMoney((Math.abs(change.delta) / 100).toFixed(2)) : String(Math.abs(change.delta));
  return (
    <Flex gap={6} align="center" style={{ fontSize: 12 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <span style={{ color: DIRECTION_COLORS[change.direction] }} data-direction={change.direction}>
        {icon} {change.direction === 'flat' ? '' : size}
        {change.percent !== null && change.direction !== 'flat' ? ` (${change.percent}%)` : ''}
      </span>
    </Flex>
  );
}

interface TrendCardProps {
  title: ReactNode;
  figure: TrendFigure;
  /** Which figure leads: the count (with the amount as a note) or the amount (with the count as a note). */
  lead?: 'count' | 'amount';
  countNote?: (value: number) => ReactNode;
  testId: string;
}

/** Today's figure with yesterday's and the same weekday last week's, arrows and colours for the change. */
export function TrendCard({ title, figure, lead = 'count', countNote, testId }: TrendCardProps) {
  const { t } = useTranslation();
  const byAmount = lead === 'amount' && figure.amount !== null;
  const main = byAmount ? formatMoney(figure.amount) : figure.value;
  const yesterday = byAmount ? compareAmounts(figure.amount, figure.yesterday_amount) : compare(figure.value, figure.yesterday);
  const lastWeek = byAmount ? compareAmounts(figure.amount, figure.last_week_amount) : compare(figure.value, figure.last_week);
  const note = byAmount ? countNote?.(figure.value) : figure.amount !== null ? formatMoney(figure.amount) : null;
  const body = (
    <Card size="small" hoverable={Boolean(figure.link)} styles={{ body: { padding: 12 } }} style={{ height: '100%' }}>
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        <Flex align="baseline" gap={8} wrap>
          <span style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.2 }} data-testid={`${testId}-value`}>
            {main}
          </span>
          {note && <Typography.Text type="secondary">{note}</Typography.Text>}
        </Flex>
        <ChangeText label={t('pages.workbench.vsYesterday')} change={yesterday} amount={byAmount} />
        <ChangeText label={t('pages.workbench.vsLastWeek')} change={lastWeek} amount={byAmount} />
      </Flex>
    </Card>
  );
  return figure.link ? (
    <Link to={figure.link} data-testid={testId} style={{ display: 'block', height: '100%' }}>
      {body}
    </Link>
  ) : (
    <div data-testid={testId} style={{ height: '100%' }}>
      {body}
    </div>
  );
}

/** An empty list's line. */
export function Empty({ children }: { children: ReactNode }) {
  return (
    <Typography.Text type="secondary" style={{ display: 'block', padding: '12px 0', textAlign: 'center' }}>
      {children}
    </Typography.Text>
  );
}

import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  defaultColumns,
  LOCKED_COLUMNS,
  moveColumn,
  placeColumn,
  setColumnVisible,
  type ColumnSetting,
  type CustomerColumn,
} from '../columns';

interface ColumnSettingsProps {
  settings: ColumnSetting[];
  titles: Record<CustomerColumn, React.ReactNode>;
  onChange: (next: ColumnSetting[]) => void;
  saving: boolean;
}

/** Shows, hides and orders the list's columns: drag a row, or use its arrows (touch screens). */
export function ColumnSettings({ settings, titles, onChange, saving }: ColumnSettingsProps) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState<CustomerColumn | null>(null);

  const content = (
    <Flex vertical gap={4} style={{ width: 280 }} data-testid="column-settings">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('pages.customers.list.columns.hint')}
      </Typography.Text>
      {settings.map((column, index) => (
        <Flex
          key={column.key}
          align="center"
          gap={4}
          draggable
          onDragStart={(event) => {
            setDragging(column.key);
            event.dataTransfer.effectAllowed = 'move';
          }}
          onDragOver={(event) => event.preventDefault()}
          onDrop={(event) => {
            event.preventDefault();
            if (dragging) onChange(placeColumn(settings, dragging, column.key));
            setDragging(null);
          }}
          onDragEnd={() => setDragging(null)}
          style={{
            padding: '2px 4px',
            borderRadius: 4,
            cursor: 'grab',
            background: dragging === column.key ? 'rgba(22, 119, 255, 0.08)' : undefined,
          }}
        >
          <HolderOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
          <Checkbox
            checked={column.visible}
            disabled={LOCKED_COLUMNS.has(column.key)}
            onChange={(event) => onChange(setColumnVisible(settings, column.key, event.target.checked))}
            style={{ flex: 1 }}
          >
            {titles[column.key]}
          </Checkbox>
          <Tooltip title={t('pages.customers.list.columns.up')}>
            <Button
              type="text"
              size="small"
              icon={<ArrowUpOutlined />}
              disabled={index === 0}
              aria-label={t('pages.customers.list.columns.up')}
              onClick={() => onChange(moveColumn(settings, column.key, -1))}
            />
          </Tooltip>
          <Tooltip title={t('pages.customers.list.columns.down')}>
            <Button
              type="text"
              size="small"
              icon={<ArrowDownOutlined />}
              disabled={index === settings.length - 1}
              aria-label={t('pages.customers.list.columns.down')}
              onClick={() => onChange(moveColumn(settings, column.key, 1))}
            />
          </Tooltip>
        </Flex>
      ))}
      <Flex justify="flex-end">
        <Button size="small" onClick={() => onChange(defaultColumns())}>
          {t('pages.customers.list.columns.reset')}
        </Button>
      </Flex>
    </Flex>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" title={t('pages.customers.list.columns')}>
      <Button icon={<SettingOutlined />} loading={saving} data-testid="column-settings-button">
        {t('pages.customers.list.columns')}
      </Button>
    </Popover>
  );
}

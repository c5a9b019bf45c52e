import { PlusOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The primary "create" button in a page header. */
export function CreateButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick}>
      {children}
    </Button>
  );
}

interface RowActionsProps {
  /** Opens the row's editor; absent to hide the link. */
  onEdit?: () => void;
  /** The edit link's text; "Edit" unless given. */
  editLabel?: ReactNode;
  /** Deletes the row once confirmed; absent to hide the link. */
  onDelete?: () => void;
  deleteConfirm?: ReactNode;
  deleteHint?: ReactNode;
  /** More links, between edit and delete. */
  children?: ReactNode;
  wrap?: boolean;
}

/** A table row's action links: edit, any others, and delete behind a confirmation. */
export function RowActions({ onEdit, editLabel, onDelete, deleteConfirm, deleteHint, children, wrap }: RowActionsProps) {
  const { t } = useTranslation();
  return (
    <Space size={0} wrap={wrap}>
      {onEdit && (
        <Button type="link" size="small" onClick={onEdit}>
          {editLabel ?? t('common.edit')}
        </Button>
      )}
      {children}
      {onDelete && (
        <Popconfirm
          title={deleteConfirm}
          description={deleteHint}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={onDelete}
        >
          <Button type="link" size="small" danger>
            {t('common.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

import { Input, Modal, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface DecisionModalProps {
  title: string;
  approve: boolean;
  saving: boolean;
  onCancel: () => void;
  onSubmit: (note: string) => void;
}

/** Approve or reject with an optional note. */
export function DecisionModal({ title, approve, saving, onCancel, onSubmit }: DecisionModalProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <Modal
      open
      title={title}
      okText={t(approve ? 'pages.sales.approve' : 'pages.sales.reject')}
      okButtonProps={{ danger: !approve, 'data-testid': 'decision-submit' } as ButtonProps}
      confirmLoading={saving}
      onOk={() => onSubmit(note.trim())}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Input.TextArea value={note} onChange={(event) => setNote(event.target.value)} maxLength={200} placeholder={t('pages.sales.decisionNote')} autoSize={{ minRows: 2 }} />
    </Modal>
  );
}

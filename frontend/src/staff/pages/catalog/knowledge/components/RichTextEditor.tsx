import {
  BoldOutlined,
  ClearOutlined,
  ItalicOutlined,
  OrderedListOutlined,
  PictureOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { App, Button, Divider, Flex, Tooltip, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/api/errors';

import { RichTextStyle } from '../../shared/RichText';
import { uploadImage } from '../../service';
import { checkImageFile } from '../imageFile';

function ToolButton({ label, icon, onClick, disabled }: { label: string; icon: React.ReactNode; onClick: () => void; disabled?: boolean }) {
  return (
    <Tooltip title={label}>
      <Button
        type="text"
        icon={icon}
        aria-label={label}
        disabled={disabled}
        // Keep the selection in the editor: the button must not take the focus.
        onMouseDown={(event) => event.preventDefault()}
        onClick={onClick}
      />
    </Tooltip>
  );
}

interface RichTextEditorProps {
  value?: string;
  onChange?: (html: string) => void;
  id?: string;
  disabled?: boolean;
}

/**
 * A small rich-text editor: contentEditable with a toolbar for headings, bold, italic, lists and an uploaded
 * picture. What it produces is only a draft: the server keeps the allowed tags and our own pictures.
 */
export function RichTextEditor({ value = '', onChange, id, disabled }: RichTextEditorProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const editor = useRef<HTMLDivElement>(null);
  const [uploading, setUploading] = useState(false);

  // Write the value into the editor only when it differs from what the editor holds (typing must not
  // reset the caret).
  useEffect(() => {
    const node = editor.current;
    if (node && node.innerHTML !== value) node.innerHTML = value;
  }, [value]);

  const emit = () => onChange?.(editor.current?.innerHTML ?? '');
  const run = (command: string, argument?: string) => {
    editor.current?.focus();
    document.execCommand(command, false, argument);
    emit();
  };

  const insertImage = async (file: File) => {
    const problem = checkImageFile(file);
    if (problem) {
      void message.error(t(problem));
      return;
    }
    setUploading(true);
    try {
      const image = await uploadImage(file);
      run('insertHTML', `<p><img src="${image.url}" alt=""></p>`);
    } catch (error) {
      void message.error(error instanceof ApiError && error.message ? error.message : t('pages.catalog.knowledge.uploadFailed'));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div style={{ border: '1px solid #d9d9d9', borderRadius: 8, overflow: 'hidden' }}>
      <RichTextStyle />
      <Flex wrap align="center" gap={2} style={{ padding: 4, borderBottom: '1px solid #f0f0f0', background: '#fafafa' }}>
        <Button type="text" disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={() => run('formatBlock', 'h2')}>
          H2
        </Button>
        <Button type="text" disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={() => run('formatBlock', 'h3')}>
          H3
        </Button>
        <Button type="text" disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={() => run('formatBlock', 'p')}>
          {t('pages.catalog.editor.paragraph')}
        </Button>
        <Divider orientation="vertical" />
        <ToolButton label={t('pages.catalog.editor.bold')} icon={<BoldOutlined />} onClick={() => run('bold')} disabled={disabled} />
        <ToolButton label={t('pages.catalog.editor.italic')} icon={<ItalicOutlined />} onClick={() => run('italic')} disabled={disabled} />
        <ToolButton label={t('pages.catalog.editor.bulletList')} icon={<UnorderedListOutlined />} onClick={() => run('insertUnorderedList')} disabled={disabled} />
        <ToolButton label={t('pages.catalog.editor.numberedList')} icon={<OrderedListOutlined />} onClick={() => run('insertOrderedList')} disabled={disabled} />
        <ToolButton label={t('pages.catalog.editor.clear')} icon={<ClearOutlined />} onClick={() => run('removeFormat')} disabled={disabled} />
        <Divider orientation="vertical" />
        <Upload
          accept="image/jpeg,image/png,image/webp"
          showUploadList={false}
          disabled={disabled || uploading}
          beforeUpload={(file) => {
            void insertImage(file);
            return false;
          }}
        >
          <Tooltip title={t('pages.catalog.editor.image')}>
            <Button type="text" icon={<PictureOutlined />} loading={uploading} aria-label={t('pages.catalog.editor.image')} />
          </Tooltip>
        </Upload>
      </Flex>
      <div
        id={id}
        ref={editor}
        className="catalog-rich-text"
        contentEditable={!disabled}
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        onInput={emit}
        onBlur={emit}
        data-testid="rich-text-editor"
        style={{ minHeight: 240, maxHeight: 480, overflowY: 'auto', padding: '8px 12px', outline: 'none', lineHeight: 1.7 }}
      />
    </div>
  );
}

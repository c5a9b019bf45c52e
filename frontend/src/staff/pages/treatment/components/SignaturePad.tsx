import { ClearOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import SignaturePadEngine from 'signature_pad';

import { canvasRatio, fitStrokes } from '../signature';

interface SignaturePadProps {
  /** The signature as a PNG data URL after every stroke, undo and clear; null while the pad is empty. */
  onChange: (signature: string | null) => void;
  height: number;
  disabled?: boolean;
}

/**
 * The customer signs here with a finger, a stylus or the mouse. The canvas fills the width of its container,
 * is drawn at the screen's pixel density, and keeps the strokes when it is resized (an iPad turned round).
 */
export function SignaturePad({ onChange, height, disabled = false }: SignaturePadProps) {
  const { t } = useTranslation();
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePadEngine | null>(null);
  const width = useRef(0);
  const report = useRef(onChange);
  useEffect(() => {
    report.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const element = canvas.current;
    const box = wrapper.current;
    if (!element || !box) return;
    const engine = new SignaturePadEngine(element, { penColor: '#1f1f1f', minWidth: 1, maxWidth: 3.2 });
    pad.current = engine;
    const emit = () => report.current(engine.isEmpty() ? null : engine.toDataURL('image/png'));
    engine.addEventListener('endStroke', emit);

    const fit = () => {
      const next = Math.floor(box.clientWidth);
      if (next <= 0 || next === width.current) return;
      const strokes = fitStrokes(engine.toData(), width.current, next);
      const ratio = canvasRatio(window.devicePixelRatio);
      element.width = next * ratio;
      element.height = height * ratio;
      element.style.width = `${next}px`;
      element.style.height = `${height}px`;
      element.getContext('2d')?.scale(ratio, ratio);
      engine.clear();
      if (strokes.length > 0) engine.fromData(strokes);
      width.current = next;
      if (strokes.length > 0) emit();
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(box);
    return () => {
      observer.disconnect();
      engine.removeEventListener('endStroke', emit);
      engine.off();
      pad.current = null;
      width.current = 0;
    };
  }, [height]);

  useEffect(() => {
    if (!pad.current) return;
    if (disabled) pad.current.off();
    else pad.current.on();
  }, [disabled]);

  const undo = () => {
    const engine = pad.current;
    if (!engine) return;
    const strokes = engine.toData();
    strokes.pop();
    engine.fromData(strokes);
    report.current(engine.isEmpty() ? null : engine.toDataURL('image/png'));
  };
  const clear = () => {
    pad.current?.clear();
    report.current(null);
  };

  return (
    <Flex vertical gap={8}>
      <div
        ref={wrapper}
        style={{
          position: 'relative',
          width: '100%',
          border: '1px dashed #bfbfbf',
          borderRadius: 8,
          background: '#fff',
          overflow: 'hidden',
        }}
      >
        <canvas
          ref={canvas}
          data-testid="signature-canvas"
          aria-label={t('pages.treatment.signature.label')}
          style={{ display: 'block', touchAction: 'none', cursor: disabled ? 'not-allowed' : 'crosshair' }}
        />
        <Typography.Text
          type="secondary"
          style={{ position: 'absolute', left: 12, bottom: 8, pointerEvents: 'none', userSelect: 'none', fontSize: 12 }}
        >
          {t('pages.treatment.signature.hint')}
        </Typography.Text>
      </div>
      <Flex gap={8} justify="flex-end">
        <Button size="large" icon={<UndoOutlined />} onClick={undo} disabled={disabled} data-testid="signature-undo">
          {t('pages.treatment.signature.undo')}
        </Button>
        <Button size="large" icon={<ClearOutlined />} onClick={clear} disabled={disabled} data-testid="signature-clear">
          {t('pages.treatment.signature.clear')}
        </Button>
      </Flex>
    </Flex>
  );
}

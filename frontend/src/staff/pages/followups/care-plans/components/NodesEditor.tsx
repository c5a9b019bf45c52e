import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { MAX_NODE_DAY, nodeProblems, suggestNextNode } from '../nodes';

interface NodesEditorProps {
  value?: (number | null)[];
  onChange?: (value: (number | null)[]) => void;
  id?: string;
  'data-testid'?: string;
}

/** Days after the treatment, one box each ("第 7 天"); a wrong box turns red with its reason underneath. */
export function NodesEditor({ value = [], onChange, id, ...rest }: NodesEditorProps) {
  const { t } = useTranslation();
  const problems = nodeProblems(value);
  const set = (index: number, day: number | null) => onChange?.(value.map((old, at) => (at === index ? day : old)));
  const remove = (index: number) => onChange?.(value.filter((_, at) => at !== index));
  const add = () => onChange?.([...value, suggestNextNode(value)]);

  return (
    <Flex vertical gap={4} id={id} data-testid={rest['data-testid']}>
      <Flex gap={8} wrap align="center">
        {value.length === 0 && <Typography.Text type="secondary">{t('pages.followups.care.nodes.none')}</Typography.Text>}
        {value.map((day, index) => (
          <InputNumber<number>
            // Position is the identity here: days change while typing.
            key={index}
            value={day}
            min={0}
            max={MAX_NODE_DAY}
            precision={0}
            status={problems[index] ? 'error' : undefined}
            onChange={(next) => set(index, next)}
            prefix={t('pages.followups.care.nodes.prefix')}
            suffix={
              <Flex align="center" gap={4}>
                {t('pages.followups.care.nodes.suffix')}
                <CloseOutlined
                  role="button"
                  aria-label={t('common.delete')}
                  onClick={() => remove(index)}
                  style={{ color: 'rgba(0,0,0,0.45)', cursor: 'pointer', fontSize: 11 }}
                />
              </Flex>
            }
            style={{ width: 140 }}
          />
        ))}
        <Button type="dashed" icon={<PlusOutlined />} onClick={add}>
          {t('pages.followups.care.nodes.add')}
        </Button>
      </Flex>
    </Flex>
  );
}

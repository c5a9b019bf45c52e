/** The tag colours offered when editing a tag: antd's preset names, which the API accepts besides #RRGGBB. */
export const TAG_COLORS = [
  'magenta',
  'red',
  'volcano',
  'orange',
  'gold',
  'lime',
  'green',
  'cyan',
  'blue',
  'geekblue',
  'purple',
] as const;

export type TagColor = (typeof TAG_COLORS)[number];

import { Fragment, type ReactNode } from 'react';

const MARK = '\u0000';

/**
 * A translated sentence with pieces of data (file names, codes, format names) put in as elements
 * marked translate="no", never interpolated as text: `withData((m) => t('x', { name: m(0) }), [file.name])`.
 */
export function withData(render: (mark: (i: number) => string) => string, data: ReactNode[]): ReactNode {
  const text = render((i) => `${MARK}${i}${MARK}`);
  return text.split(new RegExp(`${MARK}(\\d+)${MARK}`)).map((piece, i) => (i % 2
    ? <span key={i} translate="no">{data[Number(piece)]}</span>
    : <Fragment key={i}>{piece}</Fragment>));
}

/** The image formats the API accepts, as data. */
export const IMAGE_FORMATS = 'PNG / JPEG / WebP';

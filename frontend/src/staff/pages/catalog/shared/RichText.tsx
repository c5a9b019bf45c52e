/** An article body as the server stored it: sanitized there (nh3) — only allowed tags and our own pictures. */
const STYLE = `
.catalog-rich-text img { max-width: 100%; height: auto; border-radius: 6px; }
.catalog-rich-text h2, .catalog-rich-text h3 { margin: 0.8em 0 0.4em; }
.catalog-rich-text p, .catalog-rich-text ul, .catalog-rich-text ol { margin: 0 0 0.6em; }
.catalog-rich-text table { border-collapse: collapse; }
.catalog-rich-text td, .catalog-rich-text th { border: 1px solid #e5e5e5; padding: 4px 8px; }
`;

export function RichTextStyle() {
  return <style>{STYLE}</style>;
}

/** Safe to insert as HTML: the server sanitized it before storing it. */
export function RichText({ html, fontSize }: { html: string; fontSize?: number }) {
  return (
    <>
      <RichTextStyle />
      <div className="catalog-rich-text" style={{ fontSize, lineHeight: 1.75 }} dangerouslySetInnerHTML={{ __html: html }} />
    </>
  );
}

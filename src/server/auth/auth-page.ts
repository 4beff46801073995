/**
 * The page shell of the sign-in and admin pages: plain server-rendered HTML, no script, readable on a phone
 * (viewport, fluid width), high-contrast colours, visible focus, every control labelled.
 * @module
 */

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
:root{color-scheme:light;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;background:#fff}
body{margin:0}main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.2rem;margin-top:2rem}
a{color:#0b57d0}a:focus,button:focus,select:focus,input:focus,textarea:focus{outline:3px solid #0b57d0;outline-offset:2px}
.button,button{display:inline-block;font:inherit;padding:.55rem 1rem;border-radius:6px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;text-decoration:none;cursor:pointer;margin:.25rem 0}
button.secondary{background:#fff;color:#0b57d0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #c8ccd1;vertical-align:top}
label{display:block;font-weight:600;margin-top:.6rem}input,select,textarea{font:inherit;padding:.35rem;border:1px solid #6b7280;border-radius:4px;max-width:100%}
textarea{width:100%;min-height:4rem}.note{color:#414851}
@media (max-width:560px){table,thead,tbody,tr,th,td{display:block}thead{position:absolute;left:-9999px}td{border:0;padding:.2rem 0}tr{border-bottom:1px solid #c8ccd1;padding:.5rem 0}}
`;

/** A whole page around `body` (already HTML). */
export function authPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Debrief</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

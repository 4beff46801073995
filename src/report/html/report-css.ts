/**
 * The report's stylesheet, inlined so the HTML makes no request. System font stacks only (no web fonts), print
 * rules for A4/Letter, and a dark scheme for screens.
 */
export const REPORT_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;--accent:#0969da;--sev1:#b42318;--sev2:#c4320a;--sev3:#b54708;--sev4:#175cd3;--impact:rgba(213,94,0,.10)}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#161b22;--line:#30363d;--accent:#4493f8;--impact:rgba(213,94,0,.22)}}
*{box-sizing:border-box}
html{font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
main{max-width:980px;margin:0 auto;padding:32px 28px 64px}
header.report{border-bottom:2px solid var(--line);padding-bottom:18px;margin-bottom:22px}
header.report h1{font-size:1.9rem;line-height:1.2;margin:.2em 0 .4em}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted)}
.badges{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 14px}
.badge{display:inline-block;border:1px solid var(--line);border-radius:999px;padding:2px 10px;font-size:.8rem;background:var(--panel)}
.badge.sev{color:#fff;border:none;font-weight:600}
.badge.SEV1{background:var(--sev1)}.badge.SEV2{background:var(--sev2)}.badge.SEV3{background:var(--sev3)}.badge.SEV4,.badge.SEV5{background:var(--sev4)}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;margin:0}
.facts div{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.facts dt{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.facts dd{margin:2px 0 0;font-weight:600;font-size:1rem}
nav.toc{font-size:.9rem;margin:18px 0;padding:10px 14px;border-left:3px solid var(--accent);background:var(--panel)}
nav.toc ol{margin:4px 0;padding-left:20px;columns:2}
section.pm{margin-top:28px}
section.pm>h2{font-size:1.35rem;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1.08rem;margin-top:1.2em}
a{color:var(--accent)}
code{font:.86em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--panel);padding:.1em .3em;border-radius:4px}
pre{background:var(--panel);padding:10px 12px;border-radius:6px;overflow:auto}
pre code{background:none;padding:0}
table{border-collapse:collapse;width:100%;margin:10px 0;font-size:.88rem}
th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--panel)}
tbody tr:nth-child(even){background:color-mix(in srgb,var(--panel) 55%,transparent)}
td strong{color:var(--accent)}
figure.chart{margin:14px 0 22px;padding:10px;border:1px solid var(--line);border-radius:8px;break-inside:avoid}
figure.chart figcaption{font-size:.8rem;color:var(--muted);margin-top:4px;word-break:break-all}
figure.chart h3{margin:0 0 6px;font-size:1rem}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font:11px system-ui,sans-serif;fill:var(--muted)}
svg.chart .grid{stroke:var(--line);stroke-width:.6}
svg.chart .axisline,svg.chart .tick{stroke:var(--muted);stroke-width:.8}
svg.chart .impact{fill:var(--impact)}
svg.chart .marker line{stroke:var(--muted);stroke-dasharray:3 3;stroke-width:1}
svg.chart .marker.strong line{stroke:#D55E00;stroke-dasharray:none;stroke-width:1.4}
svg.chart .marker text{fill:var(--fg);font-weight:600;font-size:10px}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:.78rem;color:var(--muted);margin-top:4px}
.legend-title{font-weight:600;color:var(--fg)}
.legend-item.others{font-style:italic}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
.strip{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:6px;margin:14px 0}
.strip div{border-top:3px solid var(--accent);padding:4px 6px;font-size:.8rem}
.strip b{display:block}
.note{font-size:.82rem;color:var(--muted)}
footer{margin-top:40px;font-size:.78rem;color:var(--muted);border-top:1px solid var(--line);padding-top:10px}
@page{size:A4;margin:16mm 14mm}
@media print{html{font-size:10pt;line-height:1.4;background:#fff;color:#000}main{max-width:none;padding:0}nav.toc{display:none}
table{font-size:8.5pt}th,td{padding:3px 5px}pre{font-size:7.5pt;white-space:pre-wrap;word-break:break-all}section.pm{margin-top:16px}
header.report{padding-bottom:10px;margin-bottom:12px}figure.chart{margin:8px 0 12px;padding:6px}
section.pm.break{break-before:page}table,figure{break-inside:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}
.badge.sev{print-color-adjust:exact;-webkit-print-color-adjust:exact}svg.chart .impact{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
`;

/**
 * The web app's one stylesheet, served as `/static/web.css`. System fonts, text contrast at least 4.5:1 (WCAG AA),
 * a visible focus ring, layouts that fold to one column at phone width, and print rules for the weekly review.
 */
export const WEB_CSS = `
:root{--fg:#1b1b1b;--muted:#4a4a4a;--bg:#fff;--line:#c9c9c9;--soft:#f3f4f6;--link:#0b50b8;--accent:#0b50b8;
--ok:#1e6b34;--warn:#8a4b00;--bad:#a4161a;--focus:#ffbf47}
*{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
a{color:var(--link)}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--fg)}
.skip{position:absolute;left:-999px;top:0;background:var(--fg);color:#fff;padding:.5rem 1rem;z-index:9}
.skip:focus{left:0}
header.site{background:#14213d;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;align-items:center}
header.site a{color:#fff;text-decoration:none;padding:.25rem 0}
header.site a[aria-current=page]{border-bottom:3px solid var(--focus)}
header.site .brand{font-weight:700;font-size:1.1rem;margin-right:.5rem}
header.site nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
header.site .who{margin-left:auto;font-size:.9rem}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem;line-height:1.25}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600}
.table-wrap{overflow-x:auto}
.muted{color:var(--muted)}.small{font-size:.875rem}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.8rem;border:1px solid currentColor;white-space:nowrap}
.badge.bad{color:var(--bad)}.badge.warn{color:var(--warn)}.badge.ok{color:var(--ok)}
.badge.private{color:#5b2a86}
form.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem 1rem;align-items:end;
background:var(--soft);padding:.75rem;border-radius:6px;margin-bottom:1rem}
label{display:block;font-weight:600;font-size:.9rem}
input,select,textarea,button{font:inherit;color:inherit}
input[type=text],input[type=search],input[type=date],input[type=email],select,textarea{width:100%;padding:.35rem .45rem;
border:1px solid #767676;border-radius:4px;background:#fff}
button,.button{display:inline-block;padding:.4rem .9rem;border:1px solid var(--accent);border-radius:4px;background:var(--accent);
color:#fff;cursor:pointer;text-decoration:none;font-weight:600}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--bad);border-color:var(--bad)}
.actions-row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
.snippet{font-size:.9rem;color:var(--muted)}.snippet mark{background:#fff2a8;color:var(--fg)}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.kpis{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0 1rem}
.kpi{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;min-width:9rem}
.kpi b{display:block;font-size:1.3rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
figure{margin:1rem 0;overflow-x:auto}main svg{max-width:100%;height:auto}
pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
code{overflow-wrap:anywhere}dd{margin-left:1rem}
pre{background:var(--soft);padding:.5rem;overflow-x:auto}
.event pre,.card pre{white-space:pre-wrap;word-break:break-word;overflow:visible}
.lines{width:100%;border-collapse:collapse;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82rem}
.lines td{border:0;padding:0 .5rem;white-space:pre-wrap;word-break:break-all}
.lines td.n{text-align:right;color:var(--muted);width:5rem;user-select:none;white-space:nowrap}
.lines tr.target{background:#fff2a8;outline:2px solid var(--warn)}
.lines tr.hit td.t{background:#e8f0fe}
.event{font-size:.9rem}
.editor{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.editor textarea{min-height:22rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88rem}
.preview{border:1px solid var(--line);border-radius:4px;padding:.5rem .75rem;min-height:22rem;overflow:auto}
.findings li{margin:.25rem 0}
.sev-error{color:var(--bad)}.sev-warning{color:var(--warn)}.sev-info{color:var(--muted)}
.notice{border-left:4px solid var(--accent);background:#eef3fc;padding:.5rem .75rem;margin:.75rem 0}
.notice.bad{border-color:var(--bad);background:#fdecec}.notice.ok{border-color:var(--ok);background:#e9f6ec}
.steps{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;padding:0;margin:.5rem 0}
.steps li{padding:.2rem .7rem;border:1px solid var(--line);border-radius:1rem;font-size:.9rem}
.steps li[aria-current=step]{background:var(--accent);color:#fff;border-color:var(--accent)}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:720px){
  main{padding:.75rem}.grid2,.editor{grid-template-columns:1fr}
  table.stack thead{position:absolute;left:-9999px}
  table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}
  table.stack td{display:block;border:0;padding:.1rem 0}
  table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
  header.site .who{margin-left:0}
}
@media print{
  header.site,.no-print,form.filters,.pager,.skip{display:none!important}
  main{max-width:none;padding:0}a{color:inherit;text-decoration:none}
  table{font-size:10pt}tr{break-inside:avoid}h2{break-after:avoid}
  .badge{border:1px solid #000;color:#000}
}
`;

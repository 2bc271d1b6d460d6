export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

// Only web links become anchors; anything else (javascript:, data:) is shown as text.
export function safeLink(url: string | null, label: string): string {
  if (url && /^https?:\/\//i.test(url)) return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
  return escapeHtml(label);
}

const STYLES = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
.sandbox-banner{background:#fff8c5;border-bottom:1px solid #d4a72c;padding:8px 16px;font-weight:600}
main{max-width:1100px;margin:0 auto;padding:16px}
a{color:#0969da}
h1{font-size:1.6rem;margin:8px 0}
.muted{color:#59636e}
.state{display:inline-block;border-radius:2em;padding:4px 12px;color:#fff;font-weight:600;margin-right:8px}
.state-open{background:#1f883d}.state-closed{background:#cf222e}.state-merged{background:#8250df}
section{border:1px solid #d1d9e0;border-radius:6px;margin:16px 0;padding:12px 16px}
section h2{font-size:1.1rem;margin:0 0 8px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:8px;border-radius:6px;margin:4px 0}
pre.diff{white-space:pre;overflow-x:auto;padding:0}
pre.diff span{display:block;padding:0 8px}
.add{background:#dafbe1}.del{background:#ffebe9}.hunk{background:#ddf4ff;color:#59636e}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d1d9e0;padding:6px;text-align:left;vertical-align:top}
.alert{border:1px solid #cf222e;background:#ffebe9;padding:8px 12px;border-radius:6px}
.notice{border:1px solid #1f883d;background:#dafbe1;padding:8px 12px;border-radius:6px}
form.actions{display:grid;gap:8px;max-width:640px}
form.actions .buttons{display:flex;flex-wrap:wrap;gap:8px}
button{padding:6px 14px;border-radius:6px;border:1px solid #d1d9e0;background:#f6f8fa;font-weight:600;cursor:pointer}
button.primary{background:#1f883d;color:#fff;border-color:#1a7f37}
button.danger{color:#cf222e}
button:disabled{opacity:.5;cursor:not-allowed}
textarea{min-height:80px;font:inherit}
`;

export function renderLayout(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Simulated GitHub</title>
<style>${STYLES}</style>
</head>
<body>
<header class="sandbox-banner">Simulated GitHub (sandbox): nothing here reaches github.com.</header>
<main>
${content}
</main>
</body>
</html>
`;
}

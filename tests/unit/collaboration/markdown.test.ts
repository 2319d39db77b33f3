import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '@/app/components/collaboration/markdown';

describe('comment Markdown', () => {
  it('highlights @mentions in prose, never inside code or an email address', () => {
    const html = renderMarkdown('Thanks @ada.lovelace, see `@not.a.mention` and mail me at grace@example.com');
    expect(html).toContain('<span class="mention">@ada.lovelace</span>');
    expect(html).toContain('<code>@not.a.mention</code>');
    expect(html).toContain('grace@example.com');
    expect(html.match(/class="mention"/g)).toHaveLength(1);
  });

  it('links a mention of a teammate to their runs, and leaves other handles as text', () => {
    const html = renderMarkdown('@ada.lovelace and @nobody', { mentionHref: (h) => (h === 'ada.lovelace' ? '/t/lab/runs?user=42' : null) });
    expect(html).toContain('<a class="mention" href="/t/lab/runs?user=42">@ada.lovelace</a>');
    expect(html).toContain('<span class="mention">@nobody</span>');
    expect(renderMarkdown('@x', { mentionHref: () => 'javascript:alert(1)' })).toBe('<p><span class="mention">@x</span></p>\n');
  });

  it('still escapes raw HTML in text, and renders tables', () => {
    expect(renderMarkdown('<script>alert(1)</script> @bob')).toContain('&lt;script&gt;alert(1)&lt;/script&gt; <span class="mention">@bob</span>');
    expect(renderMarkdown('| lr | acc |\n|---|---|\n| 1e-3 | 0.94 |')).toMatch(/<table>[\s\S]*<td>1e-3<\/td>/);
  });
});

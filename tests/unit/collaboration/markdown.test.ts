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

  it('still escapes raw HTML in text, and renders tables', () => {
    expect(renderMarkdown('<script>alert(1)</script> @bob')).toContain('&lt;script&gt;alert(1)&lt;/script&gt; <span class="mention">@bob</span>');
    expect(renderMarkdown('| lr | acc |\n|---|---|\n| 1e-3 | 0.94 |')).toMatch(/<table>[\s\S]*<td>1e-3<\/td>/);
  });
});

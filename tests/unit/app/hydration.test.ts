import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Button } from '@/app/components/ui/button';

describe('typed input survives until the page is hydrated', () => {
  it('renders submit buttons disabled in the server HTML, so nothing submits natively before the form handler exists', () => {
    const html = renderToString(createElement(Button, { type: 'submit' }, 'Create account'));
    expect(html).toMatch(/<button[^>]*\sdisabled=""/);
    // Other buttons (no form to lose) are not held back.
    expect(renderToString(createElement(Button, { type: 'button' }, 'Copy'))).not.toMatch(/<button[^>]*\sdisabled=""/);
  });
});

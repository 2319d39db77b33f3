import MarkdownIt from 'markdown-it';

/**
 * Comments and notes are stored byte for byte and rendered here, in the browser. Safety comes
 * from configuration, not from sanitizing output:
 * - `html: false` escapes every raw tag (`<script>`, `<img onerror>`) into text;
 * - `validateLink` refuses every URL that is not http(s), mailto or relative, so neither a link
 *   nor an autolink can carry `javascript:`, `data:` or `vbscript:`;
 * - images are not rendered at all (their Markdown stays visible as text): a comment can't make
 *   every reader's browser fetch a third-party URL, and there is no `src` to abuse.
 */
const SAFE_PROTOCOL = /^(https?:|mailto:)/i;
const ANY_PROTOCOL = /^[a-z][a-z0-9+.-]*:/i;

export function isSafeLink(url: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (SAFE_PROTOCOL.test(compact)) return true;
  // Relative URLs ("/t/lab/runs/…", "#x", "?a") have no scheme; "//host" is protocol-relative http(s).
  return !ANY_PROTOCOL.test(compact);
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.validateLink = isSafeLink;
md.disable(['image']);

// Links open in a new tab without giving that tab a handle on this one.
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// @mentions stand out in prose (the server's rule, server/domain/collaboration/mentions.ts; code spans
// and blocks are other token types, so a mention inside code stays code).
const MENTION = /(?<![\w@.+-])@([\p{L}\p{N}._+-]+)/gu;

export interface RenderOptions {
  /** Where a mention of a teammate leads (their runs); null for a handle that is no teammate. */
  mentionHref?: (handle: string) => string | null;
}

md.renderer.rules.text = (tokens, idx, _options, env: RenderOptions) =>
  md.utils.escapeHtml(tokens[idx]!.content).replace(MENTION, (_m, handle: string) => {
    const href = env?.mentionHref?.(handle.toLowerCase());
    return href && isSafeLink(href) ? `<a class="mention" href="${md.utils.escapeHtml(href)}">@${handle}</a>` : `<span class="mention">@${handle}</span>`;
  });

export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  return md.render(source, options);
}

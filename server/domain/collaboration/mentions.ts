import 'server-only';
// Pure: parsing and resolving @mentions against a team's member list.

export interface MentionCandidate {
  userId: string;
  name: string;
  email: string;
}

/**
 * `@token`s outside code: "@ada", "@ada.lovelace", "@ada-lovelace". Not the middle of an
 * email address ("bob@example.com"), and trailing punctuation ("thanks @ada.") is dropped.
 */
export function extractMentionTokens(markdown: string): string[] {
  const prose = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, ' ')
    .replace(/`[^`\n]*`/g, ' ');
  const tokens = new Set<string>();
  for (const match of prose.matchAll(/(?<![\w@.+-])@([\p{L}\p{N}._+-]+)/gu)) {
    const token = match[1]!.replace(/[._+-]+$/, '').toLowerCase();
    if (token) tokens.add(token);
  }
  return [...tokens];
}

/** Ways a member can be named: the email's local part, and the name with spaces removed or joined by . - _ */
function handlesOf(member: MentionCandidate): Set<string> {
  const handles = new Set<string>();
  const local = member.email.split('@')[0]?.toLowerCase();
  if (local) handles.add(local);
  const words = member.name.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length) for (const joiner of ['', '.', '-', '_']) handles.add(words.join(joiner));
  return handles;
}

/** The members a body mentions; tokens that name nobody in the team are ignored. */
export function resolveMentions(markdown: string, members: readonly MentionCandidate[]): string[] {
  const tokens = extractMentionTokens(markdown);
  if (!tokens.length) return [];
  const mentioned = new Set<string>();
  for (const member of members) {
    const handles = handlesOf(member);
    if (tokens.some((t) => handles.has(t))) mentioned.add(member.userId);
  }
  return [...mentioned];
}

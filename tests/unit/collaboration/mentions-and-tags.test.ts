import { describe, expect, it } from 'vitest';
import { extractMentionTokens, resolveMentions } from '@/server/domain/collaboration/mentions';
import { normalizeTags } from '@/server/domain/collaboration/tags';

const members = [
  { userId: 'u-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
  { userId: 'u-alan', name: 'Alan', email: 'a.turing@example.com' },
];

describe('@mentions', () => {
  it('finds tokens, drops trailing punctuation, skips emails and code', () => {
    expect(extractMentionTokens('thanks @Ada. and @a.turing, mail bob@example.com')).toEqual(['ada', 'a.turing']);
    expect(extractMentionTokens('`@ada` and\n```\n@alan\n```\n')).toEqual([]);
  });

  it('resolves by email local part or by name, ignoring people not in the team', () => {
    expect(resolveMentions('@ada-lovelace and @a.turing', members).sort()).toEqual(['u-ada', 'u-alan']);
    expect(resolveMentions('@adalovelace @ada.lovelace', members)).toEqual(['u-ada']);
    expect(resolveMentions('@grace @alan', members)).toEqual(['u-alan']);
    expect(resolveMentions('no mentions', members)).toEqual([]);
  });
});

describe('tags', () => {
  it('trims, de-duplicates and sorts valid tags', () => {
    expect(normalizeTags([' baseline', 'lr-0.01', 'baseline', 'a_b'])).toEqual({ ok: true, tags: ['a_b', 'baseline', 'lr-0.01'] });
    expect(normalizeTags([])).toEqual({ ok: true, tags: [] });
  });

  it('refuses uppercase, spaces, empty and long tags, and more than 20, naming the problem', () => {
    expect(normalizeTags(['Baseline'])).toMatchObject({ ok: false, message: expect.stringMatching(/"Baseline".*try "baseline"/) });
    expect(normalizeTags(['two words'])).toMatchObject({ ok: false });
    expect(normalizeTags(['  '])).toMatchObject({ ok: false, message: expect.stringMatching(/at least one character/) });
    expect(normalizeTags(['x'.repeat(33)])).toMatchObject({ ok: false, message: expect.stringMatching(/32/) });
    expect(normalizeTags(['x'.repeat(32)])).toMatchObject({ ok: true });
    expect(normalizeTags(Array.from({ length: 21 }, (_, i) => `t${i}`))).toMatchObject({ ok: false, message: expect.stringMatching(/at most 20/) });
  });
});

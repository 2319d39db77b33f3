import { describe, expect, it } from 'vitest';
import { can, mayChangeRun } from '@/server/shared/auth/permissions';
import { sameOriginPath, sameOriginRedirect } from '@/server/auth/redirects';

describe('who may change a run', () => {
  const author = 'a0000000-0000-4000-8000-000000000001';
  const other = 'b0000000-0000-4000-8000-000000000002';
  it('is its author or an admin or owner of the team', () => {
    expect(mayChangeRun({ userId: author, role: 'member' }, author)).toBe(true);
    expect(mayChangeRun({ userId: other, role: 'member' }, author)).toBe(false);
    expect(mayChangeRun({ userId: other, role: 'admin' }, author)).toBe(true);
    expect(mayChangeRun({ userId: other, role: 'owner' }, author)).toBe(true);
    // A run whose author left the team (createdBy null) is the admins' to change.
    expect(mayChangeRun({ userId: other, role: 'member' }, null)).toBe(false);
    expect(mayChangeRun({ userId: undefined, role: 'member' }, undefined)).toBe(false);
    expect(mayChangeRun({ userId: author, role: null }, author)).toBe(false);
  });
  it('still needs the action’s own permission: a viewer who launched nothing cancels nothing', () => {
    expect(can('viewer', 'run.create')).toBe(false);
  });
});

describe('redirects after sign-in stay on this origin', () => {
  it('keeps paths, queries and fragments', () => {
    expect(sameOriginPath('/t/lab/runs?status=failed#top')).toBe('/t/lab/runs?status=failed#top');
    expect(sameOriginPath(undefined)).toBe('/');
  });
  it('refuses every form a browser reads as another host', () => {
    for (const url of ['//evil.example/x', '/\\evil.example/x', '/\\127.0.0.1:3399/x', '/\t/evil.example', '/%09/evil.example', 'https://evil.example', 'javascript:alert(1)', 'evil.example', '/\u0000/x']) {
      const path = sameOriginPath(url);
      expect(new URL(path, 'http://holdout.test').origin, url).toBe('http://holdout.test');
    }
    expect(sameOriginPath('//evil.example/x')).toBe('/');
  });
  it('lets next-auth redirect within the app only', () => {
    expect(sameOriginRedirect('/t/lab', 'http://localhost:3000')).toBe('http://localhost:3000/t/lab');
    expect(sameOriginRedirect('http://localhost:3000/t/lab?x=1', 'http://localhost:3000')).toBe('http://localhost:3000/t/lab?x=1');
    expect(sameOriginRedirect('http://localhost:3399/x', 'http://localhost:3000')).toBe('http://localhost:3000/');
    expect(sameOriginRedirect('/\\evil.example', 'http://localhost:3000')).toBe('http://localhost:3000/');
  });
});

import { describe, expect, it } from 'vitest';
import { groupNotifications, groupSentence } from '@/app/components/notifications/group';
import type { NotificationRow } from '@/app/components/notifications/notification-item';

const at = (minutesAgo: number) => new Date(Date.UTC(2026, 11, 8, 12, 0) - minutesAgo * 60_000);
let id = 0;
const note = (kind: string, minutesAgo: number, extra: Partial<NotificationRow> = {}): NotificationRow =>
  ({ id: String(++id), kind, teamId: 't', teamSlug: 'lab', teamName: 'Lab', runId: `r${id}`, runNumber: id, actorName: 'Ada', payload: {}, readAt: null, createdAt: at(minutesAgo), ...extra }) as unknown as NotificationRow;

describe('grouping my run-finished notifications', () => {
  it('folds three or more outcomes close together into one line, keeping mentions and reviews apart', () => {
    const items = [note('run.succeeded', 1), note('run.failed', 2), note('mention', 3), note('run.succeeded', 4), note('run.succeeded', 5), note('run.failed', 6), note('run.succeeded', 7)];
    const entries = groupNotifications(items);
    expect(entries.map((e) => (e.kind === 'one' ? e.notification.kind : `group of ${e.notifications.length}`))).toEqual(['run.succeeded', 'run.failed', 'mention', 'group of 4']);
    const group = entries[3]!;
    expect(group.kind === 'runs' && groupSentence(group.notifications)).toBe('4 of your runs finished (3 succeeded, 1 failed)');
  });

  it('does not group across an hour, across read and unread, or across teams', () => {
    expect(groupNotifications([note('run.succeeded', 0), note('run.succeeded', 30), note('run.succeeded', 90)]).every((e) => e.kind === 'one')).toBe(true);
    expect(groupNotifications([note('run.succeeded', 0), note('run.succeeded', 1, { readAt: at(0) }), note('run.succeeded', 2)]).every((e) => e.kind === 'one')).toBe(true);
    expect(groupNotifications([note('run.succeeded', 0), note('run.succeeded', 1, { teamId: 'u' }), note('run.succeeded', 2)]).every((e) => e.kind === 'one')).toBe(true);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLease, leaderAtWork, podState } from '../../src/run/workloads.js';

describe('run in-cluster: waiting for the controller manager to lead', () => {
  const held = { holder: 'cm-7f8b9-abcde_0f3e', renewTime: '2026-01-01T10:00:00.000000Z' };

  it('counts a Lease as led only once it is held and written during the wait', () => {
    assert.equal(leaderAtWork(undefined, undefined), false, 'no Lease');
    assert.equal(leaderAtWork(undefined, held), true, 'created and taken during the wait');
    assert.equal(leaderAtWork(held, held), false, 'a Lease nobody renews, however recent it looks');
    assert.equal(leaderAtWork(held, { ...held, renewTime: '2026-01-01T10:00:02.000000Z' }), true, 'renewed');
    assert.equal(leaderAtWork(held, { holder: 'cm-other_1', renewTime: held.renewTime }), true, 'taken over');
    assert.equal(leaderAtWork(held, { holder: '', renewTime: '2026-01-01T10:00:02.000000Z' }), false, 'released');
  });

  it('says what the Lease shows', () => {
    assert.equal(describeLease('zoo-cm', undefined, undefined), 'no Lease zoo-cm yet: no controller manager has started');
    assert.equal(describeLease('zoo-cm', held, { holder: '', renewTime: '' }), 'the Lease zoo-cm has no holder');
    assert.equal(
      describeLease('zoo-cm', held, held),
      `the Lease zoo-cm names ${held.holder}, last renewed ${held.renewTime}, and has not been renewed since this wait began`,
    );
    assert.equal(describeLease('zoo-cm', undefined, held), `held by ${held.holder}`);
  });

  it('sums up a pod: phase, scheduling and each container state', () => {
    assert.equal(
      podState({
        metadata: { name: 'p' },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'controller-manager',
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
            },
          ],
        },
      }),
      'Running; controller-manager waiting CrashLoopBackOff: back-off 40s, not ready, 4 restarts',
    );
    assert.equal(
      podState({
        metadata: { name: 'p' },
        status: {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }],
        },
      }),
      'Pending; not scheduled (Unschedulable: 0/3 nodes are available)',
    );
    assert.equal(
      podState({
        metadata: { name: 'p' },
        status: {
          phase: 'Running',
          containerStatuses: [{ name: 'c', ready: true, state: { terminated: { reason: 'Error', exitCode: 1 } } }],
        },
      }),
      'Running; c terminated Error (exit 1), ready, 0 restarts',
    );
  });
});

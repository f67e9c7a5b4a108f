// The systemd sandbox itself (test/support/systemd-sandbox.sh): stopped, it leaves no cgroup behind.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { cgroupTree, findCgroups } from '../support/cgroups.js';
import { waitUntil } from '../support/media.js';
import { SANDBOX_SH, startSandbox, stopAllSandboxes } from '../support/sandbox.js';
import { integrationDescribe } from '../support/tools.js';

integrationDescribe('the systemd sandbox', ['systemd-sandbox'], () => {
  afterAll(stopAllSandboxes);

  it('removes every cgroup it made when stopped, nested ones included, in every hierarchy', async () => {
    const sandbox = await startSandbox();
    const name = path.basename(sandbox.cgroups[0]!);
    const run = await sandbox.exec(['systemd-run', '--user', '--unit=probe', 'sleep', '600']);
    expect(run.exitCode, run.stderr).toBe(0);
    const nested = sandbox.cgroups.flatMap(cgroupTree).filter((d) => d.endsWith('/app.slice/probe.service'));
    expect(nested.length, 'probe.service has a cgroup of its own').toBeGreaterThan(0);

    await sandbox.stop();

    expect(findCgroups(name)).toEqual([]);
  });

  it('kills a process left in its cgroups from outside its namespaces, then removes them', async () => {
    const sandbox = await startSandbox();
    const name = path.basename(sandbox.cgroups[0]!);
    // Like unshare itself: in the sandbox's cgroups, but not in its pid namespace.
    const stray = execa('sleep', ['600'], { reject: false });
    try {
      writeFileSync(path.join(sandbox.cgroups[0]!, 'cgroup.procs'), String(stray.pid));

      await sandbox.stop();

      expect(findCgroups(name)).toEqual([]);
      expect(await waitUntil(() => stray.signalCode, 5_000)).toBe('SIGKILL');
    } finally {
      stray.kill('SIGKILL');
    }
  });

  it('names on stderr a cgroup it cannot remove and why, and a later stop removes it', async () => {
    const sandbox = await startSandbox();
    const name = path.basename(sandbox.cgroups[0]!);
    // A mount point cannot be removed: rmdir says EBUSY, as for a cgroup whose process will not die.
    const busy = path.join(sandbox.cgroups[0]!, 'busy');
    mkdirSync(busy);
    await execa('mount', ['-t', 'tmpfs', 'tmpfs', busy]);
    try {
      const first = await execa('bash', [SANDBOX_SH, 'stop', sandbox.dir], { reject: false });
      expect(first.exitCode).toBe(1);
      expect(first.stderr).toContain(`systemd sandbox: could not remove cgroup ${busy}: Device or resource busy; processes inside: none visible from here`);
      expect(first.stderr).toContain(`could not remove cgroup ${sandbox.cgroups[0]}: a child cgroup is left`);
    } finally {
      await execa('umount', [busy]);
    }

    await sandbox.stop();

    expect(findCgroups(name)).toEqual([]);
  });
});

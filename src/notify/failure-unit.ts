// Pure: the unit that tells Telegram when a job unit fails. For the unit generator (units.ts):
// add ON_FAILURE to the [Unit] section of cams-merge.service and cams-clean.service, and write
// FAILURE_UNIT with the text of renderFailureUnit, when notify.telegram is configured.
import { commandLine, renderUnit, SECRETS_FILE, type Directive } from '../systemd/unit-text.js';

export const FAILURE_UNIT = 'cams-notify-failure@.service';
// %n is the failing unit's full name: it becomes the instance, e.g. cams-notify-failure@cams-merge.service.service.
export const ON_FAILURE: Directive = ['OnFailure', 'cams-notify-failure@%n.service'];

export interface FailureUnitOptions {
  flavour: 'system' | 'user';
  nodePath: string;
  entryPath: string;
  configPath: string;
  serviceUser: string; // system flavour
}

// The text of cams-notify-failure@.service.
export function renderFailureUnit(o: FailureUnitOptions): string {
  const system = o.flavour === 'system';
  const words = [o.nodePath, o.entryPath, 'notify-failure', { raw: '%i' }, ...(system ? [] : ['--user']), '-c', o.configPath];
  return renderUnit({
    comment: `${FAILURE_UNIT}: sends a Telegram message with the last log lines of a failed cams-manager job (OnFailure=).`,
    sections: [
      ['Unit', [['Description', 'cams-manager: notify that %i failed']]],
      ['Service', [
        ['Type', 'oneshot'],
        ['EnvironmentFile', `-${SECRETS_FILE}`],
        ['ExecStart', commandLine(words)],
        ['SyslogIdentifier', 'cams-notify-failure'],
        ['TimeoutStartSec', '2min'],
        system ? ['User', o.serviceUser] : null,
        system ? ['Group', o.serviceUser] : null,
        system ? ['SupplementaryGroups', 'systemd-journal'] : null, // to read the failed unit's journal
        system ? ['ProtectSystem', 'strict'] : null,
        system ? ['ProtectHome', 'read-only'] : null,
        system ? ['PrivateTmp', 'yes'] : null,
        ['NoNewPrivileges', 'yes'],
        ['RestrictAddressFamilies', 'AF_UNIX AF_INET AF_INET6'],
      ]],
    ],
  });
}
